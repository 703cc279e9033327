namespace Quartermaster.Domain.Offers;

/// <summary>
/// What a package's value rests on: the amount its source states, an estimate (units × a price list), or nothing
/// (the source gives no amount and no line can be priced).
/// </summary>
public enum ValuationBasis { Unknown, Stated, Estimated }
