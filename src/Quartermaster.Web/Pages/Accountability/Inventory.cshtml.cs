using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Accountability;
using Quartermaster.Domain.Accountability;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;
using Quartermaster.Web.Pages.Delivery;

namespace Quartermaster.Web.Pages.Accountability;

/// <summary>
/// Posting a unit's serial inventory from a phone: scanned serials one per line ("serial, status, evidence, noticed on"),
/// or a scan file. Serials typed by hand are marked as such, with who typed them.
/// </summary>
public sealed class InventoryModel(AccountabilityService accountability, CurrentActor current) : DeliveryPage
{
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Lines { get; set; }
    [BindProperty] public bool Manual { get; set; }
    public InventoryResult? Result { get; private set; }

    public IActionResult OnGet()
    {
        if (!MayReceive) return Forbid();
        Number = $"INV-{HttpContext.UtcNow():yyyyMMdd-HHmmss}";
        Unit = Request.Query["unit"];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (!MayReceive) return Forbid();
        if (file is { Length: > 0 })
        {
            await using var stream = file.OpenReadStream();
            Result = await Attempt(() => accountability.PostInventoryFile(current.Actor, Number, Unit, null, stream, file.FileName, ct));
            return Page();
        }
        var parsed = new List<InventoryLineInput>();
        var n = 0;
        foreach (var raw in (Lines ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            n++;
            var parts = raw.Split([',', ';', '\t'], StringSplitOptions.TrimEntries);
            var status = Disposition.InService;
            if (parts.Length > 1 && parts[1].Length > 0 && !Enum.TryParse(parts[1].Replace(" ", "").Replace("_", ""), true, out status))
            {
                Error = $"Line {n} ('{raw}'): '{parts[1]}' is not a status; use in service, under repair, expended, destroyed, lost, stolen or captured.";
                return Page();
            }
            DateTime? noticed = null;
            if (parts.Length > 3 && parts[3].Length > 0)
            {
                if (!DateTime.TryParseExact(parts[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
                {
                    Error = $"Line {n} ('{raw}'): '{parts[3]}' is not a date (YYYY-MM-DD).";
                    return Page();
                }
                noticed = d;
            }
            parsed.Add(new InventoryLineInput(parts[0], status, null, parts.Length > 2 ? parts[2] : null, noticed, Manual));
        }
        Result = await Attempt(() => accountability.PostInventory(current.Actor, new InventoryInput(Number, Unit, null, parsed), null, ct));
        if (Result is not null) Done = $"Inventory {Result.Number} of {Result.Unit} posted: {Result.Observed} serials"
                                       + (Result.Replayed ? " (already posted: nothing changed)." : ".");
        return Page();
    }
}
