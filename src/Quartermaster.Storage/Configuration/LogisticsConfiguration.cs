using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;

namespace Quartermaster.Storage.Configuration;

public sealed class HubConfiguration : IEntityTypeConfiguration<Hub>
{
    public void Configure(EntityTypeBuilder<Hub> b)
    {
        b.ToTable("hubs");
        b.HasKey(e => e.Code);
        b.Property(e => e.Code).HasMaxLength(20);
        b.Property(e => e.Name).HasMaxLength(120);
        b.Property(e => e.NationCode).HasMaxLength(3);
        b.Property(e => e.WeeklyCapacityTonnes).HasPrecision(14, 3);
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.NationCode).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}
