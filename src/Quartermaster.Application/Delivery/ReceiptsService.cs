using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Application.Delivery;

public sealed record ReceiptSerialInput(string? Serial, SerialOutcome Outcome = SerialOutcome.Accepted, RejectReason? Reason = null);

public sealed record RejectionInput(RejectReason Reason, int Quantity);

public sealed record ReceiptLineInput(int LineNumber, int? Accepted = null, IReadOnlyList<RejectionInput>? Rejected = null, int? Short = null,
    IReadOnlyList<ReceiptSerialInput>? Serials = null, bool RemainingMissing = false);

public sealed record ReceiptInput(Guid ShipmentId, string? Number = null, string? SignedBy = null, DateTime? SignedAt = null,
    string? ReceivingUnit = null, IReadOnlyList<ReceiptLineInput>? Lines = null);

public sealed record ReversalInput(string? Number, string? Reason);

/// <summary>
/// Posting handover receipts: every line balances (accepted + rejected + short never more than shipped; serials one by
/// one), unexpected serials open "not expected" discrepancies, accepted units move the offer's delivered quantity and
/// the requirement's delivered coverage, and the shipment is received when nothing remains open. A receipt number
/// posted again returns the first result; with different content it is refused (409) naming the difference.
/// </summary>
public sealed class ReceiptsService(QuartermasterDb db, CustodyHook? custody = null)
{
    private DateTime Now => db.Clock.GetUtcNow().UtcDateTime;

    public async Task<ReceiptDetail> Post(Actor actor, ReceiptInput input, string? idempotencyKey, CancellationToken ct = default)
    {
        var number = Receipt.ParseNumber(idempotencyKey ?? input.Number);
        if (idempotencyKey is not null && input.Number is not null && input.Number.Trim() != idempotencyKey.Trim())
            throw new RequestException("number", $"The body's number '{input.Number}' differs from the Idempotency-Key '{idempotencyKey}'.");
        var posted = Posted(number, input);
        if (await Replay(number, posted, ct) is { } replay) return replay;
        var signedBy = input.SignedBy ?? actor.Name;
        var id = await CommandRunner.Run(db, actor, $"post receipt {number}", async () =>
        {
            var shipment = await db.Shipments.FirstOrDefaultAsync(s => s.Id == input.ShipmentId, ct)
                           ?? throw new RequestException("shipmentId", $"No shipment '{input.ShipmentId}' is open to you.");
            shipment.EnsureReceivable();
            var lines = await db.ShipmentLines.Where(l => l.ShipmentId == shipment.Id).ToDictionaryAsync(l => l.LineNumber, ct);
            // Read without tracking; the serials a receipt accounts for are written by the bulk writer (one ledger event each).
            var serials = await db.ShipmentSerials.AsNoTracking().Where(s => s.ShipmentId == shipment.Id).ToListAsync(ct);
            var serialsByLine = serials.ToLookup(s => s.LineId);
            var serialIndex = serials.ToDictionary(s => (s.LineId, s.Serial));
            var lineOfSerial = serials.GroupBy(s => s.Serial, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().LineId, StringComparer.Ordinal);
            var inputs = input.Lines ?? [];
            var receiptId = Guid.NewGuid();
            var receiptLines = new List<ReceiptLine>();
            var outcomes = new List<(ShipmentSerial Serial, SerialStatus Status)>();
            for (var i = 0; i < inputs.Count; i++)
            {
                var f = $"lines[{i}]";
                var li = inputs[i];
                if (!lines.TryGetValue(li.LineNumber, out var line))
                    throw new RequestException($"{f}.lineNumber", $"{shipment.Reference} has no line {li.LineNumber}.");
                ReceiptLine rl;
                if (line.Tracking == Tracking.Serial)
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    var listed = new List<ReceivedSerial>();
                    var unexpected = new List<string>();
                    var given = li.Serials ?? [];
                    for (var k = 0; k < given.Count; k++)
                    {
                        var sf = $"{f}.serials[{k}]";
                        var serial = Identification.ParseSerial(given[k].Serial, sf);
                        if (!seen.Add(serial)) throw new RequestException(sf, $"Serial {serial} is listed twice in line {line.LineNumber} of the receipt.");
                        if (given[k].Outcome == SerialOutcome.Rejected && given[k].Reason is null)
                            throw new RequestException($"{sf}.reason", $"Serial {serial} is rejected without a reason (damaged, wrong item, expired or incomplete).");
                        if (serialIndex.TryGetValue((line.Id, serial), out var shippedSerial))
                        {
                            if (shippedSerial.Status != SerialStatus.Shipped)
                                throw new RequestException(sf, $"Serial {serial} of line {line.LineNumber} was already accounted for by an earlier receipt.");
                            listed.Add(new ReceivedSerial(serial, given[k].Outcome, given[k].Outcome == SerialOutcome.Rejected ? given[k].Reason : null));
                            outcomes.Add((shippedSerial, StatusOf(given[k].Outcome)));
                        }
                        else if (lineOfSerial.TryGetValue(serial, out var otherLine) && otherLine != line.Id)
                            throw new RequestException(sf, $"Serial {serial} was shipped on line {lines.Values.First(l => l.Id == otherLine).LineNumber}, not line {line.LineNumber}.");
                        else if (given[k].Outcome == SerialOutcome.Accepted || given[k].Outcome == SerialOutcome.Rejected)
                            unexpected.Add(serial);
                        else
                            throw new RequestException(sf, $"Serial {serial} was never shipped on line {line.LineNumber}: it cannot be missing.");
                    }
                    if (li.RemainingMissing)
                        foreach (var s in serialsByLine[line.Id].Where(s => s.Status == SerialStatus.Shipped && !seen.Contains(s.Serial)).OrderBy(s => s.Serial, StringComparer.Ordinal))
                        {
                            listed.Add(new ReceivedSerial(s.Serial, SerialOutcome.Missing));
                            outcomes.Add((s, SerialStatus.Missing));
                        }
                    var accepted = listed.Count(s => s.Outcome == SerialOutcome.Accepted);
                    var shortUnits = listed.Count(s => s.Outcome == SerialOutcome.Missing);
                    var rejected = listed.Where(s => s.Outcome == SerialOutcome.Rejected).GroupBy(s => s.Reason!.Value)
                        .Select(g => new Rejection(g.Key, g.Count())).OrderBy(r => r.Reason).ToList();
                    Agree(li.Accepted, accepted, $"{f}.accepted", "accepted", line.LineNumber);
                    Agree(li.Short, shortUnits, $"{f}.short", "missing", line.LineNumber);
                    if (li.Rejected is { Count: > 0 } r && r.Sum(x => x.Quantity) != rejected.Sum(x => x.Quantity))
                        throw new RequestException($"{f}.rejected", $"Line {line.LineNumber}: {r.Sum(x => x.Quantity)} rejected units given but {rejected.Sum(x => x.Quantity)} serials are rejected.");
                    rl = new ReceiptLine(line.LineNumber, accepted, rejected, shortUnits, listed, unexpected);
                }
                else
                {
                    if (li.Serials is { Count: > 0 })
                        throw new RequestException($"{f}.serials", $"Line {line.LineNumber} is {Identification.TrackingWords(line.Tracking)}: give quantities, not serials.");
                    var rejected = (li.Rejected ?? []).GroupBy(r => r.Reason).Select(g => new Rejection(g.Key, g.Sum(x => x.Quantity))).OrderBy(r => r.Reason).ToList();
                    var shortUnits = li.Short ?? 0;
                    if (li.RemainingMissing) shortUnits += line.Open - (li.Accepted ?? 0) - rejected.Sum(r => r.Quantity) - shortUnits;
                    rl = new ReceiptLine(line.LineNumber, li.Accepted ?? 0, rejected, shortUnits, [], []);
                }
                if (rl.Accepted < 0 || rl.Short < 0 || rl.Rejected.Any(r => r.Quantity < 0))
                    throw new RequestException(f, $"Line {line.LineNumber}: quantities must not be negative.");
                line.Account(rl.Accepted, rl.RejectedTotal, rl.Short, f);
                receiptLines.Add(rl);
            }
            var receipt = Receipt.Post(receiptId, number, shipment.Id, shipment.DonorCode, signedBy, Utc(input.SignedAt) ?? Now,
                input.ReceivingUnit ?? "recipient logistics", receiptLines, actor.Name, Now);
            receipt.RecordPosting(posted);
            receipt.SharePaidBy(shipment.PaidBy);
            db.Receipts.Add(receipt);
            var bulk = new BulkChanges(db);
            foreach (var (serial, status) in outcomes)
            {
                bulk.Track(serial);
                serial.Receive(status, receipt.Id);
            }
            OpenDiscrepancies(shipment, receipt, lines);
            await Deliveries(lines.Values, receiptLines, +1, ct);
            await OrderDeliveries(shipment, receipt, lines, ct);
            await db.SaveChangesAsync(ct);
            await db.SaveBulkAsync(bulk, ct);
            if (lines.Values.All(l => l.Balanced)) shipment.MarkReceived(Now);
            await RefreshRequirements(lines.Values.Select(l => l.RequirementId).Distinct().ToList(), ct);
            if (custody is not null) await custody.Received(db, shipment, receipt, outcomes.Where(o => o.Status == SerialStatus.Accepted).Select(o => o.Serial).ToList(), ct);
            return receipt.Id;
        }, ct);
        return await Get(id, false, ct);
    }

    public async Task<ReceiptDetail> Reverse(Actor actor, Guid originalId, ReversalInput input, string? idempotencyKey, CancellationToken ct = default)
    {
        var number = Receipt.ParseNumber(idempotencyKey ?? input.Number);
        var posted = new List<(string, string)> { ("number", number), ("corrects", originalId.ToString()), ("reason", input.Reason?.Trim() ?? "") };
        if (await Replay(number, posted, ct) is { } replay) return replay;
        var id = await CommandRunner.Run(db, actor, $"reverse receipt {originalId} by {number}", async () =>
        {
            var original = await db.Receipts.FirstOrDefaultAsync(r => r.Id == originalId, ct) ?? throw new NotFoundException("Receipt", originalId.ToString());
            var reversal = Receipt.Reversal(Guid.NewGuid(), number, original, input.Reason ?? "", actor.Name, actor.Name, Now);
            await EnsureNoOrderDelivery(original, ct);
            reversal.RecordPosting(posted);
            original.MarkReversedBy(reversal.Id);
            var shipment = await db.Shipments.FirstAsync(s => s.Id == original.ShipmentId, ct);
            shipment.Reopen();
            var lines = await db.ShipmentLines.Where(l => l.ShipmentId == shipment.Id).ToDictionaryAsync(l => l.LineNumber, ct);
            foreach (var rl in reversal.Lines) lines[rl.LineNumber].Account(rl.Accepted, rl.RejectedTotal, rl.Short, $"line {rl.LineNumber}");
            var serials = await db.ShipmentSerials.Where(s => s.ShipmentId == shipment.Id && s.ReceiptId == original.Id).ToListAsync(ct);
            var acceptedSerials = serials.Where(s => s.Status == SerialStatus.Accepted).ToList();
            foreach (var s in serials) s.Unreceive(original.Id);
            foreach (var d in await db.Discrepancies.Where(d => d.ReceiptId == original.Id).ToListAsync(ct))
            {
                if (d.State == DiscrepancyState.Resolved)
                    throw new DomainException("corrects", $"A discrepancy of receipt {original.Number} (line {d.LineNumber}, {Discrepancy.Label(d.Code)}) is already resolved; the receipt can no longer be reversed.");
                d.Void(actor.Name, Now);
            }
            if (custody is not null) await custody.Reversed(db, original, acceptedSerials, ct);
            db.Receipts.Add(reversal);
            await Deliveries(lines.Values, reversal.Lines, -1, ct);
            await db.SaveChangesAsync(ct);
            await RefreshRequirements(lines.Values.Select(l => l.RequirementId).Distinct().ToList(), ct);
            return reversal.Id;
        }, ct);
        return await Get(id, false, ct);
    }

    private async Task<ReceiptDetail?> Replay(string number, IReadOnlyList<(string, string)> posted, CancellationToken ct)
    {
        var existing = await db.Receipts.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(r => r.Number == number, ct);
        if (existing is null) return null;
        if (existing.DifferenceFrom(posted) is { } difference)
            throw new ConflictException($"Receipt number {number} was already posted with different content ({difference}); use a new number for a new receipt.");
        return await Get(existing.Id, true, ct);
    }

    private static void Agree(int? given, int counted, string field, string what, int lineNumber)
    {
        if (given is { } g && g != counted)
            throw new RequestException(field, $"Line {lineNumber}: {g} given, but {counted} serials are listed as {what}.");
    }

    private static SerialStatus StatusOf(SerialOutcome o) => o switch
    {
        SerialOutcome.Accepted => SerialStatus.Accepted,
        SerialOutcome.Rejected => SerialStatus.Rejected,
        _ => SerialStatus.Missing,
    };

    private static DateTime? Utc(DateTime? d) => d is not { } v ? null
        : v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc);

    /// <summary>The posting as sent, field by field (idempotency compares these).</summary>
    private static List<(string, string)> Posted(string number, ReceiptInput input)
    {
        var f = new List<(string, string)>
        {
            ("number", number), ("shipmentId", input.ShipmentId.ToString()), ("signedBy", input.SignedBy?.Trim() ?? ""),
            ("signedAt", Utc(input.SignedAt)?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? ""),
            ("receivingUnit", input.ReceivingUnit?.Trim() ?? ""),
        };
        foreach (var l in (input.Lines ?? []).OrderBy(l => l.LineNumber))
        {
            var p = $"line {l.LineNumber}";
            f.Add(($"{p} accepted", l.Accepted?.ToString(CultureInfo.InvariantCulture) ?? ""));
            f.Add(($"{p} rejected", string.Join(",", (l.Rejected ?? []).OrderBy(r => r.Reason).Select(r => $"{r.Reason}:{r.Quantity}"))));
            f.Add(($"{p} short", l.Short?.ToString(CultureInfo.InvariantCulture) ?? ""));
            f.Add(($"{p} serials", string.Join(",", (l.Serials ?? []).Select(s => $"{s.Serial?.Trim()}:{s.Outcome}:{s.Reason}").Order(StringComparer.Ordinal))));
            f.Add(($"{p} remaining missing", l.RemainingMissing ? "yes" : "no"));
        }
        return f;
    }

    private void OpenDiscrepancies(Shipment shipment, Receipt receipt, Dictionary<int, ShipmentLine> lines)
    {
        foreach (var rl in receipt.Lines)
        {
            var line = lines[rl.LineNumber];
            void Open(DiscrepancyCode code, int quantity, IEnumerable<string> serials)
                {
                var d = new Discrepancy(Guid.NewGuid(), shipment.Id, receipt.Id, rl.LineNumber, shipment.DonorCode, line.ItemId,
                    code, quantity, serials, shipment.Legs, Now);
                d.SharePaidBy(shipment.PaidBy);
                db.Discrepancies.Add(d);
            }
            if (rl.Short > 0) Open(DiscrepancyCode.Short, rl.Short, rl.Serials.Where(s => s.Outcome == SerialOutcome.Missing).Select(s => s.Serial));
            foreach (var r in rl.Rejected)
                Open(Discrepancy.CodeOf(r.Reason), r.Quantity, rl.Serials.Where(s => s.Outcome == SerialOutcome.Rejected && s.Reason == r.Reason).Select(s => s.Serial));
            if (rl.Unexpected.Count > 0) Open(DiscrepancyCode.NotExpected, rl.Unexpected.Count, rl.Unexpected);
        }
    }

    /// <summary>Accepted units (taken back by a reversal) are what the offer has delivered.</summary>
    private async Task Deliveries(IEnumerable<ShipmentLine> lines, IReadOnlyList<ReceiptLine> receiptLines, int sign, CancellationToken ct)
    {
        var byNumber = lines.ToDictionary(l => l.LineNumber);
        var perOffer = receiptLines.Where(r => byNumber[r.LineNumber].OfferId is not null).GroupBy(r => byNumber[r.LineNumber].OfferId!.Value)
            .Select(g => (g.Key, Units: Math.Abs(g.Sum(r => r.Accepted)))).Where(x => x.Units > 0).ToList();
        var ids = perOffer.Select(p => p.Key).ToList();
        var offers = await db.Offers.IgnoreQueryFilters().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var itemIds = offers.Values.Select(o => o.ItemId).OfType<Guid>().Distinct().ToList();
        var items = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var donorCodes = offers.Values.Select(o => o.DonorCode).Distinct().ToList();
        var donors = await db.Nations.Where(n => donorCodes.Contains(n.Code)).ToDictionaryAsync(n => n.Code, ct);
        foreach (var (offerId, units) in perOffer)
        {
            var offer = offers[offerId];
            if (sign > 0) offer.Deliver(units, donors[offer.DonorCode].Policy.Permits(items[offer.ItemId!.Value]));
            else offer.UndoDelivery(units);
        }
    }

    /// <summary>
    /// Accepted units of a production order's line are the order's delivery (hard case 9): recorded on the order, which pays
    /// each contribution its share (committed → paid, ledgered with the receipt). Rejected and short units neither pay nor
    /// close anything; they are owed again. The requirement counts them once, through the order (<see cref="Industry.RequirementDeliveries"/>).
    /// </summary>
    private async Task OrderDeliveries(Shipment shipment, Receipt receipt, Dictionary<int, ShipmentLine> lines, CancellationToken ct)
    {
        var perOrder = receipt.Lines.Where(r => r.Accepted > 0 && lines[r.LineNumber].ProductionOrderId is not null)
            .GroupBy(r => lines[r.LineNumber].ProductionOrderId!.Value).Select(g => (Order: g.Key, Units: g.Sum(r => r.Accepted))).ToList();
        if (perOrder.Count == 0) return;
        var ids = perOrder.Select(p => p.Order).ToList();
        var orders = await db.ProductionOrders.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var on = DateOnly.FromDateTime(receipt.SignedAt);
        foreach (var (orderId, units) in perOrder)
        {
            var order = orders[orderId];
            if (on < order.CreatedOn) on = order.CreatedOn;
            try
            {
                order.RecordDelivery(on, units, $"receipt {receipt.Number} of {shipment.Reference}", 0, shipment.Id, receipt.Number);
            }
            catch (DomainException ex)
            {
                throw new DomainException("lines", $"The units of production order {order.Id} on {shipment.Reference} cannot be delivered: {ex.Message}");
            }
        }
    }

    /// <summary>A receipt that delivered a production order's units has paid its contributions: it is not reversed (money paid stays paid).</summary>
    private async Task EnsureNoOrderDelivery(Receipt original, CancellationToken ct)
    {
        if (original.Lines.All(l => l.Accepted == 0)) return;
        var numbers = original.Lines.Where(l => l.Accepted > 0).Select(l => l.LineNumber).ToList();
        var ordered = await db.ShipmentLines.IgnoreQueryFilters()
            .AnyAsync(l => l.ShipmentId == original.ShipmentId && numbers.Contains(l.LineNumber) && l.ProductionOrderId != null, ct);
        if (ordered)
            throw new DomainException("corrects", $"Receipt {original.Number} accepted units of a production order, which paid its contributions on that delivery: "
                + "it cannot be reversed. Open a discrepancy against the company instead.");
    }

    /// <summary>A requirement's delivered units: see <see cref="Industry.RequirementDeliveries"/> (receipts plus units received from production orders).</summary>
    private Task RefreshRequirements(IReadOnlyList<Guid> requirementIds, CancellationToken ct) => Industry.RequirementDeliveries.Refresh(db, requirementIds, ct);

    public async Task<ReceiptDetail> Get(Guid id, bool replayed = false, CancellationToken ct = default)
    {
        var r = await db.Receipts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Receipt", id.ToString());
        var reference = await db.Shipments.Where(s => s.Id == r.ShipmentId).Select(s => s.Reference).FirstAsync(ct);
        var discrepancies = await db.Discrepancies.AsNoTracking().Where(d => d.ReceiptId == id).ToListAsync(ct);
        var itemIds = discrepancies.Select(d => d.ItemId).Distinct().ToList();
        var names = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        return new ReceiptDetail(ReceiptSummary.Of(r), reference, r.Lines, discrepancies.OrderBy(d => d.LineNumber)
            .Select(d => DiscrepancyView.Of(d, reference, names.GetValueOrDefault(d.ItemId) ?? "")).ToList(), replayed);
    }

    public async Task<IReadOnlyList<ReceiptSummary>> List(Guid? shipmentId, CancellationToken ct = default)
    {
        var q = db.Receipts.AsNoTracking();
        if (shipmentId is { } s) q = q.Where(r => r.ShipmentId == s);
        return (await q.OrderByDescending(r => r.RecordedAt).Take(500).ToListAsync(ct)).Select(ReceiptSummary.Of).ToList();
    }
}

/// <summary>What end-use accountability does when serials are received or a receipt is reversed (custody records).</summary>
public abstract class CustodyHook
{
    public abstract Task Received(QuartermasterDb db, Shipment shipment, Receipt receipt, IReadOnlyList<ShipmentSerial> accepted, CancellationToken ct);

    public abstract Task Reversed(QuartermasterDb db, Receipt original, IReadOnlyList<ShipmentSerial> serials, CancellationToken ct);
}
