namespace Quartermaster.Domain.Funding;

using Quartermaster.Domain.Access;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Nations;

public enum FundingStatus { Pledged, Committed, Withdrawn }

/// <summary>
/// Money from a nation into a pool. The donor's limits travel with the money: a non-lethal-only donor's
/// money buys only non-lethal items, also when pooled.
/// </summary>
public sealed class FundingPledge : VersionedEntity, IReleasable
{
    private FundingPledge() { }

    public FundingPledge(Guid id, string donorCode, string pool, Money amount, DateOnly pledgedOn, bool nonLethalOnly)
    {
        Id = id;
        DonorCode = donorCode;
        Pool = Guard.Required(pool, "pool", 120);
        PledgedOn = pledgedOn;
        NonLethalOnly = nonLethalOnly;
        Change(amount, null);
    }

    public Guid Id { get; private set; }
    public string DonorCode { get; private set; } = "";

    /// <summary>The code of the pool the money goes into (see <see cref="PoolId"/>); free text in records from before pools.</summary>
    public string Pool { get; private set; } = "";

    /// <summary>The pool the money goes into.</summary>
    public Guid? PoolId { get; private set; }

    /// <summary>Control-list categories this money never buys ("|ML4|9A|"): the donor's policy's, and any the pledge adds.</summary>
    public string? ForbiddenCategories { get; private set; }

    /// <summary>Earmark: the money buys only items of this capability coalition.</summary>
    public string? EarmarkCoalition { get; private set; }

    /// <summary>Earmark: the money buys only this catalogue item.</summary>
    public Guid? EarmarkItemId { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "";
    public DateOnly PledgedOn { get; private set; }

    /// <summary>Carried from the donor's policy when pledged; it can be tightened, never loosened.</summary>
    public bool NonLethalOnly { get; private set; }
    public string? Note { get; private set; }
    public FundingStatus Status { get; private set; } = FundingStatus.Pledged;

    public override string LedgerKey => Id.ToString();

    public Releasability Releasability { get; private set; } = Releasability.Coordinators;

    public string? ReleasedTo { get; private set; }

    public void Release(Releasability releasability, IEnumerable<string>? nations)
        => (Releasability, ReleasedTo) = ReleaseList.Terms(releasability, nations);


    public Money Money => Money.Of(Amount, Currency);

    public void Change(Money amount, string? note)
    {
        if (Status != FundingStatus.Pledged)
            throw new DomainException("status", $"A {Status.ToString().ToLowerInvariant()} pledge cannot change.");
        if (amount.Amount <= 0)
            throw new DomainException("amount", $"Amount must be greater than zero (got {amount.Amount}).");
        var checkedNote = Guard.Optional(note, "note", 2000);
        Amount = Amounts.Stored(amount.Amount);
        Currency = amount.Currency.Code;
        Note = checkedNote;
    }

    public void RestrictToNonLethal() => NonLethalOnly = true;

    /// <summary>Files the money into a pool.</summary>
    public void PutInto(FundingPool pool)
    {
        PoolId = pool.Id;
        Pool = pool.Code;
    }

    /// <summary>
    /// Sets the donor's limits on this money: the donor's policy always applies (non-lethal only, its forbidden
    /// categories); the pledge may add categories and earmark a coalition (validated) or one catalogue item.
    /// </summary>
    public void SetLimits(NationPolicy donorPolicy, IEnumerable<string>? extraForbidden, string? earmarkCoalition, Guid? earmarkItemId)
    {
        var categories = new List<string>();
        foreach (var c in donorPolicy.ForbiddenCategories.Concat(extraForbidden ?? []))
        {
            var code = c?.Trim().ToUpperInvariant() ?? "";
            if (code.Length is 0 or > 20 || !code.All(char.IsAsciiLetterOrDigit))
                throw new DomainException("forbiddenCategories", $"'{c}' is not a control-list category (e.g. ML4, 9A).");
            if (!categories.Contains(code)) categories.Add(code);
        }
        var coalition = string.IsNullOrWhiteSpace(earmarkCoalition) ? null : Coalitions.Parse(earmarkCoalition, "earmarkCoalition");
        if (coalition is not null && earmarkItemId is not null)
            throw new DomainException("earmarkItem", "Earmark either a coalition or an item, not both.");
        if (donorPolicy.NonLethalOnly) NonLethalOnly = true;
        categories.Sort(StringComparer.Ordinal);
        ForbiddenCategories = categories.Count == 0 ? null : "|" + string.Join('|', categories) + "|";
        EarmarkCoalition = coalition;
        EarmarkItemId = earmarkItemId;
    }

    public IReadOnlyList<string> ForbiddenCategoryList => ReleaseList.Decode(ForbiddenCategories);

    /// <summary>
    /// The one rule deciding whether this money may pay for an item: the donor's limits travel with it into every pool,
    /// package and order (hard case 3). Non-lethal only, forbidden control-list categories, and earmarks.
    /// </summary>
    public PaymentDecision MayPayFor(CatalogueItem item)
    {
        if (Status == FundingStatus.Withdrawn)
            return PaymentDecision.Deny("funds.withdrawn", "the pledge was withdrawn");
        var policy = new NationPolicy { NonLethalOnly = NonLethalOnly, ForbiddenCategories = ForbiddenCategoryList.ToList() }.Permits(item);
        if (!policy.Allowed)
            return PaymentDecision.Deny(policy.Code == "policy.non-lethal-only" ? "funds.non-lethal-only" : "funds.forbidden-category",
                $"{DonorCode}'s money: {policy.Reason}");
        if (EarmarkCoalition is not null && item.Coalition != EarmarkCoalition)
            return PaymentDecision.Deny("funds.earmark", $"{DonorCode}'s money is earmarked for the {Coalitions.NameOf(EarmarkCoalition)} coalition and '{item.Name}' is not in it");
        if (EarmarkItemId is not null && item.Id != EarmarkItemId)
            return PaymentDecision.Deny("funds.earmark", $"{DonorCode}'s money is earmarked for one item and '{item.Name}' is another");
        return PaymentDecision.Allow;
    }

    /// <summary>Whether this money may buy an item with the given lethality.</summary>
    public bool MayBuy(bool itemIsLethal) => !(NonLethalOnly && itemIsLethal);

    public void Commit()
    {
        if (Status != FundingStatus.Pledged)
            throw new DomainException("status", $"Only a pledged amount can be committed; this one is {Status}.");
        Status = FundingStatus.Committed;
    }

    public void Withdraw()
    {
        if (Status == FundingStatus.Committed)
            throw new DomainException("status", "Committed money cannot be withdrawn.");
        Status = FundingStatus.Withdrawn;
    }
}

/// <summary>Whether a contribution may pay for an item; <see cref="Code"/> and <see cref="Reason"/> say why not.</summary>
public sealed record PaymentDecision(bool Allowed, string? Code, string? Reason)
{
    public static readonly PaymentDecision Allow = new(true, null, null);
    public static PaymentDecision Deny(string code, string reason) => new(false, code, reason);
}
