using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Application.Delivery;

public sealed record SerialsInput(int LineNumber, IReadOnlyList<string>? Serials);

public sealed record LotInput(string Lot, int Quantity);

public sealed record LotsInput(int LineNumber, IReadOnlyList<LotInput>? Lots);

public sealed record IdentificationResult(Guid ShipmentId, string Reference, int Lines, int Serials, int Lots);

/// <summary>
/// Serial numbers and lots captured before dispatch, by form, API or CSV/XLSX file: each touched line's list is
/// replaced as a whole, all or nothing. Serials are unique per item across the whole system.
/// </summary>
public sealed class IdentificationService(QuartermasterDb db)
{
    /// <summary>One serial of an upload, with where it came from (a file's sheet and line, or a JSON field).</summary>
    private sealed record Entry(int LineNumber, string Serial, string Sheet, int SourceLine, string Field);

    public Task<IdentificationResult> SetSerials(Actor actor, Guid shipmentId, IReadOnlyList<SerialsInput> lines, CancellationToken ct = default)
    {
        var entries = new List<Entry>();
        for (var i = 0; i < lines.Count; i++)
        {
            var list = lines[i].Serials ?? throw new RequestException($"lines[{i}].serials", "List the line's serial numbers.");
            for (var k = 0; k < list.Count; k++) entries.Add(new Entry(lines[i].LineNumber, list[k], "", 0, $"lines[{i}].serials[{k}]"));
            if (list.Count == 0) entries.Add(new Entry(lines[i].LineNumber, "", "", 0, $"lines[{i}].serials"));
        }
        return Capture(actor, shipmentId, entries, lines.Select(l => l.LineNumber).ToList(), file: false, ct);
    }

    /// <summary>A CSV or XLSX file with columns <c>serial</c> and (when the shipment has several serial-tracked lines) <c>line</c>.</summary>
    public async Task<IdentificationResult> SetSerialsFromFile(Actor actor, Guid shipmentId, Stream file, string fileName, CancellationToken ct = default)
    {
        var sheet = TabularReader.Read(file, fileName)[0];
        var serialHeader = Header(sheet, "serial", "serial_number", "serialnumber", "sn");
        var lineHeader = HeaderOrNull(sheet, "line", "line_number", "linenumber");
        var issues = new List<ImportIssue>();
        if (serialHeader is null) issues.Add(new ImportIssue(sheet.Name, 1, null, "No 'serial' column: the file needs a column named serial (and line, when the shipment has several serial-tracked lines)."));
        var defaultLine = await SingleSerialLine(shipmentId, lineHeader is null, ct);
        var entries = new List<Entry>(sheet.Rows.Count);
        if (serialHeader is not null)
            foreach (var row in sheet.Rows)
            {
                var lineNumber = defaultLine;
                if (lineHeader is not null)
                {
                    if (!int.TryParse(row[lineHeader]?.Trim(), out lineNumber))
                    {
                        issues.Add(new ImportIssue(sheet.Name, row.Line, lineHeader, $"'{row[lineHeader]}' is not a shipment line number."));
                        continue;
                    }
                }
                entries.Add(new Entry(lineNumber, row[serialHeader] ?? "", sheet.Name, row.Line, serialHeader));
            }
        if (issues.Count > 0) throw new ImportRejectedException(issues);
        return await Capture(actor, shipmentId, entries, entries.Select(e => e.LineNumber).Distinct().ToList(), file: true, ct);
    }

    private async Task<int> SingleSerialLine(Guid shipmentId, bool needed, CancellationToken ct)
    {
        if (!needed) return 0;
        var serialLines = await db.ShipmentLines.Where(l => l.ShipmentId == shipmentId && l.Tracking == Tracking.Serial).Select(l => l.LineNumber).ToListAsync(ct);
        return serialLines.Count == 1 ? serialLines[0]
            : throw new ImportRejectedException([new ImportIssue("upload", 1, "line", serialLines.Count == 0
                ? "The shipment has no serial-tracked line."
                : $"The shipment has {serialLines.Count} serial-tracked lines ({string.Join(", ", serialLines)}): add a 'line' column.")]);
    }

    private static string? HeaderOrNull(SourceSheet sheet, params string[] names)
        => sheet.Headers.FirstOrDefault(h => names.Contains(h.Trim().ToLowerInvariant().Replace(' ', '_')));

    private static string? Header(SourceSheet sheet, params string[] names) => HeaderOrNull(sheet, names);

    private async Task<IdentificationResult> Capture(Actor actor, Guid shipmentId, List<Entry> entries, IReadOnlyList<int> lineNumbers, bool file, CancellationToken ct)
        => await CommandRunner.Run(db, actor, $"capture serials of shipment {shipmentId}", async () =>
        {
            var (shipment, lines) = await Editable(actor, shipmentId, ct);
            var problems = new List<(Entry? Entry, string Field, string Message)>();
            var byLine = entries.GroupBy(e => e.LineNumber).ToDictionary(g => g.Key, g => g.Where(e => e.Serial.Length > 0 || !file).ToList());
            var added = 0;
            // New serials go through the bulk writer (one ledger event each, as SaveChanges would write them), so a
            // 100,000-serial list is not 100,000 tracked entities.
            var bulk = new BulkChanges(db);
            foreach (var number in lineNumbers.Distinct())
            {
                if (!lines.TryGetValue(number, out var line))
                {
                    var at = byLine.GetValueOrDefault(number)?.FirstOrDefault();
                    problems.Add((at, at?.Field ?? "lineNumber", $"{shipment.Reference} has no line {number}."));
                    continue;
                }
                var list = byLine.GetValueOrDefault(number) ?? [];
                if (!file && list.Count == 1 && list[0].Serial.Length == 0) list = [];
                foreach (var (index, message) in Identification.SerialProblems(line, list.Select(e => e.Serial).ToList()))
                    problems.Add(index < 0 ? (null, index == Identification.WrongTracking ? "lineNumber" : "serials", message) : (list[index], list[index].Field, message));
                if (problems.Count > 0) continue;
                var wanted = list.Select(e => e.Serial.Trim()).ToList();
                // Unique per item across the whole system (every nation's shipments, cancelled ones freed).
                var taken = await db.ShipmentSerials.IgnoreQueryFilters().Where(s => s.ItemId == line.ItemId && s.LineId != line.Id)
                    .Select(s => s.Serial).ToListAsync(ct);
                var takenSet = taken.ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < wanted.Count; i++)
                    if (takenSet.Contains(wanted[i]))
                        problems.Add((list[i], list[i].Field, $"Serial {wanted[i]} of this item is already on another shipment."));
                if (problems.Count > 0) continue;
                var existing = await db.ShipmentSerials.Where(s => s.LineId == line.Id).ToListAsync(ct);
                var keep = wanted.ToHashSet(StringComparer.Ordinal);
                db.ShipmentSerials.RemoveRange(existing.Where(e => !keep.Contains(e.Serial)));
                var have = existing.Select(e => e.Serial).ToHashSet(StringComparer.Ordinal);
                foreach (var s in wanted.Where(s => !have.Contains(s)))
                {
                    var serial = new ShipmentSerial(Guid.NewGuid(), shipment.Id, line.Id, shipment.DonorCode, line.ItemId, s);
                    serial.SharePaidBy(shipment.PaidBy);
                    bulk.Add(serial);
                    added++;
                }
            }
            if (problems.Count > 0)
            {
                if (file)
                    throw new ImportRejectedException(problems.Select(p => new ImportIssue(p.Entry?.Sheet ?? "upload", p.Entry?.SourceLine ?? 0,
                        p.Entry is null ? null : p.Field, p.Message)).ToList());
                throw new DomainException(problems[0].Field, problems[0].Message + (problems.Count > 1 ? $" ({problems.Count - 1} more problem(s))" : ""));
            }
            await db.SaveChangesAsync(ct); // removals first: a serial moved between lines keeps the item's serials unique
            await db.SaveBulkAsync(bulk, ct);
            return new IdentificationResult(shipment.Id, shipment.Reference, lineNumbers.Distinct().Count(), entries.Count, added);
        }, ct);

    public Task<IdentificationResult> SetLots(Actor actor, Guid shipmentId, IReadOnlyList<LotsInput> lines, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"capture lots of shipment {shipmentId}", async () =>
        {
            var (shipment, byNumber) = await Editable(actor, shipmentId, ct);
            var count = 0;
            for (var i = 0; i < lines.Count; i++)
            {
                if (!byNumber.TryGetValue(lines[i].LineNumber, out var line))
                    throw new RequestException($"lines[{i}].lineNumber", $"{shipment.Reference} has no line {lines[i].LineNumber}.");
                var lots = Identification.CheckLots(line, (lines[i].Lots ?? []).Select(l => (l.Lot, l.Quantity)).ToList(), k => $"lines[{i}].lots[{k}]");
                db.ShipmentLots.RemoveRange(await db.ShipmentLots.Where(l => l.LineId == line.Id).ToListAsync(ct));
                foreach (var (lot, qty) in lots)
                {
                    var l = new ShipmentLot(Guid.NewGuid(), shipment.Id, line.Id, shipment.DonorCode, lot, qty);
                    l.SharePaidBy(shipment.PaidBy);
                    db.ShipmentLots.Add(l);
                }
                count += lots.Count;
            }
            return new IdentificationResult(shipment.Id, shipment.Reference, lines.Count, 0, count);
        }, ct);

    private async Task<(Shipment, Dictionary<int, ShipmentLine>)> Editable(Actor actor, Guid shipmentId, CancellationToken ct)
    {
        var shipment = await db.Shipments.FirstOrDefaultAsync(s => s.Id == shipmentId, ct) ?? throw new NotFoundException("Shipment", shipmentId.ToString());
        ShipmentsService.EnsureMayChange(actor, shipment);
        if (shipment.State != ShipmentState.Planned)
            throw new DomainException("state", $"Serials and lots are captured before dispatch; {shipment.Reference} is {Words.Of(shipment.State)}.");
        var lines = await db.ShipmentLines.Where(l => l.ShipmentId == shipmentId).ToDictionaryAsync(l => l.LineNumber, ct);
        return (shipment, lines);
    }
}
