using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Delivery;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Delivery;

/// <summary>Discrepancies the signed-in person may see (a donor: its own), with the actions its role allows.</summary>
public sealed class DiscrepanciesModel(DiscrepanciesService discrepancies, CurrentActor current) : DeliveryPage
{
    public Page<DiscrepancyView> Items { get; private set; } = new([], 0, 1, 50);
    public DiscrepancyState? State { get; private set; }
    public Guid? ShipmentId { get; private set; }

    public bool MayReview => MayReceive;
    public bool MayContest(DiscrepancyView d) => MayShip && (IsCoordinator || Nation == d.DonorCode);

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Request.Query.ContainsKey("done")) Done = Request.Query["done"].ToString();
        await Load(ct);
    }

    private async Task Load(CancellationToken ct)
    {
        State = Enum.TryParse<DiscrepancyState>(Request.Query["state"], true, out var st) ? st : null;
        ShipmentId = Guid.TryParse(Request.Query["shipmentId"], out var sid) ? sid : null;
        Items = await discrepancies.List(new PageQuery(1, 200), State, null, ShipmentId, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string act, string? note, Resolution? resolution, CancellationToken ct)
    {
        if (!MayMove) return Forbid();
        var done = await Attempt(() => discrepancies.Act(current.Actor, id, act, null, new DiscrepancyActionInput(note, resolution), ct));
        if (done is null)
        {
            await Load(ct);
            return Page();
        }
        return Redirect($"/discrepancies?done={Uri.EscapeDataString($"Discrepancy on {done.ShipmentReference} line {done.LineNumber}: {done.StateLabel}.")}"
                        + (ShipmentId is { } s ? $"&shipmentId={s}" : ""));
    }

    public static string ResolutionLabel(Resolution r) => r switch
    {
        Resolution.Replaced => "replaced", Resolution.Credited => "credited", _ => "written off",
    };
}
