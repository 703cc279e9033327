using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Catalogue;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;
using Quartermaster.Storage;

namespace Quartermaster.Application.Importing;

public enum ImportKind { Offers, Requirements, Catalogue }

/// <summary>What an import did. A file imported twice reports every row unchanged the second time.</summary>
public sealed record ImportSummary(string Target, string File, string Mapping, int Rows, int Created, int Updated, int Unchanged,
    IReadOnlyList<string> Warnings);

/// <summary>Options a caller may set on an import.</summary>
public sealed record ImportOptions
{
    public static readonly ImportOptions Default = new();

    /// <summary>Marks imported requirements as illustrative (demo data built from public sources).</summary>
    public bool Illustrative { get; init; }

    public IProgress<(double Fraction, string Text)>? Progress { get; init; }

    /// <summary>Who may see newly imported pledge lines besides the donor (default: the coordination cell).</summary>
    public Domain.Access.Releasability Releasability { get; init; } = Domain.Access.Releasability.Coordinators;
}

/// <summary>
/// Applies a spreadsheet to the database: all or nothing, one transaction, every change ledgered. Re-importing the
/// same file changes nothing; a changed line updates its record (and the ledger records the change).
/// </summary>
public sealed class ImportService(QuartermasterDb db)
{
    public static ImportMapping ResolveMapping(ImportKind kind, string? mapping)
    {
        if (string.IsNullOrWhiteSpace(mapping)) return ImportMapping.Builtin(kind.ToString().ToLowerInvariant());
        if (File.Exists(mapping))
        {
            using var stream = File.OpenRead(mapping);
            return ImportMapping.Parse(stream, Path.GetFileName(mapping));
        }
        return ImportMapping.Builtin(mapping);
    }

    public Task<ImportSummary> Import(Actor actor, ImportKind kind, Stream file, string fileName, string? mapping,
        ImportOptions? options, CancellationToken ct = default)
        => Import(actor, kind, file, fileName, ResolveMapping(kind, mapping), options, ct);

    public async Task<ImportSummary> Import(Actor actor, ImportKind kind, Stream file, string fileName, ImportMapping mapping,
        ImportOptions? options, CancellationToken ct = default)
    {
        options ??= ImportOptions.Default;
        if (!string.Equals(mapping.Target.ToString(), kind.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new RequestException("mapping", $"Mapping '{mapping.Name}' is for {mapping.Target.ToString().ToLowerInvariant()}, not {kind.ToString().ToLowerInvariant()}.");
        options.Progress?.Report((0, "reading"));
        var sheets = TabularReader.Read(file, fileName);
        var command = $"import {kind.ToString().ToLowerInvariant()} {fileName} --mapping {mapping.Name}";
        return await CommandRunner.Run(db, actor, command, async () =>
        {
            var warnings = new List<string>();
            var counts = kind switch
            {
                ImportKind.Catalogue => await ApplyCatalogue(CatalogueImport.Parse(sheets, mapping), warnings, options, ct),
                ImportKind.Requirements => await ApplyRequirements(RequirementImport.Parse(sheets, mapping), warnings, options, ct),
                _ => await ApplyOffers(actor, sheets, mapping, warnings, options, ct),
            };
            options.Progress?.Report((1, "saving"));
            return new ImportSummary(kind.ToString().ToLowerInvariant(), fileName, mapping.Name, counts.Rows, counts.Created, counts.Updated,
                counts.Rows - counts.Created - counts.Updated, warnings);
        }, ct);
    }

    private sealed record Counts(int Rows, int Created, int Updated);

    /// <summary>Counts a tracked record as created, updated or unchanged once its row is applied.</summary>
    private sealed class Tally(QuartermasterDb db)
    {
        public int Created, Updated;

        public void Count(object entity)
        {
            var entry = db.Entry(entity);
            entry.DetectChanges();
            if (entry.State == EntityState.Added) Created++;
            else if (entry.State == EntityState.Modified && entry.Properties.Any(p => p.IsModified)) Updated++;
        }
    }

    private static void Report(ImportOptions options, int done, int total)
    {
        if (total > 0 && (done % 100 == 0 || done == total)) options.Progress?.Report((0.1 + 0.85 * done / total, $"{done}/{total} rows"));
    }

    /// <summary>Runs one row's domain calls; a broken rule becomes an issue at that row (column = the target field).</summary>
    private static bool TryRow(List<ImportIssue> issues, string sheet, int line, Action apply)
    {
        try
        {
            apply();
            return true;
        }
        catch (DomainException e)
        {
            issues.Add(new ImportIssue(sheet, line, e.Field, e.Message));
        }
        catch (RequestException e)
        {
            issues.Add(new ImportIssue(sheet, line, e.Field, e.Message));
        }
        return false;
    }

    private async Task<Counts> ApplyCatalogue(ParsedImport<CatalogueImportRow> parsed, List<string> warnings, ImportOptions options, CancellationToken ct)
    {
        var rows = parsed.RowsOrThrow();
        warnings.AddRange(parsed.Warnings);
        var existing = await db.CatalogueItems.ToDictionaryAsync(i => i.Code, ct);
        var courses = await new CatalogueService(db).CourseIds(ct);
        var issues = new List<ImportIssue>();
        var tally = new Tally(db);
        for (var n = 0; n < rows.Count; n++)
        {
            var r = rows[n];
            TryRow(issues, r.Sheet, r.Line, () =>
            {
                var input = new CatalogueItemInput(r.Code, r.Name, r.Nsn, r.SupplyClass, r.Coalition, r.IsLethal, r.ControlEntry,
                    r.CompatibilityFamily, r.Tracking, r.UnitOfIssue, r.UnitWeightKg, r.TrainingCourse);
                var rowWarnings = new List<string>();
                if (!existing.TryGetValue(r.Code, out var item))
                {
                    item = CatalogueService.New(input, rowWarnings, courses, "training_course");
                    db.CatalogueItems.Add(item);
                    existing[item.Code] = item;
                }
                else
                    CatalogueService.Change(item, input, rowWarnings, courses, "training_course");
                warnings.AddRange(rowWarnings.Select(w => $"sheet '{r.Sheet}', line {r.Line}: {w}"));
                tally.Count(item);
            });
            Report(options, n + 1, rows.Count);
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return new Counts(rows.Count, tally.Created, tally.Updated);
    }

    private async Task<Counts> ApplyRequirements(ParsedImport<RequirementImportRow> parsed, List<string> warnings, ImportOptions options, CancellationToken ct)
    {
        var rows = parsed.RowsOrThrow();
        warnings.AddRange(parsed.Warnings);
        var items = await db.CatalogueItems.AsNoTracking().Select(i => new { i.Code, i.Id }).ToDictionaryAsync(i => i.Code, i => i.Id, ct);
        var periods = rows.Select(r => r.Period).Distinct().ToList();
        var existing = await db.Requirements.Where(r => periods.Contains(r.Period)).ToDictionaryAsync(r => (r.Period, r.PriorityRank), ct);
        var issues = new List<ImportIssue>();
        var tally = new Tally(db);
        for (var n = 0; n < rows.Count; n++)
        {
            var r = rows[n];
            TryRow(issues, r.Sheet, r.Line, () =>
            {
                var itemId = items.TryGetValue(r.ItemCode, out var id) ? id
                    : throw new RequestException("item", $"No catalogue item has the code '{r.ItemCode}'; import or create it first.");
                var substitutes = r.Substitutes.Select(s => new Substitute(
                    items.TryGetValue(s.ItemCode, out var sid) ? sid : throw new RequestException("substitutes", $"No catalogue item has the code '{s.ItemCode}'."),
                    s.EquivalenceFactor)).ToList();
                if (!existing.TryGetValue((r.Period, r.PriorityRank), out var requirement))
                {
                    requirement = new Requirement(Guid.NewGuid(), r.Period, r.PriorityRank, itemId, r.Quantity, r.NeededBy, r.Destination, options.Illustrative);
                    db.Requirements.Add(requirement);
                    existing[(r.Period, r.PriorityRank)] = requirement;
                }
                else if (requirement.ItemId != itemId)
                    throw new RequestException("item", $"Rank {r.PriorityRank} of {r.Period} is already a requirement for another item; cancel it or use a free rank.");
                requirement.Update(r.PriorityRank, r.Quantity, r.NeededBy, r.Destination, r.Note);
                requirement.SetSubstitutes(substitutes);
                tally.Count(requirement);
            });
            Report(options, n + 1, rows.Count);
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return new Counts(rows.Count, tally.Created, tally.Updated);
    }

    private async Task<Counts> ApplyOffers(Actor actor, IReadOnlyList<SourceSheet> sheets, ImportMapping mapping, List<string> warnings, ImportOptions options, CancellationToken ct)
    {
        var rates = new ExchangeRatesService(db);
        if (await rates.EnsureBaseline(ct))
            warnings.Add("The exchange-rate table was empty: the Kiel release-7 rates (ECB averages 2022-09-06..2022-10-06) were loaded.");
        var parsed = OfferImport.Parse(sheets, mapping, await rates.TablePlusPending(ct));
        var rows = parsed.RowsOrThrow();
        warnings.AddRange(parsed.Warnings);

        var nations = await db.Nations.AsNoTracking().ToDictionaryAsync(n => n.Code, ct);
        var items = await db.CatalogueItems.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        var keys = rows.Select(r => r.SourceKey).ToList();
        // Keys are unique per donor; lines are matched to the donor's own offers only (past the visibility filter, so
        // that a nation's key never collides with, reveals or touches another nation's offer).
        var offers = await db.Offers.IgnoreQueryFilters().Where(o => o.SourceKey != null && keys.Contains(o.SourceKey))
            .ToDictionaryAsync(o => (o.DonorCode, o.SourceKey!), ct);
        var packages = await db.AidPackages.ToDictionaryAsync(p => (p.DonorCode, p.Reference), ct);
        var issues = new List<ImportIssue>();
        var tally = new Tally(db);
        var packagesSeen = new HashSet<(string, string)>();
        for (var n = 0; n < rows.Count; n++)
        {
            var r = rows[n];
            TryRow(issues, r.Sheet, r.Line, () =>
            {
                Access.Acting.DonorFor(actor, r.DonorCode, "donor");
                if (!nations.TryGetValue(r.DonorCode, out var donor))
                    throw new RequestException("donor", $"No nation has the code '{r.DonorCode}'; add the nation first.");
                Guid? itemId = null;
                if (r.ItemCode is { } code)
                {
                    if (!items.TryGetValue(code, out var item))
                        throw new RequestException("item", $"No catalogue item has the code '{code}'; import the catalogue first.");
                    OffersService.EnsurePermitted(donor, item, "item");
                    itemId = item.Id;
                }
                Guid? packageId = null;
                if (r.PackageRef is { } reference)
                {
                    if (!packages.TryGetValue((donor.Code, reference), out var package))
                    {
                        package = new AidPackage(Guid.NewGuid(), reference, donor.Code, r.AidType);
                        package.Release(options.Releasability, null);
                        db.AidPackages.Add(package);
                        packages[(donor.Code, reference)] = package;
                    }
                    if (packagesSeen.Add((donor.Code, reference)))
                    {
                        package.Describe(r.Announced, r.Explanation, r.SourceUrl);
                        package.Value(r.PackageValue, r.PackageValueEur, r.SourceValueEur, r.SourceDeliveredEur);
                    }
                    packageId = package.Id;
                }
                if (!offers.TryGetValue((donor.Code, r.SourceKey), out var offer))
                {
                    offer = new Offer(Guid.NewGuid(), donor.Code, r.AidType, r.Description, itemId, r.QuantityAnnounced);
                    offer.SetSource(r.SourceKey);
                    offer.Release(options.Releasability, null);
                    db.Offers.Add(offer);
                    offers[(donor.Code, r.SourceKey)] = offer;
                }
                else
                {
                    offer.Describe(r.Description);
                    offer.Announce(r.QuantityAnnounced);
                }
                offer.SetPackage(packageId);
                offer.SetTerms(r.Condition, r.EarliestAvailable, r.OriginDepot, r.LineValue, r.Announced);
                offer.SetClearances(r.TransferConsent, r.ConsentFrom, r.ExportLicence);
                offer.RecordReportedDelivery(r.QuantityReportedDelivered, r.LineDeliveredValue);
                tally.Count(offer);
            });
            Report(options, n + 1, rows.Count);
        }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return new Counts(rows.Count, tally.Created, tally.Updated);
    }
}
