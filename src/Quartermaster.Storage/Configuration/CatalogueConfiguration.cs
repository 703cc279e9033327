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

public sealed class CatalogueItemConfiguration : IEntityTypeConfiguration<CatalogueItem>
{
    public void Configure(EntityTypeBuilder<CatalogueItem> b)
    {
        b.ToTable("catalogue_items");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Code).HasMaxLength(80);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Nsn).HasMaxLength(16);
        b.Property(e => e.SupplyClass).HasMaxLength(4);
        b.Property(e => e.Coalition).HasMaxLength(20);
        b.Property(e => e.ControlEntry).HasMaxLength(20);
        b.Property(e => e.CompatibilityFamily).HasMaxLength(60);
        b.Property(e => e.Tracking).HasConversion<string>().HasMaxLength(10);
        b.Property(e => e.UnitOfIssue).HasMaxLength(10);
        b.Property(e => e.UnitWeightKg).HasPrecision(14, 3);
        b.HasOne<Domain.Training.Course>().WithMany().HasForeignKey(e => e.TrainingCourseId).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}

public sealed class SupplyClassConfiguration : IEntityTypeConfiguration<SupplyClass>
{
    public void Configure(EntityTypeBuilder<SupplyClass> b)
    {
        b.ToTable("supply_classes");
        b.HasKey(e => e.Code);
        b.Property(e => e.Code).HasMaxLength(4);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Versioned();
    }
}
