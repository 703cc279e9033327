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

public sealed class AllocationPlanConfiguration : IEntityTypeConfiguration<AllocationPlan>
{
    public void Configure(EntityTypeBuilder<AllocationPlan> b)
    {
        b.ToTable("allocation_plans");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.Period, e.Number }).IsUnique();
        b.Property(e => e.Period).HasMaxLength(7);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.SolveStatus).HasMaxLength(20);
        b.Property(e => e.CreatedBy).HasMaxLength(200);
        b.Property(e => e.ConfirmedBy).HasMaxLength(200);
        b.Versioned();
    }
}

public sealed class AllocationConfiguration : IEntityTypeConfiguration<Allocation>
{
    public void Configure(EntityTypeBuilder<Allocation> b)
    {
        b.ToTable("allocations");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.PlanId);
        b.HasIndex(e => e.OfferId);
        b.HasIndex(e => e.RequirementId);
        b.HasOne<AllocationPlan>().WithMany().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Offer>().WithMany().HasForeignKey(e => e.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Requirement>().WithMany().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Hub>().WithMany().HasForeignKey(e => e.HubCode).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.HubCode).HasMaxLength(20);
        b.Property(e => e.Coverage).HasPrecision(18, 4);
        b.Versioned();
    }
}
