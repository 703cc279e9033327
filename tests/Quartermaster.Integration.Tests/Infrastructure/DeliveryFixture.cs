using System.Net;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>
/// A server with the world a delivery needs: donors USA and JPN, the recipient UKR, a serial-tracked missile, a
/// lot-tracked ration pack and an untracked helmet, and the hub RZE (Rzeszów, 10 t a week). Each test makes its own
/// offers and confirmed allocations (<see cref="AllocateAsync"/>), so tests of one class do not disturb each other.
/// </summary>
public class DeliveryFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public const string Missile = "dl-javelin";
    public const string Rations = "dl-rations";
    public const string Helmet = "dl-helmet";
    public const string Stinger = "dl-stinger";
    public const string Hub = "RZE";

    public HttpClient Recipient { get; private set; } = null!;
    public HttpClient JpnPoc { get; private set; } = null!;
    public HttpClient UsaPoc { get; private set; } = null!;

    private static readonly Actor Setup = Actor.LocalOperator("delivery-fixture");

    protected override async Task SeedAsync()
    {
        foreach (var (code, name, status, nonLethal) in new[] { ("USA", "United States", "Member", false), ("JPN", "Japan", "Partner", true), ("UKR", "Ukraine", "Recipient", false) })
            (await Http.PostJson("/api/v1/nations", new { code, name, status, nonLethalOnly = nonLethal })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = Missile, name = "Javelin missile", supplyClass = "1025", coalition = "artillery", isLethal = true, tracking = "Serial", unitWeightKg = 22.3m })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = Rations, name = "ration pack", supplyClass = "8470", coalition = "protection", isLethal = false, tracking = "Lot", unitWeightKg = 1m })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = Stinger, name = "Stinger missile", supplyClass = "1025", coalition = "artillery", isLethal = true, tracking = "Serial", unitWeightKg = 15m, enhancedMonitoring = true })).EnsureSuccessStatusCode();
        (await Http.PostJson("/api/v1/catalogue", new { code = Helmet, name = "combat helmet", supplyClass = "8470", coalition = "protection", isLethal = false, unitWeightKg = 1.5m })).EnsureSuccessStatusCode();
        await using (var db = Db.Open())
            await CommandRunner.Run(db, Setup, "seed hub", () =>
            {
                var hub = new Hub(Hub, "Rzeszów", "USA", 10m);
                hub.SetTransit(1, 1);
                db.Hubs.Add(hub);
                return Task.FromResult(0);
            });
        Recipient = await ClientForAsync("dl-recipient", Role.RecipientOfficer, "UKR");
        JpnPoc = await ClientForAsync("dl-poc-jpn", Role.NationalPointOfContact, "JPN");
        UsaPoc = await ClientForAsync("dl-poc-usa", Role.NationalPointOfContact, "USA");
    }

    /// <summary>A new offer of <paramref name="quantity"/> units, a new requirement, and a confirmed allocation of them all.</summary>
    public async Task<(Guid OfferId, Guid RequirementId, Guid AllocationId)> AllocateAsync(string donor, string item, int quantity,
        string consent = "NotRequired", decimal? value = 1000m)
    {
        var rank = Random.Shared.Next(1, 1_000_000);
        Guid requirementId, offerId;
        using (var r = await Http.PostJson("/api/v1/requirements", new { period = "2026-03", priorityRank = rank, itemCode = item, quantity, neededBy = "2026-06-01", destination = "Lviv" }))
            requirementId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/offers", new
               {
                   donorCode = donor, aidType = "Military", itemCode = item, quantityAnnounced = quantity, declaredValue = value, declaredCurrency = "EUR",
                   transferConsent = consent, consentFrom = consent == "NotRequired" ? null : "USA",
               }))
            offerId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        await using var db = Db.Open();
        var allocationId = await CommandRunner.Run(db, Setup, "seed allocation", async () =>
        {
            var plan = new AllocationPlan(Guid.NewGuid(), "2026-03", rank, new DateOnly(2026, 3, 2), "fixture", DateTime.UtcNow);
            plan.Record("Optimal", 1, 1, 0, 1, 1, 1, "{}");
            plan.Confirm("fixture", DateTime.UtcNow);
            db.AllocationPlans.Add(plan);
            var offer = await db.Offers.FirstAsync(o => o.Id == offerId);
            offer.Allocate(quantity);
            var requirement = await db.Requirements.FirstAsync(r => r.Id == requirementId);
            requirement.RecordCoverage(quantity);
            var a = new Allocation(Guid.NewGuid(), plan.Id, offerId, requirementId, Hub, quantity, 1, 3, quantity);
            db.Allocations.Add(a);
            return a.Id;
        });
        return (offerId, requirementId, allocationId);
    }
}
