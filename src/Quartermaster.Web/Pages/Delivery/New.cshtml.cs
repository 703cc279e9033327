using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Delivery;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Delivery;

/// <summary>A new shipment from one of the confirmed allocations the signed-in person may ship (units not yet on a shipment).</summary>
public sealed class NewShipmentModel(ShipmentsService shipments, CurrentActor current) : DeliveryPage
{
    public IReadOnlyList<OpenAllocation> Open { get; private set; } = [];

    [BindProperty] public Guid AllocationId { get; set; }
    [BindProperty] public int Quantity { get; set; }
    [BindProperty] public string? Carrier { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Open = await shipments.OpenAllocations(current.Actor, ct);
        if (Guid.TryParse(Request.Query["allocation"], out var a)) AllocationId = a;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!MayShip) return Forbid();
        var created = await Attempt(() => shipments.Create(current.Actor, new ShipmentInput([new ShipmentLineInput(AllocationId, Quantity)], Carrier: Carrier), ct));
        if (created is null)
        {
            Open = await shipments.OpenAllocations(current.Actor, ct);
            return Page();
        }
        return Redirect($"/shipments/{created.Summary.Id}?done={Uri.EscapeDataString("Shipment planned: capture serial numbers, then dispatch.")}");
    }
}
