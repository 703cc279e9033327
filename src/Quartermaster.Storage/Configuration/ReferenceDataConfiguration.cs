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
