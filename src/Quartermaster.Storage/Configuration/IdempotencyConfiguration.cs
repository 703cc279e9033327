using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Storage.Idempotency;

namespace Quartermaster.Storage.Configuration;

public sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public const int MaxKeyLength = 200;

    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("idempotency_records");
        b.HasKey(r => new { r.Actor, r.Key });
        b.Property(r => r.Actor).HasMaxLength(200);
        b.Property(r => r.Key).HasMaxLength(MaxKeyLength);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.ContentType).HasMaxLength(200);
        b.HasIndex(r => r.CreatedAt);
    }
}
