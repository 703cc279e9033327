using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Delivery;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Delivery;

public sealed record DiscrepancyActionInput(string? Note = null, Resolution? Resolution = null, int? ChargedLeg = null, string? ChargedTo = null,
    CustodianKind? ChargedKind = null);

/// <summary>
/// Discrepancies through their life: the recipient's officer or the cell reviews, re-charges and resolves them; the
/// donor's point of contact sees its own and may contest them.
/// </summary>
public sealed class DiscrepanciesService(QuartermasterDb db)
{
    public async Task<Page<DiscrepancyView>> List(PageQuery page, DiscrepancyState? state = null, string? donor = null, Guid? shipmentId = null, CancellationToken ct = default)
    {
        page = page.Checked();
        var q = db.Discrepancies.AsNoTracking();
        if (state is not null) q = q.Where(d => d.State == state);
        if (!string.IsNullOrWhiteSpace(donor)) q = q.Where(d => d.DonorCode == donor.Trim().ToUpper());
        if (shipmentId is { } s) q = q.Where(d => d.ShipmentId == s);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(d => d.OpenedAt).ThenBy(d => d.LineNumber).Skip((page.Page - 1) * page.PageSize).Take(page.PageSize).ToListAsync(ct);
        return new Page<DiscrepancyView>(await Views(items, ct), total, page.Page, page.PageSize);
    }

    public async Task<DiscrepancyView> Get(Guid id, CancellationToken ct = default)
        => (await Views([await db.Discrepancies.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw new NotFoundException("Discrepancy", id.ToString())], ct))[0];

    private async Task<List<DiscrepancyView>> Views(IReadOnlyList<Discrepancy> items, CancellationToken ct)
    {
        var shipmentIds = items.Select(d => d.ShipmentId).Distinct().ToList();
        var refs = await db.Shipments.Where(s => shipmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Reference, ct);
        var itemIds = items.Select(d => d.ItemId).Distinct().ToList();
        var names = await db.CatalogueItems.Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.Name, ct);
        return items.Select(d => DiscrepancyView.Of(d, refs.GetValueOrDefault(d.ShipmentId) ?? "", names.GetValueOrDefault(d.ItemId) ?? "")).ToList();
    }

    public Task<DiscrepancyView> Act(Actor actor, Guid id, string action, long? expectedVersion, DiscrepancyActionInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"{action} discrepancy {id}", async () =>
        {
            var d = await db.Discrepancies.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Discrepancy", id.ToString());
            var role = Acting.RoleOf(actor);
            if (expectedVersion is { } v) db.ExpectVersion(d, v);
            var reviewer = role is Role.Coordinator or Role.RecipientOfficer;
            switch (action)
            {
                case "review" when reviewer: d.StartReview(input.Note); break;
                case "resolve" when reviewer:
                    d.Resolve(input.Resolution ?? throw new RequestException("resolution", "Say how it was resolved: Replaced, Credited or WrittenOff."),
                        input.Note, actor.Name, db.Clock.GetUtcNow().UtcDateTime);
                    break;
                case "charge" when reviewer:
                    var legs = (await db.Shipments.FirstAsync(s => s.Id == d.ShipmentId, ct)).Legs;
                    d.Charge(input.ChargedLeg, input.ChargedTo ?? "", input.ChargedKind ?? CustodianKind.Carrier, legs);
                    break;
                case "contest" when role == Role.Coordinator || (role == Role.NationalPointOfContact && actor.Nation == d.DonorCode):
                    d.Contest(input.Note ?? "");
                    break;
                case "review" or "resolve" or "charge" or "contest":
                    throw new RequestException("action", action == "contest"
                        ? "Only the donor's point of contact or the cell can contest a discrepancy."
                        : "Only the recipient's logistics officer or the cell can review, charge or resolve a discrepancy.");
                default: throw new RequestException("action", $"Unknown action '{action}': use review, charge, resolve or contest.");
            }
            return d.Id;
        }, x => Get(x, ct), ct);
}
