using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Offers;
using Quartermaster.Storage;

namespace Quartermaster.Application.Reports;

/// <summary>One row of the burden-sharing report (long format: one row per donor and aid type).</summary>
public sealed record BurdenSharingRow(string Donor, string DonorName, string DonorStatus, string AidType, decimal AnnouncedEur,
    decimal DeliveredEur, int Packages, int Lines, int LinesUndisclosed, int PackagesWithoutValue, decimal? SourceAnnouncedEur,
    decimal AllocatedEur = 0, decimal ReceivedEur = 0, int LinesWithoutRate = 0,
    decimal? TrackerAnnouncedEur = null, int TrackerPackagesStated = 0, int TrackerPackagesEstimated = 0, int TrackerPackagesUnknown = 0)
{
    /// <summary>Packages Quartermaster's own figure values (a stated amount); the others have no value of ours.</summary>
    public int PackagesStated => Packages - PackagesWithoutValue;
}

public sealed record CoalitionRow(string Coalition, string CoalitionName, decimal AnnouncedEur, decimal DeliveredEur, int Lines, int LinesUndisclosed);

/// <summary>
/// Reports are aggregates over what the viewer may see: the visibility filters apply to them as to every query, so a record
/// not released to a viewer never enters any figure shown to that viewer, and no difference between figures (a donor's
/// row minus its visible lines, one day's total minus the day before's) can reveal it. Announced against delivered, in euros, per donor and aid type. A package's value counts once however many item
/// lines it spans; a line outside any package counts its own value. Our conversions use the stored dated rate table;
/// the source's own euro figure is shown beside ours where the source gave one.
/// </summary>
public sealed class ReportsService(QuartermasterDb db)
{
    public async Task<IReadOnlyList<BurdenSharingRow>> BurdenSharing(CancellationToken ct = default)
    {
        var rates = await new Importing.ExchangeRatesService(db).Table(ct);
        var nations = await db.Nations.AsNoTracking().ToDictionaryAsync(n => n.Code, ct);
        var packages = await db.AidPackages.AsNoTracking().ToListAsync(ct);
        var offers = await db.Offers.AsNoTracking().Where(o => o.Status != OfferStatus.Withdrawn).ToListAsync(ct);
        var rows = new Dictionary<(string, AidType), Acc>();
        Acc At(string donor, AidType type) => rows.TryGetValue((donor, type), out var a) ? a : rows[(donor, type)] = new Acc();

        foreach (var p in packages)
        {
            var acc = At(p.DonorCode, p.AidType);
            acc.Packages++;
            if (p.ValueEur is { } v) acc.Announced += v; else acc.PackagesWithoutValue++;
            acc.Delivered += p.SourceDeliveredEur ?? 0;
            if (p.SourceValueEur is { } s) acc.Source = (acc.Source ?? 0) + s;
            // The tracker's own method (docs/valuation.md), beside ours, with the basis of every package counted.
            switch (p.TrackerBasis)
            {
                case ValuationBasis.Stated: acc.TrackerStated++; break;
                case ValuationBasis.Estimated: acc.TrackerEstimated++; break;
                case ValuationBasis.Unknown: acc.TrackerUnknown++; break;
            }
            if (p.TrackerBasis is not null) acc.Tracker = (acc.Tracker ?? 0) + (p.TrackerValueEur ?? 0);
        }
        foreach (var o in offers)
        {
            var acc = At(o.DonorCode, o.AidType);
            acc.Lines++;
            if (o.QuantityAnnounced is null && o.ItemId is not null) acc.Undisclosed++;
            if (o.PackageId is not null) continue;
            switch (Euros(o, rates))
            {
                case null: acc.WithoutRate++; break;
                case var (eur, delivered):
                    acc.Announced += eur;
                    acc.Delivered += delivered;
                    acc.Allocated += Share(eur, o.QuantityAllocated, o.QuantityAnnounced);
                    acc.Received += Share(eur, o.QuantityDelivered, o.QuantityAnnounced);
                    break;
            }
        }
        return rows.Select(kv =>
            {
                var n = nations.GetValueOrDefault(kv.Key.Item1);
                var a = kv.Value;
                return new BurdenSharingRow(kv.Key.Item1, n?.Name ?? kv.Key.Item1, n?.Status.ToString() ?? "", kv.Key.Item2.ToString().ToLowerInvariant(),
                    a.Announced, a.Delivered, a.Packages, a.Lines, a.Undisclosed, a.PackagesWithoutValue, a.Source, a.Allocated, a.Received, a.WithoutRate,
                    a.Tracker, a.TrackerStated, a.TrackerEstimated, a.TrackerUnknown);
            })
            .OrderByDescending(r => r.AnnouncedEur).ThenBy(r => r.Donor).ThenBy(r => r.AidType).ToList();
    }

    /// <summary>Announced and delivered item-line values by capability coalition (lines with a catalogue item and a stated value).</summary>
    public async Task<IReadOnlyList<CoalitionRow>> ByCoalition(CancellationToken ct = default)
    {
        var rates = await new Importing.ExchangeRatesService(db).Table(ct);
        var items = await db.CatalogueItems.AsNoTracking().Select(i => new { i.Id, i.Coalition }).ToDictionaryAsync(i => i.Id, i => i.Coalition, ct);
        var offers = await db.Offers.AsNoTracking().Where(o => o.ItemId != null && o.Status != OfferStatus.Withdrawn).ToListAsync(ct);
        return offers.GroupBy(o => items.GetValueOrDefault(o.ItemId!.Value) ?? "unknown")
            .Select(g =>
            {
                decimal announced = 0, delivered = 0;
                foreach (var o in g)
                {
                    if (Euros(o, rates) is not var (eur, share)) continue;
                    announced += eur;
                    delivered += share;
                }
                return new CoalitionRow(g.Key, Coalitions.NameOf(g.Key), announced, delivered, g.Count(), g.Count(o => o.QuantityAnnounced is null));
            })
            .OrderByDescending(r => r.AnnouncedEur).ToList();
    }

    /// <summary>
    /// A line's announced and delivered value in euros (zero without a stated value), or null when its stored currency
    /// cannot be converted: such a record (stored before currencies were checked, or edited in the database) is counted
    /// apart and never makes the report fail for everyone.
    /// </summary>
    private static (decimal Announced, decimal Delivered)? Euros(Offer o, ExchangeRateTable rates)
    {
        if (o.DeclaredValue is null || o.DeclaredCurrency is null) return (0, 0);
        try
        {
            return (rates.ToEur(o.Value!.Value, o.AnnouncedOn), DeliveredShare(o, rates));
        }
        catch (DomainException)
        {
            return null;
        }
    }

    /// <summary>
    /// The euro value of what the source (the donor, a tracker) reports as delivered on a line: the reported delivered
    /// value (0 when it gives none). Units received on Quartermaster's own signed receipts are
    /// kept apart (<see cref="BurdenSharingRow.ReceivedEur"/>).
    /// </summary>
    private static decimal DeliveredShare(Offer o, ExchangeRateTable rates)
    {
        if (o.ReportedDeliveredValue is { } reported && o.DeclaredCurrency is { } c)
            return rates.ToEur(new Money(reported, Currency.Parse(c)), o.AnnouncedOn);
        return 0;
    }

    /// <summary>The value of <paramref name="units"/> of a line worth <paramref name="lineEur"/> for <paramref name="announced"/> units.</summary>
    private static decimal Share(decimal lineEur, int units, int? announced)
        => announced is > 0 && units > 0 ? Math.Round(lineEur * units / announced.Value, 2, MidpointRounding.AwayFromZero) : 0;

    private sealed class Acc
    {
        public decimal Announced, Delivered, Allocated, Received;
        public decimal? Source, Tracker;
        public int Packages, Lines, Undisclosed, PackagesWithoutValue, WithoutRate, TrackerStated, TrackerEstimated, TrackerUnknown;
    }
}
