namespace Quartermaster.Domain.Delivery;

/// <summary>
/// A record of what one donor's goods did after the plan; visible by <see cref="Access.Viewer.SeesDelivery"/>. For goods
/// bought with pooled money (a production order's units) <see cref="DonorCode"/> is the shipper (the producing company's
/// nation) and <see cref="PaidBy"/> lists the nations whose money paid for them: their points of contact see it too.
/// </summary>
public interface IDonated
{
    string DonorCode { get; }

    /// <summary>The paying nations of purchased goods as a release list (<c>"|USA|DEU|"</c>); null for gifts.</summary>
    string? PaidBy { get; }
}
