using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Requirements;
using Quartermaster.Storage;

namespace Quartermaster.Application.Requirements;

public sealed record SubstituteView(Guid ItemId, string ItemCode, decimal EquivalenceFactor);

public sealed record RequirementView(Guid Id, string Period, int PriorityRank, Guid ItemId, string ItemCode, string ItemName,
    IReadOnlyList<SubstituteView> Substitutes, int Quantity, int QuantityCovered, int QuantityDelivered, DateOnly NeededBy,
    string Destination, string Status, string? Note, bool Illustrative, long Version);

public sealed record SubstituteInput(string? ItemCode, decimal EquivalenceFactor);

public sealed record RequirementInput(string? Period, int PriorityRank, string? ItemCode, int Quantity, DateOnly? NeededBy,
    string? Destination, IReadOnlyList<SubstituteInput>? Substitutes = null, string? Note = null, bool Illustrative = false);

/// <summary>A period's list approval: who approved it, when, how many lines, and whether the list changed since.</summary>
public sealed record ListApprovalView(string Period, string? ApprovedBy, DateTime? ApprovedAt, int LinesApproved, int LinesNow, bool ChangedSince, long Version)
{
    public bool Approved => ApprovedBy is not null;
}

/// <summary>Use cases on the recipient's prioritised requirements list.</summary>
public sealed class RequirementsService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<Requirement, object?>>> Sorts = new()
    {
        ["priority"] = r => r.PriorityRank,
        ["neededby"] = r => r.NeededBy,
        ["period"] = r => r.Period,
        ["status"] = r => r.Status,
        ["quantity"] = r => r.Quantity,
    };

    public async Task<Page<RequirementView>> List(PageQuery page, string? period = null, RequirementStatus? status = null, CancellationToken ct = default)
    {
        var q = db.Requirements.AsQueryable();
        if (!string.IsNullOrWhiteSpace(period)) q = q.Where(r => r.Period == period);
        if (status is not null) q = q.Where(r => r.Status == status);
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            q = q.Where(r => EF.Functions.Like(r.Destination.ToLower(), like, "\\")
                             || db.CatalogueItems.Any(i => i.Id == r.ItemId && EF.Functions.Like(i.Name.ToLower(), like, "\\")));
        }
        var result = await q.ToPage(db, page, "priority", Sorts, r => r, ct);
        var views = await Views(result.Items, ct);
        return new Page<RequirementView>(views, result.Total, result.PageNumber, result.PageSize);
    }

    public async Task<RequirementView> Get(Guid id, CancellationToken ct = default)
        => (await Views([await Find(id, ct)], ct))[0];

    public async Task<Requirement> Find(Guid id, CancellationToken ct = default)
        => await db.Requirements.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new NotFoundException("Requirement", id.ToString());

    public Task<RequirementView> Create(Actor actor, RequirementInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create requirement {input.Period} #{input.PriorityRank}", async () =>
        {
            var item = await ItemId(input.ItemCode, "itemCode", ct);
            var requirement = new Requirement(Guid.NewGuid(), input.Period!, input.PriorityRank, item, input.Quantity,
                input.NeededBy ?? throw new RequestException("neededBy", "neededBy is required (yyyy-MM-dd)."),
                input.Destination!, input.Illustrative);
            await CheckRankFree(requirement.Period, input.PriorityRank, null, ct);
            requirement.Update(input.PriorityRank, input.Quantity, input.NeededBy.Value, input.Destination!, input.Note);
            requirement.SetSubstitutes(await Substitutes(input.Substitutes, ct));
            db.Requirements.Add(requirement);
            return requirement;
        }, async e => (await Views([e], ct))[0], ct);

    public Task<RequirementView> Update(Actor actor, Guid id, long expectedVersion, RequirementInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update requirement {id}", async () =>
        {
            var requirement = await Find(id, ct);
            db.ExpectVersion(requirement, expectedVersion);
            await CheckRankFree(requirement.Period, input.PriorityRank, id, ct);
            requirement.Update(input.PriorityRank, input.Quantity,
                input.NeededBy ?? throw new RequestException("neededBy", "neededBy is required (yyyy-MM-dd)."), input.Destination!, input.Note);
            requirement.SetSubstitutes(await Substitutes(input.Substitutes, ct));
            return requirement;
        }, async e => (await Views([e], ct))[0], ct);

    public Task<RequirementView> Cancel(Actor actor, Guid id, long expectedVersion, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"cancel requirement {id}", async () =>
        {
            var requirement = await Find(id, ct);
            db.ExpectVersion(requirement, expectedVersion);
            requirement.Cancel();
            return requirement;
        }, async e => (await Views([e], ct))[0], ct);

    /// <summary>
    /// Re-ranks lines of one period's list at once (by number, or by dragging rows: the page sends the resulting numbers).
    /// Every problem is reported together; ranks must stay unique in the period. Lines moved in a cycle (a swap, a drag
    /// that shifts others) pass through a free rank above the list in the same transaction, which the ledger records too.
    /// </summary>
    public Task<IReadOnlyList<RequirementView>> Rerank(Actor actor, string period, IReadOnlyDictionary<Guid, int> ranks, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"re-rank requirements {period}", async () =>
        {
            var p = Requirement.ParsePeriod(period);
            var lines = await db.Requirements.Where(r => r.Period == p).ToListAsync(ct);
            var byId = lines.ToDictionary(r => r.Id);
            var problems = new List<string>();
            foreach (var (id, rank) in ranks)
            {
                if (!byId.TryGetValue(id, out var r)) problems.Add($"requirement {id} is not in period {p}");
                else if (rank < 1) problems.Add($"#{r.PriorityRank} {r.Destination}: rank must be 1 or more (got {rank})");
                else if (rank != r.PriorityRank && r.Status is RequirementStatus.Cancelled or RequirementStatus.Delivered)
                    problems.Add($"#{r.PriorityRank} is {r.Status} and keeps its rank");
            }
            var final = lines.ToDictionary(r => r.Id, r => ranks.TryGetValue(r.Id, out var n) ? n : r.PriorityRank);
            foreach (var dup in final.GroupBy(kv => kv.Value).Where(g => g.Count() > 1))
                problems.Add($"rank {dup.Key} is given to {dup.Count()} lines; each rank is used once per period");
            if (problems.Count > 0)
                throw new RequestException("ranks", "The list was not re-ranked: " + string.Join("; ", problems) + ".");

            var moving = lines.Where(r => final[r.Id] != r.PriorityRank).ToList();
            if (moving.Count == 0) return (IReadOnlyList<Requirement>)[];
            // Break every cycle of the move: one line per cycle steps aside to a free rank first.
            var taken = lines.ToDictionary(r => r.PriorityRank, r => r.Id);
            var free = Math.Max(lines.Max(r => r.PriorityRank), final.Values.Max()) + 1;
            var visited = new HashSet<Guid>();
            var aside = new List<Requirement>();
            foreach (var start in moving)
            {
                if (visited.Contains(start.Id)) continue;
                var cur = start;
                var path = new List<Requirement>();
                while (cur is not null && visited.Add(cur.Id))
                {
                    path.Add(cur);
                    cur = taken.TryGetValue(final[cur.Id], out var holder) && final[holder] != byId[holder].PriorityRank ? byId[holder] : null;
                }
                if (cur is not null && path.Contains(cur)) aside.Add(cur);
            }
            if (aside.Count > 0)
            {
                foreach (var r in aside) r.Rank(free++);
                await db.SaveChangesAsync(ct);
            }
            foreach (var r in moving) r.Rank(final[r.Id]);
            return moving;
        }, async moved => (IReadOnlyList<RequirementView>)await Views(moved, ct), ct);

    /// <summary>The approval state of a period's list (not approved yet: no approver).</summary>
    public async Task<ListApprovalView> Approval(string period, CancellationToken ct = default)
    {
        var p = Requirement.ParsePeriod(period);
        var lines = await db.Requirements.AsNoTracking().Where(r => r.Period == p).ToListAsync(ct);
        var approval = await db.ListApprovals.AsNoTracking().FirstOrDefaultAsync(a => a.Period == p, ct);
        return approval is null
            ? new ListApprovalView(p, null, null, 0, lines.Count, false, 0)
            : new ListApprovalView(p, approval.ApprovedBy, DateTime.SpecifyKind(approval.ApprovedAt, DateTimeKind.Utc), approval.Lines, lines.Count,
                approval.ChangedSince(lines), approval.Version);
    }

    /// <summary>The coordination cell approves the period's list as it stands now (again, after a change).</summary>
    public Task<ListApprovalView> Approve(Actor actor, string period, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"approve requirements list {period}", async () =>
        {
            var p = Requirement.ParsePeriod(period);
            var lines = await db.Requirements.AsNoTracking().Where(r => r.Period == p).ToListAsync(ct);
            var approval = await db.ListApprovals.FirstOrDefaultAsync(a => a.Period == p, ct);
            if (approval is null) db.ListApprovals.Add(approval = new ListApproval(p));
            else if (!approval.ChangedSince(lines))
                throw new ConflictException($"The list of {p} is approved as it stands; nothing changed since {approval.ApprovedAt:yyyy-MM-dd HH:mm} UTC.");
            approval.Approve(actor.Name, db.Clock.GetUtcNow().UtcDateTime, lines);
            return p;
        }, p => Approval(p, ct), ct);

    private async Task CheckRankFree(string period, int rank, Guid? except, CancellationToken ct)
    {
        if (await db.Requirements.AnyAsync(r => r.Period == period && r.PriorityRank == rank && r.Id != except, ct))
            throw new ConflictException($"Priority rank {rank} is already taken in period {period}; each rank is used once per period.");
    }

    private async Task<Guid> ItemId(string? code, string field, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new RequestException(field, $"{field} is required (a catalogue item code).");
        var c = code.Trim().ToLowerInvariant();
        return await db.CatalogueItems.Where(i => i.Code == c).Select(i => (Guid?)i.Id).FirstOrDefaultAsync(ct)
               ?? throw new RequestException(field, $"No catalogue item has the code '{code}'.");
    }

    private async Task<List<Substitute>> Substitutes(IReadOnlyList<SubstituteInput>? inputs, CancellationToken ct)
    {
        var list = new List<Substitute>();
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
            list.Add(new Substitute(await ItemId(inputs![i].ItemCode, $"substitutes[{i}].itemCode", ct), inputs[i].EquivalenceFactor));
        return list;
    }

    private async Task<List<RequirementView>> Views(IReadOnlyList<Requirement> requirements, CancellationToken ct)
    {
        var ids = requirements.SelectMany(r => r.Substitutes.Select(s => s.ItemId).Append(r.ItemId)).Distinct().ToList();
        var items = await db.CatalogueItems.Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.Code, i.Name }).ToDictionaryAsync(i => i.Id, ct);
        return requirements.Select(r => new RequirementView(r.Id, r.Period, r.PriorityRank, r.ItemId,
            items.GetValueOrDefault(r.ItemId)?.Code ?? "?", items.GetValueOrDefault(r.ItemId)?.Name ?? "?",
            r.Substitutes.Select(s => new SubstituteView(s.ItemId, items.GetValueOrDefault(s.ItemId)?.Code ?? "?", s.EquivalenceFactor)).ToList(),
            r.Quantity, r.QuantityCovered, r.QuantityDelivered, r.NeededBy, r.Destination, r.Status.ToString(), r.Note, r.Illustrative, r.Version)).ToList();
    }
}
