namespace Quartermaster.Domain.Delivery;

using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Offers;

/// <summary>What dispatching needs to know about one line: its identification so far and its offer's clearances.</summary>
public sealed record LineReadiness(int LineNumber, string ItemName, Tracking Tracking, int Quantity, int SerialCount, int LotTotal,
    ClearanceStatus TransferConsent, string? ConsentFrom, ClearanceStatus ExportLicence, bool LicenceRequired = false);

/// <summary>The load of a hub in the week a shipment passes it: tonnes of other dispatched shipments, and this one's.</summary>
public sealed record HubLoad(string HubCode, DateOnly WeekStart, decimal CapacityTonnes, decimal OtherTonnes, decimal ThisTonnes)
{
    public bool Exceeded => OtherTonnes + ThisTonnes > CapacityTonnes;
}

/// <summary>Everything the dispatch rule looks at; an override of the hub capacity needs a coordinator and a reason.</summary>
public sealed record DispatchReadiness(IReadOnlyList<LineReadiness> Lines, HubLoad? Hub, string? OverrideReason = null, bool OverrideByCoordinator = false);

public sealed record DispatchProblem(string Field, string Message);

/// <summary>
/// The dispatch rule, in one place: nothing ships while a transfer consent or export licence is pending or denied
/// (hard case 4), nor without a licence the donor's policy requires (the offer's <see cref="Clearance"/> rule); serial-tracked lines need one serial per unit, lot-tracked lines lots summing to the line, before
/// dispatch; a hub's weekly tonnes are not exceeded unless a coordinator overrides with a reason (hard case 8).
/// </summary>
public static class DispatchRules
{
    public static IReadOnlyList<DispatchProblem> Problems(DispatchReadiness r)
    {
        var problems = new List<DispatchProblem>();
        if (r.Lines.Count == 0) problems.Add(new("lines", "it has no lines"));
        foreach (var l in r.Lines)
        {
            if (l.TransferConsent is ClearanceStatus.Pending or ClearanceStatus.Denied)
                problems.Add(new("transferConsent", $"line {l.LineNumber} ({l.ItemName}): the transfer consent from {l.ConsentFrom ?? "the country of origin"} is {(l.TransferConsent == ClearanceStatus.Denied ? "denied" : "still pending")}"));
            if (l.ExportLicence is ClearanceStatus.Pending or ClearanceStatus.Denied)
                problems.Add(new("exportLicence", $"line {l.LineNumber} ({l.ItemName}): the export licence is {(l.ExportLicence == ClearanceStatus.Denied ? "denied" : "still pending")}"));
            else if (Clearance.LicenceMissing(l.ExportLicence, l.LicenceRequired))
                problems.Add(new("exportLicence", $"line {l.LineNumber} ({l.ItemName}): the donor's policy requires an export licence for this item and none has been granted (licence.required)"));
            if (l.Tracking == Tracking.Serial && l.SerialCount != l.Quantity)
                problems.Add(new("serials", $"line {l.LineNumber} ({l.ItemName}) has {l.SerialCount} of {l.Quantity} serial numbers"));
            if (l.Tracking == Tracking.Lot && l.LotTotal != l.Quantity)
                problems.Add(new("lots", $"the lots of line {l.LineNumber} ({l.ItemName}) cover {l.LotTotal} of {l.Quantity} units"));
        }
        if (r.Hub is { Exceeded: true } h)
        {
            var overridden = r.OverrideByCoordinator && !string.IsNullOrWhiteSpace(r.OverrideReason);
            if (!overridden)
                problems.Add(new("hub", $"hub {h.HubCode} is over capacity in the week of {h.WeekStart:yyyy-MM-dd}: {h.OtherTonnes:0.###} t already dispatched + {h.ThisTonnes:0.###} t of this shipment "
                                        + $"> {h.CapacityTonnes:0.###} t a week{(r.OverrideByCoordinator ? "; an override needs a reason" : "; only a coordinator can override it, with a reason")}"));
        }
        return problems;
    }
}
