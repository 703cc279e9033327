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

public sealed class NationConfiguration : IEntityTypeConfiguration<Nation>
{
    public void Configure(EntityTypeBuilder<Nation> b)
    {
        b.ToTable("nations");
        b.HasKey(e => e.Code);
        b.Property(e => e.Code).HasMaxLength(3);
        b.Property(e => e.Name).HasMaxLength(120);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Policy).AsJson();
        b.Versioned();
    }
}
