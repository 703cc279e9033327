using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Industry;

namespace Quartermaster.Storage.Configuration;

public sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> b)
    {
        b.ToTable("companies");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Code).IsUnique();
        b.HasIndex(e => e.Nation);
        b.Property(e => e.Code).HasMaxLength(60);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Nation).HasMaxLength(3);
        b.Property(e => e.Vetting).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.VettingNote).HasMaxLength(2000);
        b.Ignore(e => e.MaySell);
        b.HasOne<Domain.Nations.Nation>().WithMany().HasForeignKey(e => e.Nation).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}
