using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Delivery;
using Quartermaster.Domain.Delivery;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Delivery;

/// <summary>
/// The receipt form (usable on a phone): per line accepted, rejected with a reason, short; for serial-tracked lines the
/// scanned serials. The page checks the balance as you type; the server checks it again.
/// </summary>
public sealed class ReceiveModel(ShipmentsService shipments, ReceiptsService receipts, CurrentActor current) : DeliveryPage
{
    public ShipmentDetail Shipment { get; private set; } = null!;

    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? SignedBy { get; set; }
    [BindProperty] public string? ReceivingUnit { get; set; }
    [BindProperty] public List<LineForm> Lines { get; set; } = [];

    public sealed class LineForm
    {
        public int LineNumber { get; set; }
        public int? Accepted { get; set; }
        public int? Rejected { get; set; }
        public RejectReason Reason { get; set; } = RejectReason.Damaged;
        public int? Short { get; set; }
        public string? AcceptedSerials { get; set; }
        public string? RejectedSerials { get; set; }
        public bool RestMissing { get; set; }
    }

    public static string ReasonLabel(RejectReason r) => r switch
    {
        RejectReason.Damaged => "damaged", RejectReason.WrongItem => "wrong item", RejectReason.Expired => "expired", _ => "incomplete",
    };

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (!MayReceive) return Forbid();
        try { Shipment = await shipments.Get(id, ct); }
        catch (NotFoundException) { return NotFound(); }
        Number = $"RCV-{Shipment.Summary.Reference}-{HttpContext.UtcNow():yyyyMMddHHmm}";
        SignedBy = User.Identity?.Name;
        Lines = Shipment.Lines.Where(l => l.Open > 0).Select(l => new LineForm { LineNumber = l.LineNumber }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!MayReceive) return Forbid();
        try { Shipment = await shipments.Get(id, ct); }
        catch (NotFoundException) { return NotFound(); }
        var input = new List<ReceiptLineInput>();
        foreach (var l in Lines)
        {
            var line = Shipment.Lines.FirstOrDefault(x => x.LineNumber == l.LineNumber);
            if (line is null) continue;
            if (line.Tracking == "Serial")
            {
                static IEnumerable<string> Split(string? s) => (s ?? "").Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var serials = Split(l.AcceptedSerials).Select(x => new ReceiptSerialInput(x))
                    .Concat(Split(l.RejectedSerials).Select(x => new ReceiptSerialInput(x, SerialOutcome.Rejected, l.Reason))).ToList();
                if (serials.Count == 0 && !l.RestMissing) continue;
                input.Add(new ReceiptLineInput(l.LineNumber, Serials: serials, RemainingMissing: l.RestMissing));
            }
            else
            {
                if ((l.Accepted ?? 0) + (l.Rejected ?? 0) + (l.Short ?? 0) == 0 && !l.RestMissing) continue;
                input.Add(new ReceiptLineInput(l.LineNumber, l.Accepted ?? 0, l.Rejected is > 0 ? [new RejectionInput(l.Reason, l.Rejected.Value)] : [],
                    l.Short ?? 0, null, l.RestMissing));
            }
        }
        if (input.Count == 0)
        {
            Error = "Enter what arrived on at least one line.";
            return Page();
        }
        var posted = await Attempt(() => receipts.Post(current.Actor, new ReceiptInput(id, Number, SignedBy, null, ReceivingUnit, input), null, ct));
        if (posted is null) return Page();
        var problems = posted.Discrepancies.Count == 0 ? "no discrepancies" : $"{posted.Discrepancies.Count} discrepancies opened";
        return Redirect($"/shipments/{id}?done={Uri.EscapeDataString($"Receipt {posted.Summary.Number} signed: {posted.Summary.Accepted} accepted, {problems}.")}");
    }
}
