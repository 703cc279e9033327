using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Training;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Requirements;
using Quartermaster.Domain.Training;
using Quartermaster.Storage;

namespace Quartermaster.Application.Readiness;

public sealed record ReadinessElementView(string Element, string Label, double Fraction, int Have, int Need, string Text, DateOnly? FirstDate, DateOnly? ReadyDate);

public sealed record ReadinessRowView(Guid RequirementId, string Period, int PriorityRank, string ItemCode, string ItemName, string Coalition,
    int Quantity, DateOnly NeededBy, string Destination, string Rating, string RatingLabel, double Fraction, string? Lacking, DateOnly? ForecastDate,
    IReadOnlyList<ReadinessElementView> Elements, bool Illustrative);

public sealed record ReadinessBoard(DateOnly Today, string? Period, string Source, int Total, int PageNumber, int PageSize,
    IReadOnlyDictionary<string, int> Ratings, IReadOnlyList<ReadinessRowView> Rows)
{
    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}

public sealed record ReadinessFilter(string? Period = null, string? Coalition = null, int? Priority = null, int Page = 1, int PageSize = 50);

/// <summary>A draft of training changes to try on the board: cohorts to add, sites to close for some weeks.</summary>
public sealed record ReadinessDraft(IReadOnlyList<CohortInput>? AddCohorts = null, IReadOnlyList<SiteClosure>? CloseSites = null);

public sealed record SiteClosure(string? SiteCode, DateOnly? From, int Weeks);

public sealed record WhatIfRow(Guid RequirementId, int PriorityRank, string ItemName, string CurrentRating, string DraftRating,
    DateOnly? CurrentForecast, DateOnly? DraftForecast, int? WeeksEarlier, string? CurrentLacking, string? DraftLacking);

public sealed record WhatIfResult(DateOnly Today, string? Period, int CohortsAdded, int CohortsCancelled, IReadOnlyList<string> Changes,
    IReadOnlyList<WhatIfRow> Rows, IReadOnlyList<WhatIfRow> Moved);

/// <summary>
/// Readiness of every requirement and its forecast date (Domain/Training: ReadinessRules), the board's figures, and the
/// what-if of a training draft, computed side by side with the current forecast without storing anything until saved.
/// </summary>
public sealed class ReadinessService(QuartermasterDb db, IEquipmentArrivals arrivals)
{
    public static string Label(ReadinessRating rating) => rating switch
    {
        ReadinessRating.Ready => "Ready",
        ReadinessRating.SubstantiallyReady => "Substantially ready",
        ReadinessRating.PartlyReady => "Partly ready",
        _ => "Not ready",
    };

    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    public async Task<ReadinessBoard> Board(ReadinessFilter filter, CancellationToken ct = default)
    {
        if (filter.Page < 1) throw new RequestException("page", $"page must be 1 or more (got {filter.Page}).");
        if (filter.PageSize is < 1 or > PageQuery.MaxPageSize) throw new RequestException("pageSize", $"pageSize must be between 1 and {PageQuery.MaxPageSize} (got {filter.PageSize}).");
        if (filter.Priority is < 1) throw new RequestException("priority", $"priority (the lowest rank shown) must be 1 or more (got {filter.Priority}).");
        var snapshot = await Load(filter.Period, ct);
        var rows = snapshot.Assess(snapshot.Cohorts).Where(r => Matches(r, filter)).ToList();
        var counts = Enum.GetValues<ReadinessRating>().ToDictionary(Label, r => rows.Count(x => x.Rating == r.ToString()));
        var page = rows.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).ToList();
        return new ReadinessBoard(snapshot.Today, snapshot.Period, arrivals.Source, rows.Count, filter.Page, filter.PageSize, counts, page);
    }

    private static bool Matches(ReadinessRowView r, ReadinessFilter f)
        => (string.IsNullOrWhiteSpace(f.Coalition) || string.Equals(r.Coalition, f.Coalition.Trim(), StringComparison.OrdinalIgnoreCase))
           && (f.Priority is null || r.PriorityRank <= f.Priority);

    /// <summary>Applies the draft in memory and compares the forecast with the current one; stores nothing.</summary>
    public async Task<WhatIfResult> WhatIf(Actor actor, ReadinessDraft draft, string? period = null, CancellationToken ct = default)
    {
        try
        {
            var snapshot = await Load(period, ct);
            var (added, cancelled, changes) = await ApplyDraft(actor, draft, ct);
            var draftCohorts = snapshot.Cohorts.Where(c => !cancelled.Contains(c.Id)).Concat(added).ToList();
            return Compare(snapshot, added.Count, cancelled.Count, changes, snapshot.Assess(snapshot.Cohorts), snapshot.Assess(draftCohorts));
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Stores the draft: adds its cohorts, closes its sites and cancels the cohorts that would be in session while closed; one transaction.</summary>
    public async Task<WhatIfResult> Save(Actor actor, ReadinessDraft draft, string? period = null, CancellationToken ct = default)
    {
        var before = await Load(period, ct);
        var current = before.Assess(before.Cohorts);
        var (added, cancelled, changes) = await CommandRunner.Run(db, actor, "save readiness draft", async () =>
        {
            var r = await ApplyDraft(actor, draft, ct);
            db.Cohorts.AddRange(r.Added);
            return r;
        }, ct);
        var after = await Load(period, ct);
        return Compare(after, added.Count, cancelled.Count, changes, current, after.Assess(after.Cohorts));
    }

    private static WhatIfResult Compare(Snapshot s, int added, int cancelled, IReadOnlyList<string> changes, IReadOnlyList<ReadinessRowView> now, IReadOnlyList<ReadinessRowView> then)
    {
        var byId = then.ToDictionary(r => r.RequirementId);
        var rows = now.Select(n =>
        {
            var d = byId[n.RequirementId];
            int? earlier = n.ForecastDate is { } a && d.ForecastDate is { } b ? (a.DayNumber - b.DayNumber) / 7 : null;
            return new WhatIfRow(n.RequirementId, n.PriorityRank, n.ItemName, n.RatingLabel, d.RatingLabel, n.ForecastDate, d.ForecastDate, earlier, n.Lacking, d.Lacking);
        }).ToList();
        return new WhatIfResult(s.Today, s.Period, added, cancelled, changes, rows,
            rows.Where(r => r.CurrentForecast != r.DraftForecast || r.CurrentRating != r.DraftRating).ToList());
    }

    /// <summary>Applies the draft to tracked entities (closures first, then new cohorts, checked by the same rules as always).</summary>
    private async Task<(List<Cohort> Added, HashSet<Guid> Cancelled, List<string> Changes)> ApplyDraft(Actor actor, ReadinessDraft draft, CancellationToken ct)
    {
        var cohorts = new CohortsService(db);
        var cancelled = new HashSet<Guid>();
        var changes = new List<string>();
        var closures = draft.CloseSites ?? [];
        for (var i = 0; i < closures.Count; i++)
        {
            var c = closures[i];
            TrainingSite site;
            try { site = await cohorts.SiteByCode(c.SiteCode, ct); }
            catch (RequestException e) { throw new RequestException($"closeSites[{i}].siteCode", e.Message); }
            TrainingAccess.EnsureMayManage(actor, site.HostNation, "Training site", site.Code);
            var from = c.From ?? throw new RequestException($"closeSites[{i}].from", "from is required (a Monday, yyyy-MM-dd).");
            try { site.Close(from, c.Weeks); }
            catch (Domain.Common.DomainException e) { throw new RequestException($"closeSites[{i}].{e.Field}", e.Message); }
            var end = Weeks.Add(from, c.Weeks);
            var hit = await db.Cohorts.Where(x => x.SiteId == site.Id && (x.State == CohortState.Planned || x.State == CohortState.InTraining)).ToListAsync(ct);
            foreach (var h in hit.Where(h => h.StartDate < end && h.GraduationDate > from))
            {
                h.Cancel();
                cancelled.Add(h.Id);
            }
            changes.Add($"close {site.Code} for {c.Weeks} week(s) from {from:yyyy-MM-dd}" + (hit.Count(h => cancelled.Contains(h.Id)) is var n and > 0 ? $" (cancels {n} cohort(s) in session)" : ""));
        }
        var added = new List<Cohort>();
        var adds = draft.AddCohorts ?? [];
        for (var i = 0; i < adds.Count; i++)
        {
            Cohort cohort;
            try { cohort = await cohorts.Plan(actor, adds[i], ct, added); }
            catch (RequestException e) { throw new RequestException($"addCohorts[{i}].{e.Field}", e.Message); }
            catch (Domain.Common.DomainException e) { throw new RequestException($"addCohorts[{i}].{e.Field}", e.Message); }
            added.Add(cohort);
            changes.Add($"add a cohort of {adds[i].Trainees} on {adds[i].CourseCode} at {adds[i].SiteCode} from {adds[i].StartDate:yyyy-MM-dd}");
        }
        return (added, cancelled, changes);
    }

    // --- The snapshot readiness is computed from.

    private async Task<Snapshot> Load(string? period, CancellationToken ct)
    {
        var today = Today;
        var p = string.IsNullOrWhiteSpace(period)
            ? await db.Requirements.AsNoTracking().MaxAsync(r => (string?)r.Period, ct)
            : Requirement.ParsePeriod(period);
        var requirements = await db.Requirements.AsNoTracking().Where(r => r.Period == p && r.Status != RequirementStatus.Cancelled)
            .OrderBy(r => r.PriorityRank).ToListAsync(ct);
        var needs = await db.SustainmentNeeds.AsNoTracking().ToListAsync(ct);
        var itemIds = requirements.Select(r => r.ItemId).Concat(needs.SelectMany(n => new[] { n.ItemId, n.SystemItemId })).Distinct().ToList();
        var items = await db.CatalogueItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var courses = await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var reqIds = requirements.Select(r => r.Id).ToList();
        // One JSON-array parameter for the period's ids, not one SQL parameter per id (EF Core's default for a list): with
        // 5,000 requirements that made this query and the arrivals' 5 × slower (docs/benchmarks.md, readiness board).
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => c.RequirementId != null && EF.Parameter(reqIds).Contains(c.RequirementId.Value)).ToListAsync(ct);
        var arrived = await arrivals.For(reqIds, today, ct);
        return new Snapshot(today, p, requirements, items, courses, needs, cohorts, arrived);
    }

    private sealed record Snapshot(DateOnly Today, string? Period, List<Requirement> Requirements, Dictionary<Guid, CatalogueItem> Items,
        Dictionary<Guid, Course> Courses, List<SustainmentNeed> Needs, List<Cohort> Cohorts, IReadOnlyDictionary<Guid, IReadOnlyList<Arrival>> Arrivals)
    {
        public List<ReadinessRowView> Assess(IReadOnlyList<Cohort> cohorts)
        {
            var byRequirement = cohorts.Where(c => c.RequirementId is not null).ToLookup(c => c.RequirementId!.Value);
            var needsBySystem = Needs.ToLookup(n => n.SystemItemId);

            // Sustainment items are shared among the systems needing them in priority order (ReadinessRules.Share).
            var sustainment = new Dictionary<(Guid Req, Guid Need), IReadOnlyList<Arrival>>();
            var bySupplyClass = Requirements.Where(r => Items.ContainsKey(r.ItemId)).ToLookup(r => Items[r.ItemId].SupplyClass);
            foreach (var byItem in Requirements.SelectMany(r => needsBySystem[r.ItemId].Select(n => (r, n))).GroupBy(x => x.n.ItemId))
            {
                var item = Items[byItem.Key];
                // The item itself, or a compatible item of the same supply class (a howitzer of the family is no ammunition).
                var supply = bySupplyClass[item.SupplyClass].Where(r => Items[r.ItemId].IsCompatibleWith(item))
                    .SelectMany(r => Arrivals.GetValueOrDefault(r.Id) ?? []);
                var ordered = byItem.OrderBy(x => x.r.PriorityRank).ToList();
                var shares = ReadinessRules.Share(ordered.Select(x => x.n.NeededFor(x.r.Quantity)).ToList(), supply);
                for (var k = 0; k < ordered.Count; k++) sustainment[(ordered[k].r.Id, ordered[k].n.Id)] = shares[k];
            }

            var rows = new List<ReadinessRowView>(Requirements.Count);
            foreach (var r in Requirements)
            {
                var item = Items[r.ItemId];
                var course = item.TrainingCourseId is { } cid ? Courses.GetValueOrDefault(cid) : null;
                var crews = course is null ? null
                    : new CrewNeed(course.Name, course.CrewSize, byRequirement[r.Id].Where(c => c.CourseId == course.Id).Select(CohortSupply.Of).ToList());
                var sus = needsBySystem[r.ItemId].Select(n => new SustainmentSupply(Items[n.ItemId].Name, n.Kind, n.NeededFor(r.Quantity),
                    sustainment.GetValueOrDefault((r.Id, n.Id)) ?? [])).ToList();
                var a = ReadinessRules.Assess(new ReadinessInput(r.Quantity, Arrivals.GetValueOrDefault(r.Id) ?? [], crews, sus), Today);
                rows.Add(new ReadinessRowView(r.Id, r.Period, r.PriorityRank, item.Code, item.Name, item.Coalition, r.Quantity, r.NeededBy, r.Destination,
                    a.Rating.ToString(), Label(a.Rating), a.Fraction, a.Lacking?.Text, a.ForecastDate,
                    a.Elements.Select(e => new ReadinessElementView(e.Element, ElementLabel(e.Element), e.Fraction, e.Have, e.Need, e.Text, e.FirstDate, e.ReadyDate)).ToList(),
                    r.Illustrative));
            }
            return rows;
        }

        private static string ElementLabel(string element) => element switch
        {
            "equipment" => "Equipment",
            "crews" => "Training",
            _ => "Sustainment",
        };
    }
}
