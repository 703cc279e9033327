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
/// written with their ledger events by <see cref="QuartermasterDb.SaveBulkAsync"/> in the command's transaction, one
/// block of lines after another.
/// Lines that did not parse still leave the others to be checked, so that one pass reports every problem.
/// </summary>
internal sealed class OfferApply(QuartermasterDb db)
{
    /// <summary>
    /// Keys per lookup query. Each batch is ONE parameter (EF.Parameter: a JSON array on SQLite, an array on PostgreSQL),
    /// so neither SQLite's limit of 32,766 variables nor PostgreSQL's of 65,535 parameters is ever near.
    /// </summary>
    internal const int LookupBatch = 5_000;

    public async Task<ImportService.Counts> Apply(Actor actor, ImportFile source, ImportMapping mapping, List<string> warnings,
        ImportOptions options, CancellationToken ct)
    {
        var rates = new ExchangeRatesService(db);
        if (await rates.EnsureBaseline(ct))
            warnings.Add("The exchange-rate table was empty: the Kiel release-7 rates (ECB averages 2022-09-06..2022-10-06) were loaded.");
        var table = await rates.TablePlusPending(ct);
        // From here on the file's cells are garbage, and each block's parsed lines are let go once it is written.
        var (rows, parseIssues) = Parse(source, mapping, table, warnings);
        options.Progress?.Report((0.2, "matching"));

        var nations = await db.Nations.AsNoTracking().ToDictionaryAsync(n => n.Code, ct);
        var codes = rows.Where(r => r!.ItemCode is not null).Select(r => r!.ItemCode!).Distinct().ToList();
        var items = new Dictionary<string, CatalogueItem>(StringComparer.Ordinal);
        foreach (var batch in codes.Chunk(LookupBatch))
            foreach (var i in await db.CatalogueItems.AsNoTracking().Where(i => EF.Parameter(batch).Contains(i.Code)).ToListAsync(ct))
                items[i.Code] = i;

        // Each package is valued from all of its lines, ours and by the tracker's own method, before any line is let go.
        var trackerValues = TrackerValues(rows!, mapping);
        var ownValues = OwnValues(rows!);

        var keepUnmatched = mapping.Field("item")?.KeepUnmatched == true;
        var unmatched = new SortedSet<string>(StringComparer.Ordinal);
        var issues = new List<ImportIssue>();
        var packages = new Dictionary<(string, string), AidPackage>();
        var packagesSeen = new HashSet<(string, string)>();
        int created = 0, updated = 0;
        // A block of lines at a time: its records are looked up, matched and (while no line so far has a problem) written
        // in the command's transaction, and then let go, so that memory holds one block's records, not the whole file's.
        // A problem anywhere still fails the whole import: the lines after it are only checked, and the transaction is
        // rolled back by the exception that reports them all.
        var offers = new Dictionary<(string, string), Offer>();
        for (var from = 0; from < rows.Length; from += Block)
        {
            if (from % LookupBatch == 0)
            {
                // The existing offers and packages of the next LookupBatch lines, in one query each (fewer, larger
                // lookups than one per block: a table that grows inside this transaction has no fresh statistics, and
                // PostgreSQL may then scan it rather than search its index).
                var ahead = rows.Skip(from).Take(LookupBatch).Select(r => r!).ToList();
                // Keys are unique per donor; lines are matched to the donor's own offers only (past the visibility
                // filter, so that a nation's key never collides with, reveals or touches another nation's offer). Both
                // lookups can search the unique (key, donor) indexes by key; the null test comes first, because without
                // it PostgreSQL is asked "= ANY(@keys) OR key IS NULL AND …", which no index serves.
                var keys = ahead.Select(r => r.SourceKey).Distinct().ToList();
                offers.Clear();
                foreach (var o in await db.Offers.IgnoreQueryFilters().AsNoTracking()
                             .Where(o => o.SourceKey != null && EF.Parameter(keys).Contains(o.SourceKey)).ToListAsync(ct))
                    offers[(o.DonorCode, o.SourceKey!)] = o;
                var references = ahead.Where(r => r.PackageRef is not null && !packages.ContainsKey((r.DonorCode, r.PackageRef)))
                    .Select(r => r.PackageRef!).Distinct().ToList();
                if (references.Count > 0)
                    foreach (var p in await db.AidPackages.IgnoreQueryFilters().AsNoTracking().Where(p => EF.Parameter(references).Contains(p.Reference)).ToListAsync(ct))
                        packages.TryAdd((p.DonorCode, p.Reference), p);
            }
            // The cells and the lines let go of so far sit in the oldest generation, which the runtime otherwise collects
            // only when a budget sized while the whole file was live runs out: the peak then depended on when that
            // happened (447-520 MB for the same 200,000 lines). A long import asks for a background (not blocking) full
            // collection after parsing and every CollectEvery lines; docs/benchmarks.md has the figures.
            if (rows.Length > CollectEvery && from % CollectEvery == 0)
                GC.Collect(2, GCCollectionMode.Forced, blocking: false);
            var block = new List<OfferImportRow>(Math.Min(Block, rows.Length - from));
            for (var i = from; i < rows.Length && i < from + Block; i++)
            {
                block.Add(rows[i]!);
                rows[i] = null;
            }

            var bulk = new BulkChanges(db);
            var lineOffers = new List<(Offer Offer, bool New)>(block.Count);
            for (var n = 0; n < block.Count; n++)
            {
                var r = block[n];
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
                        // A package is created or tracked, described and valued at its first line, and written with
                        // that line's block; its later lines (in any block) only point at it.
                        var key = (donor.Code, reference);
                        var first = packagesSeen.Add(key);
                        if (!packages.TryGetValue(key, out var package))
                        {
                            package = new AidPackage(Guid.NewGuid(), reference, donor.Code, r.AidType);
                            package.Release(options.Releasability, null);
                            packages[key] = package;
                            bulk.Add(package);
                        }
                        else if (first)
                            bulk.Track(package);
                        if (first)
                        {
                            package.Describe(r.Announced, r.Explanation, r.SourceUrl);
                            var (own, ownEur) = ownValues[key].Error is { } invalid ? throw invalid : ownValues[key].Value;
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
                ImportService.Report(options, from + n + 1, rows.Length, 0.2, 0.95);
            }

            // A preview counts by the writer's own comparison and writes nothing; once a line has a problem nothing
            // more is written (the import will fail), but the remaining lines are still checked.
            BulkResult? saved = options.IsPreview ? bulk.Pending()
                : issues.Count == 0 && parseIssues.Count == 0 ? await db.SaveBulkAsync(bulk, ct)
                : null;
            if (saved is null) continue;
            created += lineOffers.Count(l => l.New);
            updated += lineOffers.Count(l => !l.New && saved.Changed.Contains(l.Offer));
        }
        var failed = ImportService.ThrowIfAny(options, parseIssues, issues);
        if (unmatched.Count > 0)
            warnings.Add($"{unmatched.Count:N0} item code(s) are not in the catalogue, so their lines were kept without an item (the text stays in the description; "
                         + $"import the catalogue and then the file again to link them): {string.Join(", ", unmatched.Take(20))}{(unmatched.Count > 20 ? ", …" : "")}.");
        options.Progress?.Report((0.95, options.IsPreview ? "counted" : "saved"));
        return new ImportService.Counts(rows.Length - failed, created, updated);
    }

    /// <summary>Lines per block: matched and written together, then let go (see <see cref="Apply"/>); a multiple divides <see cref="LookupBatch"/>.</summary>
    internal const int Block = 1_000;

    /// <summary>
    /// How many lines a long import lets go of between the background full collections it asks for (see <see cref="Apply"/>).
    /// </summary>
    internal const int CollectEvery = 50_000;

    /// <summary>The parsed lines as an array the apply lets go of block by block (nothing else keeps them), and the parse's issues.</summary>
    private static (OfferImportRow?[] Rows, IReadOnlyList<ImportIssue> Issues) Parse(ImportFile source, ImportMapping mapping, ExchangeRateTable rates,
        List<string> warnings)
    {
        var parsed = OfferImport.Parse(source.TakeSheets(), mapping, rates);
        warnings.AddRange(parsed.Warnings);
        return ([.. parsed.Rows], parsed.Issues);
    }

    /// <summary>Per (donor, package): <see cref="OwnValue"/> of all its lines, or the rule it breaks (reported on its first line).</summary>
    private static Dictionary<(string, string), ((Money? Value, decimal? Eur) Value, DomainException? Error)> OwnValues(IReadOnlyList<OfferImportRow> rows)
        => rows.Where(r => r.PackageRef is not null).GroupBy(r => (r.DonorCode, r.PackageRef!)).ToDictionary(g => g.Key, g =>
        {
            try { return (OwnValue(g.ToList()), (DomainException?)null); }
            catch (DomainException e) { return (default, e); }
        });

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
