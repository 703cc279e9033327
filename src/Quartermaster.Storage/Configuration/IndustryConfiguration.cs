using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Requirements;

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

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products", t => t.HasCheckConstraint("ck_products_price_positive", "\"UnitPrice\" > 0"));
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.CompanyId, e.CatalogueItemId }).IsUnique();
        b.HasIndex(e => e.CatalogueItemId);
        b.Property(e => e.UnitPrice).Money();
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Ignore(e => e.Price);
        b.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.CatalogueItemId).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}

public sealed class ProductionOrderConfiguration : IEntityTypeConfiguration<ProductionOrder>
{
    public void Configure(EntityTypeBuilder<ProductionOrder> b)
    {
        b.ToTable("production_orders");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.CompanyId);
        b.HasIndex(e => e.ProductId);
        b.HasIndex(e => e.RequirementId);
        b.Property(e => e.UnitPrice).Money();
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.CancelReason).HasMaxLength(500);
        b.Property(e => e.Schedule).AsJson().HasMaxLength(20000);
        b.Property(e => e.Funding).AsJson().HasMaxLength(40000);
        b.Property(e => e.Deliveries).AsJson().HasMaxLength(40000);
        b.Ignore(e => e.Value);
        b.Ignore(e => e.HoldsMoney);
        b.Ignore(e => e.FromStock);
        b.Property(e => e.FundedBy).HasMaxLength(4000);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.HasIndex(e => e.PlanId);
        b.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.CatalogueItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Requirement>().WithMany().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}
