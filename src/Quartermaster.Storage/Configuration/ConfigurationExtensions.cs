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
