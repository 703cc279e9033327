using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Application.Offers;
using Quartermaster.Application.Valuation;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Application.Importing;

/// <summary>
/// Applies parsed offer lines at bulk speed: the database is read set-based (batches of keys, never one parameter per
/// line in one statement), every line goes through the same domain methods as a single edit, and the records are
/// written with their ledger events by <see cref="QuartermasterDb.SaveBulkAsync"/> in the command's transaction.
/// Lines that did not parse still leave the others to be checked, so that one pass reports every problem.
/// </summary>
internal sealed class OfferApply(QuartermasterDb db)
{
    /// <summary>
    /// Keys per lookup query. Each batch is ONE parameter (EF.Parameter: a JSON array on SQLite, an array on PostgreSQL),
    /// so neither SQLite's limit of 32,766 variables nor PostgreSQL's of 65,535 parameters is ever near.
    /// </summary>
    internal const int LookupBatch = 5_000;

    public async Task<ImportService.Counts> Apply(Actor actor, IReadOnlyList<SourceSheet> sheets, ImportMapping mapping, List<string> warnings,
        ImportOptions options, CancellationToken ct)
    {
        var rates = new ExchangeRatesService(db);
        if (await rates.EnsureBaseline(ct))
            warnings.Add("The exchange-rate table was empty: the Kiel release-7 rates (ECB averages 2022-09-06..2022-10-06) were loaded.");
        var table = await rates.TablePlusPending(ct);
        var parsed = OfferImport.Parse(sheets, mapping, table);
        var rows = parsed.Rows;
        warnings.AddRange(parsed.Warnings);
        options.Progress?.Report((0.2, "matching"));

        var nations = await db.Nations.AsNoTracking().ToDictionaryAsync(n => n.Code, ct);
        var codes = rows.Where(r => r.ItemCode is not null).Select(r => r.ItemCode!).Distinct().ToList();
        var items = new Dictionary<string, CatalogueItem>(StringComparer.Ordinal);
        foreach (var batch in codes.Chunk(LookupBatch))
            foreach (var i in await db.CatalogueItems.AsNoTracking().Where(i => EF.Parameter(batch).Contains(i.Code)).ToListAsync(ct))
                items[i.Code] = i;
        // Keys are unique per donor; lines are matched to the donor's own offers only (past the visibility filter, so
        // that a nation's key never collides with, reveals or touches another nation's offer).
        var offers = new Dictionary<(string, string), Offer>();
        foreach (var batch in rows.Select(r => r.SourceKey).Distinct().Chunk(LookupBatch))
            foreach (var o in await db.Offers.IgnoreQueryFilters().AsNoTracking().Where(o => o.SourceKey != null && EF.Parameter(batch).Contains(o.SourceKey)).ToListAsync(ct))
                offers[(o.DonorCode, o.SourceKey!)] = o;
        var packages = new Dictionary<(string, string), AidPackage>();
        foreach (var batch in rows.Where(r => r.PackageRef is not null).Select(r => r.PackageRef!).Distinct().Chunk(LookupBatch))
            foreach (var p in await db.AidPackages.IgnoreQueryFilters().AsNoTracking().Where(p => EF.Parameter(batch).Contains(p.Reference)).ToListAsync(ct))
                packages[(p.DonorCode, p.Reference)] = p;

        // The tracker's own method values each package from all of its lines (beside Quartermaster's own value).
        var trackerValues = TrackerValues(rows, mapping);
        var linesOf = rows.Where(r => r.PackageRef is not null).ToLookup(r => (r.DonorCode, r.PackageRef!));

        var keepUnmatched = mapping.Field("item")?.KeepUnmatched == true;
        var unmatched = new SortedSet<string>(StringComparer.Ordinal);
        var bulk = new BulkChanges(db);
        var issues = new List<ImportIssue>();
        var lineOffers = new List<(Offer Offer, bool New)>(rows.Count);
        var packagesSeen = new HashSet<(string, string)>();
        var trackedPackages = new HashSet<(string, string)>();
        for (var n = 0; n < rows.Count; n++)
        {
            var r = rows[n];
            var before = issues.Count;
            ImportService.TryRow(issues, r.Sheet, r.Line, () =>
            {
                Access.Acting.DonorFor(actor, r.DonorCode, "donor");
                if (!nations.TryGetValue(r.DonorCode, out var donor))
                    throw new RequestException("donor", $"No nation has the code '{r.DonorCode}'; add the nation first.");
                Guid? itemId = null;
                if (r.ItemCode is { } code)
                {
                    if (items.TryGetValue(code, out var item))
                    {
                        OffersService.EnsurePermitted(donor, item, "item");
                        itemId = item.Id;
                    }
                    else if (keepUnmatched) unmatched.Add(code);
                    else throw new RequestException("item", $"No catalogue item has the code '{code}'; import the catalogue first.");
                }
                Guid? packageId = null;
                if (r.PackageRef is { } reference)
                {
                    var key = (donor.Code, reference);
                    if (!packages.TryGetValue(key, out var package))
                    {
                        package = new AidPackage(Guid.NewGuid(), reference, donor.Code, r.AidType);
                        package.Release(options.Releasability, null);
                        packages[key] = package;
                        bulk.Add(package);
                    }
                    else if (trackedPackages.Add(key))
                        bulk.Track(package);
                    if (packagesSeen.Add(key))
                    {
                        package.Describe(r.Announced, r.Explanation, r.SourceUrl);
                        var (own, ownEur) = OwnValue(linesOf[(r.DonorCode, reference)].ToList());
                        package.Value(own, ownEur, r.SourceValueEur, r.SourceDeliveredEur);
                        var tv = trackerValues?.GetValueOrDefault((r.DonorCode, reference));
                        package.ValueByTracker(tv?.Basis, tv?.Amount, tv?.Eur, tv?.Inputs);
                    }
                    packageId = package.Id;
                }
                var isNew = !offers.TryGetValue((donor.Code, r.SourceKey), out var offer);
                if (isNew)
                {
                    offer = new Offer(Guid.NewGuid(), donor.Code, r.AidType, r.Description, itemId, r.QuantityAnnounced);
                    offer.SetSource(r.SourceKey);
                    offer.Release(options.Releasability, null);
                    offers[(donor.Code, r.SourceKey)] = offer;
                    bulk.Add(offer);
                }
                else
                {
                    bulk.Track(offer!);
                    offer!.Describe(r.Description);
                    offer.Announce(r.QuantityAnnounced);
                }
                offer.SetPackage(packageId);
                offer.SetTerms(r.Condition, r.EarliestAvailable, r.OriginDepot, r.LineValue, r.Announced);
                offer.SetClearances(r.TransferConsent, r.ConsentFrom, r.ExportLicence);
                offer.RecordReportedDelivery(r.QuantityReportedDelivered, r.LineDeliveredValue);
                lineOffers.Add((offer, isNew));
            });
            // A rule broken at this stage names the source column the target field was read from.
            for (var i = before; i < issues.Count; i++)
                if (issues[i].Column is { } field && mapping.Field(field) is { } fm)
                    issues[i] = issues[i] with { Column = fm.Column };
            ImportService.Report(options, n + 1, rows.Count, 0.2, 0.6);
        }
        var failed = ImportService.ThrowIfAny(options, parsed.Issues, issues);
        if (unmatched.Count > 0)
            warnings.Add($"{unmatched.Count:N0} item code(s) are not in the catalogue, so their lines were kept without an item (the text stays in the description; "
                         + $"import the catalogue and then the file again to link them): {string.Join(", ", unmatched.Take(20))}{(unmatched.Count > 20 ? ", …" : "")}.");

        // A preview counts by the writer's own comparison and writes nothing.
        options.Progress?.Report((0.6, options.IsPreview ? "counting" : "saving"));
        var saved = options.IsPreview ? bulk.Pending() : await db.SaveBulkAsync(bulk, ct);
        var created = lineOffers.Count(l => l.New);
        var updated = lineOffers.Count(l => !l.New && saved.Changed.Contains(l.Offer));
        return new ImportService.Counts(rows.Count - failed, created, updated);
    }

    /// <summary>
    /// Quartermaster's own value of a package: the amount its lines state (the one amount they restate, or the sum of its
    /// dated tranches where they state different amounts, as <see cref="TrackerValuation.StatedAmount"/>), each tranche
    /// converted with the stored rate table on its own announcement date. No estimate: a package no line states an
    /// amount for has no value of ours (the tracker-method value shows its estimate beside it).
    /// </summary>
    internal static (Money? Value, decimal? Eur) OwnValue(IReadOnlyList<OfferImportRow> lines)
    {
        var stated = lines.Where(l => l.PackageValue is not null).ToList();
        if (stated.Count == 0) return (null, null);
        if (stated.Select(l => l.PackageValue!.Value.Amount).Distinct().Count() == 1) return (stated[0].PackageValue, stated[0].PackageValueEur);
        var tranches = stated.GroupBy(l => (l.Announced.Raw.Trim(), l.PackageValue!.Value.Amount)).Select(g => g.First()).ToList();
        var total = tranches.Select(t => t.PackageValue!.Value).Aggregate((a, b) => a + b); // different currencies: a DomainException, reported on the line
        return (total, tranches.Sum(t => t.PackageValueEur ?? 0));
    }

    /// <summary>Per (donor, package): its value by the mapping's tracker method, from all its lines; null when the mapping names none.</summary>
    internal static Dictionary<(string, string), TrackerValue>? TrackerValues(IReadOnlyList<OfferImportRow> rows, ImportMapping mapping)
    {
        if (mapping.Valuation is not { } method) return null;
        var valuation = TrackerValuation.ForMethod(method);
        return rows.Where(r => r.PackageRef is not null)
            .GroupBy(r => (r.DonorCode, r.PackageRef!))
            .ToDictionary(g => g.Key, g => valuation.Value(g.Select(Line).ToList()));
    }

    internal static TrackerLine Line(OfferImportRow r)
        => new(r.Announced.Raw, r.PackageValue?.Amount, r.PackageValue?.Currency.Code, r.ItemName, r.QuantityUndisclosed ? null : r.UnitsExact);
}
