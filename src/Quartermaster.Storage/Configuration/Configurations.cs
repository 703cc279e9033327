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

internal static class Json
{
    /// <summary>Stores a small value object as one JSON text column, compared by its JSON.</summary>
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> builder) where T : class
    {
        builder.HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            s => JsonSerializer.Deserialize<T>(s, (JsonSerializerOptions?)null)!,
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, (JsonSerializerOptions?)null) == JsonSerializer.Serialize(b, (JsonSerializerOptions?)null),
                v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null).GetHashCode(),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), (JsonSerializerOptions?)null)!));
        return builder;
    }

    public static void Versioned<T>(this EntityTypeBuilder<T> b) where T : VersionedEntity
    {
        b.Property(e => e.Version).IsConcurrencyToken();
        b.Ignore(e => e.LedgerKey);
    }

    public static void Releasable<T>(this EntityTypeBuilder<T> b) where T : class, IReleasable
    {
        b.Property(e => e.Releasability).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ReleasedTo).HasMaxLength(1000);
    }

    public static void Money(this PropertyBuilder<decimal> p) => p.HasPrecision(20, 4);

    public static void Money(this PropertyBuilder<decimal?> p) => p.HasPrecision(20, 4);
}

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
        b.Property(e => e.TrainingCourse).HasMaxLength(200);
        b.Property(e => e.Sustainment).HasMaxLength(500);
        b.Versioned();
    }
}

public sealed class RequirementConfiguration : IEntityTypeConfiguration<Requirement>
{
    public void Configure(EntityTypeBuilder<Requirement> b)
    {
        b.ToTable("requirements");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.Period, e.PriorityRank }).IsUnique();
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Period).HasMaxLength(7);
        b.Property(e => e.Destination).HasMaxLength(120);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Substitutes).AsJson();
        b.Versioned();
    }
}

public sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> b)
    {
        b.ToTable("offers");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.DonorCode, e.SourceKey }).IsUnique();
        b.HasIndex(e => e.DonorCode);
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.DonorCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AidPackage>().WithMany().HasForeignKey(e => e.PackageId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.AidType).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Description).HasMaxLength(500);
        b.Property(e => e.Condition).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.OriginDepot).HasMaxLength(120);
        b.Property(e => e.DeclaredValue).Money();
        b.Property(e => e.DeclaredCurrency).HasMaxLength(3);
        b.Property(e => e.ReportedDeliveredValue).Money();
        b.Property(e => e.AnnouncedRaw).HasMaxLength(100);
        b.Property(e => e.TransferConsent).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ConsentFrom).HasMaxLength(3);
        b.Property(e => e.ExportLicence).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.SourceKey).HasMaxLength(200);
        b.Releasable();
        b.Ignore(e => e.Value);
        b.Ignore(e => e.IsCleared);
        b.Ignore(e => e.IsDenied);
        b.Ignore(e => e.QuantityUnallocated);
        b.Versioned();
    }
}

public sealed class AidPackageConfiguration : IEntityTypeConfiguration<AidPackage>
{
    public void Configure(EntityTypeBuilder<AidPackage> b)
    {
        b.ToTable("aid_packages");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.DonorCode, e.Reference }).IsUnique();
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.DonorCode).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Reference).HasMaxLength(60);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.AidType).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.AnnouncedRaw).HasMaxLength(100);
        b.Property(e => e.DeclaredValue).Money();
        b.Property(e => e.DeclaredCurrency).HasMaxLength(3);
        b.Property(e => e.ValueEur).Money();
        b.Property(e => e.SourceValueEur).Money();
        b.Property(e => e.SourceDeliveredEur).Money();
        b.Property(e => e.Explanation).HasMaxLength(4000);
        b.Property(e => e.SourceUrl).HasMaxLength(1000);
        b.Releasable();
        b.Versioned();
    }
}

public sealed class FundingPledgeConfiguration : IEntityTypeConfiguration<FundingPledge>
{
    public void Configure(EntityTypeBuilder<FundingPledge> b)
    {
        b.ToTable("funding_pledges");
        b.HasKey(e => e.Id);
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.DonorCode).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.Pool).HasMaxLength(120);
        b.Property(e => e.Amount).Money();
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Releasable();
        b.Ignore(e => e.Money);
        b.Versioned();
    }
}

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

public sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRateRecord>
{
    public void Configure(EntityTypeBuilder<ExchangeRateRecord> b)
    {
        b.ToTable("exchange_rates");
        b.HasKey(e => new { e.Currency, e.ValidFrom });
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.UnitsPerEur).HasPrecision(20, 8);
        b.Property(e => e.Basis).HasMaxLength(200);
        b.Versioned();
    }
}

public sealed class LedgerEventConfiguration : IEntityTypeConfiguration<LedgerEvent>
{
    public void Configure(EntityTypeBuilder<LedgerEvent> b)
    {
        b.ToTable("ledger_events");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Actor).HasMaxLength(200);
        b.Property(e => e.ActorNation).HasMaxLength(3);
        b.Property(e => e.EventType).HasMaxLength(100);
        b.Property(e => e.EntityType).HasMaxLength(60);
        b.Property(e => e.EntityId).HasMaxLength(200);
        b.Property(e => e.Command).HasMaxLength(500);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.RecordedAt);
    }
}

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

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.UserName).IsUnique();
        b.Property(e => e.UserName).HasMaxLength(64);
        b.Property(e => e.DisplayName).HasMaxLength(120);
        b.Property(e => e.Role).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Nation).HasMaxLength(3);
        b.Property(e => e.Company).HasMaxLength(120);
        b.Property(e => e.PasswordHash).HasMaxLength(1000);
        b.Ignore(e => e.Viewer);
        b.Versioned();
    }
}

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Hash).IsUnique();
        b.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Name).HasMaxLength(120);
        b.Property(e => e.Prefix).HasMaxLength(16);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.Property(e => e.Scope).HasConversion<string>().HasMaxLength(10);
        b.Versioned();
    }
}
