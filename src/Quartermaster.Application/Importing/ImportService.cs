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

/// <summary>
/// What an import WOULD do, computed by the import's own parse, checks and diff without writing anything: counts of rows
/// to create, update and leave unchanged (over the rows without a problem), and every problem by sheet, line and column.
/// A preview with a problem cannot be applied (the import is all or nothing).
/// </summary>
public sealed record ImportPreview(string Target, string File, string Mapping, int Rows, int Created, int Updated, int Unchanged,
    IReadOnlyList<ImportIssue> Issues, IReadOnlyList<string> Warnings)
{
    public bool CanApply => Issues.Count == 0;

    /// <summary>The counts an apply must reproduce (see <see cref="ImportOptions.Expect"/>).</summary>
    public ImportExpectation Expectation => new(Created, Updated, Unchanged);
}

/// <summary>The counts a preview showed; an apply that would do anything else is refused as stale.</summary>
public sealed record ImportExpectation(int Created, int Updated, int Unchanged)
{
    public override string ToString() => $"{Created:N0} to create, {Updated:N0} to update, {Unchanged:N0} unchanged";
}

/// <summary>Options a caller may set on an import.</summary>
public sealed record ImportOptions
{
    public static readonly ImportOptions Default = new();

    /// <summary>Marks imported requirements as illustrative (demo data built from public sources).</summary>
    public bool Illustrative { get; init; }

    public IProgress<(double Fraction, string Text)>? Progress { get; init; }

    /// <summary>The CSV text's encoding when it is not UTF-8 (e.g. windows-1252); null = UTF-8, strictly checked.</summary>
    public System.Text.Encoding? Encoding { get; init; }

    /// <summary>Who may see newly imported pledge lines besides the donor (default: the coordination cell).</summary>
    public Domain.Access.Releasability Releasability { get; init; } = Domain.Access.Releasability.Coordinators;

    /// <summary>
    /// The counts of the preview the person saw: inside the import's transaction the same checks and diff run again, and
    /// when the data changed since so that the import would do something else, nothing is written (409).
    /// </summary>
    public ImportExpectation? Expect { get; init; }

    /// <summary>Set by <see cref="ImportService.Preview"/>: problems are collected here instead of refusing, and nothing is saved.</summary>
    internal List<ImportIssue>? PreviewIssues { get; init; }

    internal bool IsPreview => PreviewIssues is not null;
}

/// <summary>
/// Applies a spreadsheet to the database: all or nothing, one transaction, every change ledgered. Re-importing the
/// same file changes nothing; a changed line updates its record (and the ledger records the change).
/// </summary>
public sealed class ImportService(QuartermasterDb db)
{
    /// <summary>
    /// A built-in mapping by name (default: the standard layout of the kind). Never a file: only the command line reads
    /// mapping files, on its user's own machine, and passes the parsed mapping; a server is sent the document itself.
    /// </summary>
    public static ImportMapping ResolveMapping(ImportKind kind, string? mapping)
    {
        var name = string.IsNullOrWhiteSpace(mapping) ? kind.ToString().ToLowerInvariant() : mapping.Trim();
        if (!ImportMapping.BuiltinNames.Contains(name, StringComparer.Ordinal))
            throw new RequestException("mapping", $"There is no built-in mapping '{Common.LedgerText.Name(name, 60)}'; the built-in ones are "
                + $"{string.Join(", ", ImportMapping.BuiltinNames)}. To use your own, send the mapping document with the file.");
        return ImportMapping.Builtin(name);
    }

    public Task<ImportSummary> Import(Actor actor, ImportKind kind, Stream file, string fileName, string? mapping,
        ImportOptions? options, CancellationToken ct = default)
        => Import(actor, kind, file, fileName, ResolveMapping(kind, mapping), options, ct);

    public async Task<ImportSummary> Import(Actor actor, ImportKind kind, Stream file, string fileName, ImportMapping mapping,
        ImportOptions? options, CancellationToken ct = default)
    {
        options ??= ImportOptions.Default;
        var source = Read(kind, file, fileName, mapping, options);
        fileName = Common.LedgerText.Name(fileName);
        var command = $"import {kind.ToString().ToLowerInvariant()} {fileName} --mapping {Common.LedgerText.Name(mapping.Name)}";
        return await CommandRunner.Run(db, actor, command, async () =>
        {
            var summary = await Diff(actor, kind, source, fileName, mapping, options, ct);
            if (options.Expect is { } expected && expected != new ImportExpectation(summary.Created, summary.Updated, summary.Unchanged))
                throw new ConflictException($"The data changed since the preview: it showed {expected}, the import would now make "
                    + $"{new ImportExpectation(summary.Created, summary.Updated, summary.Unchanged)}. Nothing was imported; preview the file again.");
            return summary;
        }, ct);
    }

    public Task<ImportPreview> Preview(Actor actor, ImportKind kind, Stream file, string fileName, string? mapping,
        ImportOptions? options, CancellationToken ct = default)
        => Preview(actor, kind, file, fileName, ResolveMapping(kind, mapping), options, ct);

    /// <summary>
    /// The import without its write: the same reading, parsing, checks against the database and diff as
    /// <see cref="Import(Actor, ImportKind, Stream, string, ImportMapping, ImportOptions?, CancellationToken)"/> (one rule in
    /// one place), every problem collected, nothing saved and no transaction held.
    /// </summary>
    public async Task<ImportPreview> Preview(Actor actor, ImportKind kind, Stream file, string fileName, ImportMapping mapping,
        ImportOptions? options, CancellationToken ct = default)
    {
        var issues = new List<ImportIssue>();
        options = (options ?? ImportOptions.Default) with { PreviewIssues = issues, Expect = null };
        var name = Common.LedgerText.Name(fileName);
        try
        {
            var source = Read(kind, file, fileName, mapping, options);
            var s = await Diff(actor, kind, source, name, mapping, options, ct);
            return new ImportPreview(s.Target, name, mapping.Name, s.Rows, s.Created, s.Updated, s.Unchanged,
                issues.OrderBy(i => i.Line).ToList(), s.Warnings);
        }
        catch (ImportRejectedException e)
        {
            // The file or mapping could not be read at all: no row to count.
            return new ImportPreview(kind.ToString().ToLowerInvariant(), name, mapping.Name, 0, 0, 0, 0, e.Issues, []);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private static ImportFile Read(ImportKind kind, Stream file, string fileName, ImportMapping mapping, ImportOptions options)
    {
        if (!string.Equals(mapping.Target.ToString(), kind.ToString(), StringComparison.OrdinalIgnoreCase))
            throw new RequestException("mapping", $"Mapping '{mapping.Name}' is for {mapping.Target.ToString().ToLowerInvariant()}, not {kind.ToString().ToLowerInvariant()}.");
        options.Progress?.Report((0, "reading"));
        var read = ImportFile.Read(file, fileName, mapping.ReadOptions(encoding: options.Encoding));
        options.Progress?.Report((0.1, "checking"));
        return read;
    }

    /// <summary>Parses, checks and applies the rows to the tracked records (saving them only when this is not a preview).</summary>
    private async Task<ImportSummary> Diff(Actor actor, ImportKind kind, ImportFile source, string fileName, ImportMapping mapping,
        ImportOptions options, CancellationToken ct)
    {
        var warnings = new List<string>();
        var counts = kind switch
        {
            ImportKind.Catalogue => await ApplyCatalogue(CatalogueImport.Parse(source.TakeSheets(), mapping), warnings, options, ct),
            ImportKind.Requirements => await ApplyRequirements(RequirementImport.Parse(source.TakeSheets(), mapping), warnings, options, ct),
            _ => await new OfferApply(db).Apply(actor, source, mapping, warnings, options, ct),
        };
        options.Progress?.Report((0.99, options.IsPreview ? "done" : "saving"));
        return new ImportSummary(kind.ToString().ToLowerInvariant(), fileName, mapping.Name, counts.Rows, counts.Created, counts.Updated,
            counts.Rows - counts.Created - counts.Updated, warnings);
    }

    internal sealed record Counts(int Rows, int Created, int Updated);

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

    internal static void Report(ImportOptions options, int done, int total, double from = 0.1, double to = 0.95)
    {
        if (total > 0 && (done % 500 == 0 || done == total)) options.Progress?.Report((from + (to - from) * done / total, $"{done:N0}/{total:N0} rows"));
    }

    /// <summary>
    /// Every issue of every stage (reading, parsing, matching against the database), in line order, or nothing. A preview
    /// collects them instead and goes on; returns how many parsed rows had a problem at the matching stage (they are
    /// neither created, updated nor unchanged).
    /// </summary>
    internal static int ThrowIfAny(ImportOptions options, IEnumerable<ImportIssue> parseIssues, List<ImportIssue> applyIssues)
    {
        var all = parseIssues.Concat(applyIssues).ToList();
        if (options.PreviewIssues is { } sink)
        {
            sink.AddRange(all);
            return applyIssues.Select(i => (i.Sheet, i.Line)).Distinct().Count();
        }
        if (all.Count > 0) throw new ImportRejectedException(all.OrderBy(i => i.Line).ToList());
        return 0;
    }

    /// <summary>Runs one row's domain calls; a broken rule becomes an issue at that row (column = the target field).</summary>
    internal static bool TryRow(List<ImportIssue> issues, string sheet, int line, Action apply)
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
        var rows = parsed.Rows;
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
        var failed = ThrowIfAny(options, parsed.Issues, issues);
        return new Counts(rows.Count - failed, tally.Created, tally.Updated);
    }

    private async Task<Counts> ApplyRequirements(ParsedImport<RequirementImportRow> parsed, List<string> warnings, ImportOptions options, CancellationToken ct)
    {
        var rows = parsed.Rows;
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
        var failed = ThrowIfAny(options, parsed.Issues, issues);
        return new Counts(rows.Count - failed, tally.Created, tally.Updated);
    }
}
