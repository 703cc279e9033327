using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Logistics;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;

namespace Quartermaster.Storage.Configuration;

public sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.ToTable("shipments");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Reference).IsUnique();
        b.HasIndex(e => new { e.DonorCode, e.State });
        b.HasIndex(e => new { e.HubCode, e.HubWeek });
        b.HasOne<Nation>().WithMany().HasForeignKey(e => e.DonorCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Hub>().WithMany().HasForeignKey(e => e.HubCode).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Reference).HasMaxLength(40);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.HubCode).HasMaxLength(20);
        b.Property(e => e.Destination).HasMaxLength(120);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Legs).AsJson();
        b.Property(e => e.Tonnes).HasPrecision(18, 4);
        b.Property(e => e.CancelReason).HasMaxLength(500);
        b.Property(e => e.CapacityOverride).HasMaxLength(1000);
        b.Property(e => e.CreatedBy).HasMaxLength(200);
        b.Ignore(e => e.IsOpen);
        b.Versioned();
    }
}

public sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    public void Configure(EntityTypeBuilder<ShipmentLine> b)
    {
        b.ToTable("shipment_lines");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.ShipmentId, e.LineNumber }).IsUnique();
        b.HasIndex(e => e.AllocationId);
        b.HasIndex(e => e.OfferId);
        b.HasIndex(e => e.RequirementId);
        b.HasOne<Shipment>().WithMany().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Allocation>().WithMany().HasForeignKey(e => e.AllocationId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Offer>().WithMany().HasForeignKey(e => e.OfferId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.ProductionOrderId);
        b.HasOne<Domain.Industry.ProductionOrder>().WithMany().HasForeignKey(e => e.ProductionOrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.Tracking).HasConversion<string>().HasMaxLength(10);
        b.Property(e => e.UnitWeightKg).HasPrecision(18, 4);
        b.Ignore(e => e.Open);
        b.Ignore(e => e.Balanced);
        b.Ignore(e => e.Tonnes);
        b.Ignore(e => e.Taken);
        b.Versioned();
    }
}

public sealed class ShipmentSerialConfiguration : IEntityTypeConfiguration<ShipmentSerial>
{
    public void Configure(EntityTypeBuilder<ShipmentSerial> b)
    {
        b.ToTable("shipment_serials");
        b.HasKey(e => e.Id);
        // One serial per item across the whole system.
        b.HasIndex(e => new { e.ItemId, e.Serial }).IsUnique();
        b.HasIndex(e => new { e.LineId, e.Status });
        b.HasIndex(e => e.ShipmentId);
        b.HasOne<ShipmentLine>().WithMany().HasForeignKey(e => e.LineId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.Serial).HasMaxLength(Identification.MaxSerialLength);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(10);
        b.Versioned();
    }
}

public sealed class ShipmentLotConfiguration : IEntityTypeConfiguration<ShipmentLot>
{
    public void Configure(EntityTypeBuilder<ShipmentLot> b)
    {
        b.ToTable("shipment_lots");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.LineId, e.Lot }).IsUnique();
        b.HasIndex(e => e.ShipmentId);
        b.HasOne<ShipmentLine>().WithMany().HasForeignKey(e => e.LineId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.Lot).HasMaxLength(Identification.MaxSerialLength);
        b.Versioned();
    }
}

public sealed class ReceiptConfiguration : IEntityTypeConfiguration<Receipt>
{
    public void Configure(EntityTypeBuilder<Receipt> b)
    {
        b.ToTable("receipts");
        b.HasKey(e => e.Id);
        // The client-chosen number makes posting idempotent.
        b.HasIndex(e => e.Number).IsUnique();
        b.HasIndex(e => e.ShipmentId);
        b.HasOne<Shipment>().WithMany().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Number).HasMaxLength(80);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.SignedBy).HasMaxLength(200);
        b.Property(e => e.ReceivingUnit).HasMaxLength(120);
        b.Property(e => e.Lines).AsJson();
        b.Property(e => e.ContentHash).HasMaxLength(64);
        b.Property(e => e.Posted).AsJson();
        b.Property(e => e.PostedHash).HasMaxLength(64);
        b.Property(e => e.CorrectionReason).HasMaxLength(1000);
        b.Property(e => e.RecordedBy).HasMaxLength(200);
        b.Ignore(e => e.IsReversal);
        b.Versioned();
    }
}

public sealed class DiscrepancyConfiguration : IEntityTypeConfiguration<Discrepancy>
{
    public void Configure(EntityTypeBuilder<Discrepancy> b)
    {
        b.ToTable("discrepancies");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.State, e.DonorCode });
        b.HasIndex(e => e.ShipmentId);
        b.HasIndex(e => e.ReceiptId);
        b.HasOne<Shipment>().WithMany().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Receipt>().WithMany().HasForeignKey(e => e.ReceiptId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.DonorCode).HasMaxLength(3);
        b.Property(e => e.PaidBy).HasMaxLength(400);
        b.Property(e => e.Code).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Serials).AsJson();
        b.Property(e => e.ChargedTo).HasMaxLength(120);
        b.Property(e => e.ChargedKind).HasConversion<string>().HasMaxLength(10);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Resolution).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.ClosedBy).HasMaxLength(200);
        b.Ignore(e => e.IsClosed);
        b.Versioned();
    }
}
