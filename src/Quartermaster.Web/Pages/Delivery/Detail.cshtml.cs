using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Pages.Delivery;

/// <summary>One shipment: the tracker (legs planned against actual), its lines, serial capture, the next step, receipts and discrepancies.</summary>
public sealed class ShipmentModel(ShipmentsService shipments, IdentificationService identification, CurrentActor current) : DeliveryPage
{
    public ShipmentDetail Shipment { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (Request.Query.ContainsKey("done")) Done = Request.Query["done"].ToString();
        return await Load(id, ct);
    }

    private async Task<IActionResult> Load(Guid id, CancellationToken ct)
    {
        try { Shipment = await shipments.Get(id, ct); }
        catch (NotFoundException) { return NotFound(); }
        return Page();
    }

    private async Task<IActionResult> After<T>(Guid id, Func<Task<T>> command, string done, CancellationToken ct) where T : class
    {
        if (!MayMove) return Forbid();
        if (await Attempt(command) is null) return await Load(id, ct);
        return Redirect($"/shipments/{id}?done={Uri.EscapeDataString(done)}");
    }

    public Task<IActionResult> OnPostDispatchAsync(Guid id, string? overrideReason, CancellationToken ct)
        => After(id, () => shipments.Dispatch(current.Actor, id, null, new DispatchInput(null, overrideReason), ct), "Dispatched.", ct);

    public Task<IActionResult> OnPostArriveAsync(Guid id, CancellationToken ct)
        => After(id, () => shipments.ArriveAtHub(current.Actor, id, null, new EventInput(), ct), "Arrived at the hub.", ct);

    public Task<IActionResult> OnPostHandOverAsync(Guid id, CancellationToken ct)
        => After(id, () => shipments.HandOver(current.Actor, id, null, new EventInput(), ct), "Handed over to the recipient.", ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, string? reason, CancellationToken ct)
        => After(id, () => shipments.Cancel(current.Actor, id, null, new CancelInput(reason), ct), "Cancelled.", ct);

    /// <summary>Serials typed or scanned into a box (one per line), or a CSV/XLSX file.</summary>
    public async Task<IActionResult> OnPostSerialsAsync(Guid id, int lineNumber, string? serials, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            await using var stream = file.OpenReadStream();
            return await After(id, () => identification.SetSerialsFromFile(current.Actor, id, stream, file.FileName, ct), "Serial numbers saved.", ct);
        }
        var list = (serials ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return await After(id, () => identification.SetSerials(current.Actor, id, [new SerialsInput(lineNumber, list)], ct), "Serial numbers saved.", ct);
    }

    /// <summary>Lots as "lot, quantity" lines.</summary>
    public async Task<IActionResult> OnPostLotsAsync(Guid id, int lineNumber, string? lots, CancellationToken ct)
    {
        var parsed = new List<LotInput>();
        foreach (var (text, i) in (lots ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((t, i) => (t, i)))
        {
            var parts = text.Split([',', ';', '\t'], StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !int.TryParse(parts[1], out var q))
            {
                Error = $"Lot line {i + 1} ('{text}') is not 'lot, quantity'.";
                return await Load(id, ct);
            }
            parsed.Add(new LotInput(parts[0], q));
        }
        return await After(id, () => identification.SetLots(current.Actor, id, [new LotsInput(lineNumber, parsed)], ct), "Lots saved.", ct);
    }
}
