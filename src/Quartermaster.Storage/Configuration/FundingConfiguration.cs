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

public sealed class FundingPledgeConfiguration : IEntityTypeConfiguration<FundingPledge>
{
    public void Configure(EntityTypeBuilder<FundingPledge> b)
    {
        b.ToTable("funding_pledges", t =>
        {
            t.HasCheckConstraint("ck_funding_amount_positive", "\"Amount\" > 0");
            t.HasCheckConstraint("ck_funding_currency_code", "length(\"Currency\") = 3");
        });
        b.HasKey(e => e.Id);
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.DonorCode).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.Pool).HasMaxLength(120);
        b.HasIndex(e => e.PoolId);
        b.HasOne<FundingPool>().WithMany().HasForeignKey(e => e.PoolId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.ForbiddenCategories).HasMaxLength(1000);
        b.Property(e => e.EarmarkCoalition).HasMaxLength(40);
        b.HasOne<Domain.Catalogue.CatalogueItem>().WithMany().HasForeignKey(e => e.EarmarkItemId).OnDelete(DeleteBehavior.Restrict);
        b.Ignore(e => e.ForbiddenCategoryList);
        b.Property(e => e.Amount).Money();
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Releasable();
        b.Ignore(e => e.Money);
        b.Versioned();
    }
}

public sealed class FundingPoolConfiguration : IEntityTypeConfiguration<FundingPool>
{
    public void Configure(EntityTypeBuilder<FundingPool> b)
    {
        b.ToTable("funding_pools");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Code).HasMaxLength(60);
        b.Property(e => e.Name).HasMaxLength(120);
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.Purpose).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Description).HasMaxLength(2000);
        b.Versioned();
    }
}

/// <summary>A funded package: its lines, contributions and attributions are JSON columns, as a production order keeps its schedule and funding.</summary>
public sealed class FundedPackageConfiguration : IEntityTypeConfiguration<FundedPackage>
{
    public void Configure(EntityTypeBuilder<FundedPackage> b)
    {
        b.ToTable("funded_packages", t => t.HasCheckConstraint("ck_funded_package_target_positive", "\"TargetValue\" > 0"));
        b.HasKey(e => e.Id);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Description).HasMaxLength(2000);
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.TargetValue).Money();
        b.Property(e => e.ProducerNation).HasMaxLength(3);
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.ProducerNation).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.ProducerCompanyId);
        b.HasOne<Domain.Industry.Company>().WithMany().HasForeignKey(e => e.ProducerCompanyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.CancelReason).HasMaxLength(500);
        b.Property(e => e.Lines).AsJson().HasMaxLength(200000);
        b.Property(e => e.Contributions).AsJson().HasMaxLength(100000);
        b.Property(e => e.Attributions).AsJson().HasMaxLength(400000);
        b.Ignore(e => e.Value);
        b.Ignore(e => e.HoldsMoney);
        b.Ignore(e => e.Accepted);
        b.Ignore(e => e.Attributed);
        b.Ignore(e => e.Unpaid);
        b.Versioned();
    }
}
