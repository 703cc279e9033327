namespace Quartermaster.Domain.Delivery;

/// <summary>A record of what one donor's goods did after the plan; visible by <see cref="Access.Viewer.SeesDelivery"/>.</summary>
public interface IDonated
{
    string DonorCode { get; }
}
