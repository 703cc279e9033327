namespace Quartermaster.Domain.Funding;

using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;

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
    public string Pool { get; private set; } = "";
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
