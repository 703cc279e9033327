using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Accountability;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;

namespace Quartermaster.Storage.Configuration;

public sealed class CustodyRecordConfiguration : IEntityTypeConfiguration<CustodyRecord>
{
    public void Configure(EntityTypeBuilder<CustodyRecord> b)
    {
        b.ToTable("custody_records");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.ItemId, e.Serial }).IsUnique();
        b.HasIndex(e => e.Serial);
        // The delinquency list: due dates past today, most overdue first.
        b.HasIndex(e => new { e.NextInventoryDue, e.Serial });
        b.HasIndex(e => new { e.HolderUnit, e.Status });
        b.HasIndex(e => new { e.DonorCode, e.ItemId, e.Status });
        b.HasIndex(e => e.ReceiptId);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Receipt>().WithMany().HasForeignKey(e => e.ReceiptId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Serial).HasMaxLength(Identification.MaxSerialLength);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.HolderUnit).HasMaxLength(120);
        b.Property(e => e.Location).HasMaxLength(120);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(e => e.PreviousStatus).HasConversion<string>().HasMaxLength(12);
        b.Property(e => e.UnitValueEur).Money();
        b.Ignore(e => e.Held);
        b.Versioned();
    }
}

public sealed class CustodyEventConfiguration : IEntityTypeConfiguration<CustodyEvent>
{
    public void Configure(EntityTypeBuilder<CustodyEvent> b)
    {
        b.ToTable("custody_events");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.CustodyId, e.At });
        b.HasOne<CustodyRecord>().WithMany().HasForeignKey(e => e.CustodyId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.HolderUnit).HasMaxLength(120);
        b.Property(e => e.Location).HasMaxLength(120);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(12);
        b.Property(e => e.Evidence).HasMaxLength(2000);
        b.Property(e => e.EnteredBy).HasMaxLength(200);
        b.Versioned();
    }
}

public sealed class InventoryConfiguration : IEntityTypeConfiguration<Inventory>
{
    public void Configure(EntityTypeBuilder<Inventory> b)
    {
        b.ToTable("inventories");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Number).IsUnique();
        b.HasIndex(e => new { e.Unit, e.TakenAt });
        b.Property(e => e.Number).HasMaxLength(80);
        b.Property(e => e.Unit).HasMaxLength(120);
        b.Property(e => e.PostedBy).HasMaxLength(200);
        b.Property(e => e.ExpectedNotFound).AsJson();
        b.Property(e => e.PostedHash).HasMaxLength(64);
        b.Versioned();
    }
}
