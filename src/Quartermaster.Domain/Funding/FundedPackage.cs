namespace Quartermaster.Domain.Funding;

using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;

/// <summary>A requirement line of a package: its item, quantity and unit value in the package's currency.</summary>
public sealed record PackageLine(Guid RequirementId, Guid ItemId, int Quantity, decimal UnitValue)
{
    public decimal Value => Quantity * UnitValue;
}

public enum PackageContributionState { Invited, Accepted, Declined }

/// <summary>
/// A package's life: <c>Open</c> (contributions are invited and answered) → <c>Closed</c> (funding closed: no new
/// invitations, nothing pending) or <c>Cancelled</c> (from Open or Closed; a reason is required). Accepted money is
/// committed while the package is Open or Closed; cancelling releases it.
/// </summary>
public enum PackageState { Open, Closed, Cancelled }

/// <summary>
/// A contribution invited to a package: the pledge and how much of it (in the package's currency) it puts in;
/// <see cref="PoolAmount"/> is the same money in its pool's currency (converted on the day of the invitation, then fixed),
/// which is what the contribution's balance counts as committed once accepted.
/// </summary>
public sealed record PackageContribution(Guid PledgeId, string DonorCode, decimal Amount, PackageContributionState State,
    decimal PoolAmount = 0, string PoolCurrency = "", DateOnly? InvitedOn = null);

/// <summary>Which contribution's money pays how much of which line (package currency).</summary>
public sealed record LineAttribution(Guid PledgeId, string DonorCode, Guid RequirementId, decimal Amount);

/// <summary>
/// A package of requirement lines that a producing nation or company delivers, funded by several nations' contributions
/// up to a target value (e.g. USD 500 M). Contributions are invited, then accepted or declined; <see cref="Attribute"/>
/// records which accepted contribution's money pays for which line, under each donor's limits (<see cref="FundingPledge.MayPayFor"/>).
/// </summary>
public sealed class FundedPackage : VersionedEntity
{
    private FundedPackage() { }

    public FundedPackage(Guid id, string name, Currency currency, decimal targetValue, string? producerNation, Guid? producerCompanyId,
        IEnumerable<PackageLine> lines, DateOnly? createdOn = null, string? description = null)
    {
        Id = id;
        Name = Guard.Required(name, "name", 200);
        Description = Guard.Optional(description, "description", 2000);
        Currency = currency.Code;
        if (targetValue <= 0) throw new DomainException("targetValue", $"The target value must be greater than zero (got {targetValue}).");
        TargetValue = Amounts.Stored(targetValue);
        if (producerNation is null && producerCompanyId is null) throw new DomainException("producer", "Name the producing nation or company.");
        ProducerNation = producerNation is null ? null : Nations.NationCode.Parse(producerNation, "producerNation");
        ProducerCompanyId = producerCompanyId;
        var list = (lines ?? []).ToList();
        if (list.Count == 0) throw new DomainException("lines", "A package has at least one requirement line.");
        if (list.Count > MaxLines) throw new DomainException("lines", $"A package has at most {MaxLines} lines (got {list.Count}).");
        for (var i = 0; i < list.Count; i++)
        {
            Guard.Positive(list[i].Quantity, $"lines[{i}].quantity");
            if (list[i].UnitValue <= 0) throw new DomainException($"lines[{i}].unitValue", $"The unit value must be greater than zero (got {list[i].UnitValue}).");
            if (list.Take(i).Any(l => l.RequirementId == list[i].RequirementId)) throw new DomainException($"lines[{i}].requirementId", "The requirement is listed twice.");
        }
        Lines = list.Select(l => l with { UnitValue = Amounts.Stored(l.UnitValue) }).ToList();
        CreatedOn = createdOn ?? default;
    }

    public const int MaxLines = 500;

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string Currency { get; private set; } = "";
    public decimal TargetValue { get; private set; }
    public string? ProducerNation { get; private set; }
    public Guid? ProducerCompanyId { get; private set; }
    public DateOnly CreatedOn { get; private set; }
    public PackageState State { get; private set; } = PackageState.Open;
    public string? CancelReason { get; private set; }
    public bool Illustrative { get; private set; }
    public List<PackageLine> Lines { get; private set; } = [];
    public List<PackageContribution> Contributions { get; private set; } = [];
    public List<LineAttribution> Attributions { get; private set; } = [];

    public override string LedgerKey => Id.ToString();

    public decimal Value => Lines.Sum(l => l.Value);

    /// <summary>Whether the package still holds its accepted contributions' money (committed in their balances).</summary>
    public bool HoldsMoney => State is PackageState.Open or PackageState.Closed;

    /// <summary>What accepted contributions put in (package currency).</summary>
    public decimal Accepted => Contributions.Where(c => c.State == PackageContributionState.Accepted).Sum(c => c.Amount);

    /// <summary>What the attribution pays of the lines (package currency).</summary>
    public decimal Attributed => Attributions.Sum(a => a.Amount);

    /// <summary>The part of the lines' value no accepted money is attributed to.</summary>
    public decimal Unpaid => Value - Attributed;

    public void MarkIllustrative(bool illustrative) => Illustrative = illustrative;

    public void Invite(FundingPledge pledge, decimal amount) => Invite(pledge, amount, amount, Currency, decimal.MaxValue, null);

    /// <summary>
    /// Invites a contribution: <paramref name="amount"/> in the package's currency, <paramref name="poolAmount"/> the same
    /// money in the pool's currency, which must not exceed what the contribution has left (<paramref name="remainingInPool"/>).
    /// </summary>
    public void Invite(FundingPledge pledge, decimal amount, decimal poolAmount, string poolCurrency, decimal remainingInPool, DateOnly? on)
    {
        EnsureOpen("invite contributions to");
        if (amount <= 0) throw new DomainException("amount", $"The amount must be greater than zero (got {amount}).");
        if (pledge.Status == FundingStatus.Withdrawn) throw new DomainException("pledgeId", "The pledge was withdrawn: its money pays for nothing (funds.withdrawn).");
        if (Contributions.Any(c => c.PledgeId == pledge.Id)) throw new DomainException("pledgeId", "That contribution is already invited.");
        if (poolAmount > remainingInPool)
            throw new DomainException("amount", $"{pledge.DonorCode}'s contribution has {remainingInPool:N2} {poolCurrency} left; this invitation needs {poolAmount:N2} {poolCurrency} (funds.exhausted).");
        Contributions.Add(new PackageContribution(pledge.Id, pledge.DonorCode, Amounts.Stored(amount), PackageContributionState.Invited,
            Amounts.Stored(poolAmount), poolCurrency, on));
    }

    public void Answer(Guid pledgeId, bool accept) => Answer(pledgeId, accept, decimal.MaxValue);

    /// <summary>
    /// Accepts or declines an invited contribution. Accepting checks again that the contribution still has the money
    /// (<paramref name="remainingInPool"/>, in its pool's currency): it may have been spent since the invitation.
    /// </summary>
    public void Answer(Guid pledgeId, bool accept, decimal remainingInPool)
    {
        EnsureOpen("answer contributions to");
        var i = Contributions.FindIndex(c => c.PledgeId == pledgeId);
        if (i < 0) throw new DomainException("pledgeId", "That contribution was not invited.");
        var c = Contributions[i];
        if (c.State != PackageContributionState.Invited) throw new DomainException("state", $"The contribution was already {c.State.ToString().ToLowerInvariant()}.");
        if (accept && c.PoolAmount > remainingInPool)
            throw new DomainException("amount", $"{c.DonorCode}'s contribution has {remainingInPool:N2} {c.PoolCurrency} left; accepting needs {c.PoolAmount:N2} {c.PoolCurrency} (funds.exhausted).");
        var list = Contributions.ToList();
        list[i] = c with { State = accept ? PackageContributionState.Accepted : PackageContributionState.Declined };
        Contributions = list;
    }

    /// <summary>Closes funding: no new invitations. Nothing may still wait for an answer.</summary>
    public void Close()
    {
        EnsureOpen("close");
        if (Contributions.Any(c => c.State == PackageContributionState.Invited))
            throw new DomainException("state", "Contributions are still waiting for an answer: accept or decline them first.");
        State = PackageState.Closed;
    }

    /// <summary>Cancels the package: its accepted money is released (no longer committed).</summary>
    public void Cancel(string? reason)
    {
        if (State == PackageState.Cancelled) throw new DomainException("state", "The package is already cancelled.");
        CancelReason = Guard.Required(reason, "reason", 500);
        State = PackageState.Cancelled;
    }

    private void EnsureOpen(string what)
    {
        if (State != PackageState.Open) throw new DomainException("state", $"A {State.ToString().ToLowerInvariant()} package: cannot {what} it.");
    }

    /// <summary>
    /// Attributes accepted money to lines: a maximum flow from contributions (capacity: the amount put in) through the
    /// edges their limits allow (contribution → line only where <see cref="FundingPledge.MayPayFor"/> allows the line's item)
    /// to lines (capacity: the line's value), in whole cents. The flow is maximal: no other attribution pays more of the
    /// package. Deterministic: lines in the order given (the priority order), contributions most restricted first.
    /// </summary>
    public void Attribute(IReadOnlyDictionary<Guid, FundingPledge> pledges, IReadOnlyDictionary<Guid, CatalogueItem> items)
    {
        var accepted = Contributions.Where(c => c.State == PackageContributionState.Accepted).ToList();
        var allowed = new bool[accepted.Count, Lines.Count];
        for (var c = 0; c < accepted.Count; c++)
            for (var l = 0; l < Lines.Count; l++)
                allowed[c, l] = pledges[accepted[c].PledgeId].MayPayFor(items[Lines[l].ItemId]).Allowed;
        var order = Enumerable.Range(0, accepted.Count).OrderBy(c => Enumerable.Range(0, Lines.Count).Count(l => allowed[c, l])).ThenBy(c => accepted[c].DonorCode, StringComparer.Ordinal).ToArray();
        var flows = MaxFlow.Solve(order.Select(c => Cents(accepted[c].Amount)).ToArray(), Lines.Select(l => Cents(l.Value)).ToArray(),
            (c, l) => allowed[order[c], l]);
        var result = new List<LineAttribution>();
        for (var c = 0; c < order.Length; c++)
            for (var l = 0; l < Lines.Count; l++)
                if (flows[c, l] > 0)
                    result.Add(new LineAttribution(accepted[order[c]].PledgeId, accepted[order[c]].DonorCode, Lines[l].RequirementId, flows[c, l] / 100m));
        Attributions = result;
    }

    private static long Cents(decimal v) => (long)Math.Floor(v * 100m);
}

/// <summary>An integer maximum flow (Dinic) on a bipartite graph: supplies → allowed edges → demands.</summary>
public static class MaxFlow
{
    public static long[,] Solve(long[] supplies, long[] demands, Func<int, int, bool> allowed)
    {
        int s = supplies.Length, d = demands.Length, n = s + d + 2, src = s + d, snk = s + d + 1;
        var to = new List<int>(); var cap = new List<long>(); var next = new List<int>();
        var head = Enumerable.Repeat(-1, n).ToArray();
        void Edge(int u, int v, long c)
        {
            to.Add(v); cap.Add(c); next.Add(head[u]); head[u] = to.Count - 1;
            to.Add(u); cap.Add(0); next.Add(head[v]); head[v] = to.Count - 1;
        }
        for (var i = 0; i < s; i++) Edge(src, i, supplies[i]);
        var edgeOf = new int[s, d];
        for (var i = 0; i < s; i++)
            for (var j = 0; j < d; j++)
            {
                edgeOf[i, j] = -1;
                if (allowed(i, j)) { Edge(i, s + j, long.MaxValue / 4); edgeOf[i, j] = to.Count - 2; }
            }
        for (var j = 0; j < d; j++) Edge(s + j, snk, demands[j]);
        var level = new int[n]; var it = new int[n];
        bool Bfs()
        {
            Array.Fill(level, -1); level[src] = 0;
            var q = new Queue<int>(); q.Enqueue(src);
            while (q.Count > 0)
            {
                var u = q.Dequeue();
                for (var e = head[u]; e >= 0; e = next[e])
                    if (cap[e] > 0 && level[to[e]] < 0) { level[to[e]] = level[u] + 1; q.Enqueue(to[e]); }
            }
            return level[snk] >= 0;
        }
        long Dfs(int u, long f)
        {
            if (u == snk) return f;
            for (; it[u] >= 0; it[u] = next[it[u]])
            {
                var e = it[u];
                if (cap[e] <= 0 || level[to[e]] != level[u] + 1) continue;
                var got = Dfs(to[e], Math.Min(f, cap[e]));
                if (got > 0) { cap[e] -= got; cap[e ^ 1] += got; return got; }
            }
            return 0;
        }
        while (Bfs())
        {
            for (var i = 0; i < n; i++) it[i] = head[i];
            while (Dfs(src, long.MaxValue) is var f && f > 0) { }
        }
        var flows = new long[s, d];
        for (var i = 0; i < s; i++)
            for (var j = 0; j < d; j++)
                if (edgeOf[i, j] >= 0) flows[i, j] = cap[edgeOf[i, j] ^ 1];
        return flows;
    }
}
