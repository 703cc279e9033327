using System.Net;
using System.Net.Http.Json;
using System.Text;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>
/// Every role (and an anonymous caller, and a coordinator holding a READ token) against every endpoint of the app's
/// inventory, by real HTTP calls: allowed callers get 2xx or a validation answer, the others 401 (no credentials) or 403.
/// The API is called with each role's API token, pages with each role's signed-in browser (bearer tokens authenticate the
/// API only: a token on a page is an anonymous visitor, sent to /signin).
/// </summary>
public abstract class RoleMatrixTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    /// <summary>Who an endpoint lets in, as the attacker expects it (written here, not read from the app).</summary>
    public enum Gate { Public, Read, Coordinate, Pledge, Requirements, Audit, AuditAndCoordinate, Witness, OwnTokensCookieOnly, ReadPage, AuditPage, PledgePage, OwnTokensPage, Ship, Receive, Deliver, ShipPage, ReceivePage, Accountability, RequirementsPage, CoordinatePage, Training, TrainingProgress, ImportPage, Industry }

    public enum Caller { Coordinator, JpnPointOfContact, RecipientOfficer, Auditor, IndustryRepresentative, Anonymous, CoordinatorReadToken }

    private sealed record Probe(string Key, Gate Gate, Func<HttpRequestMessage> Request)
    {
        /// <summary>Pages being built while this was written: probed when the app has them.</summary>
        public bool Optional { get; init; }
    }

    private static string Code3() => Api.FreshNationCode();

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Send(HttpMethod method, string path, object? body = null)
        => new(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Api.Json) };

    private static HttpRequestMessage Csv(string path, string csv)
        => new(HttpMethod.Post, path) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };

    private List<Probe> Probes(Guid offerId, Guid fundingId)
    {
        var item = fx.HelmetId;
        var req = fx.RequirementId;
        var any = Guid.NewGuid();
        return
        [
            new("GET /api/v1/nations", Gate.Read, () => Get("/api/v1/nations")),
            new("GET /api/v1/nations/{code}", Gate.Read, () => Get("/api/v1/nations/JPN")),
            new("POST /api/v1/nations", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/nations", new { code = Code3(), name = "Matrixland", status = "Member" })),
            new("PUT /api/v1/nations/{code}", Gate.Coordinate, () => Send(HttpMethod.Put, "/api/v1/nations/DEU", new { code = "DEU", name = "Germany", status = "Member" })),
            new("GET /api/v1/catalogue", Gate.Read, () => Get("/api/v1/catalogue")),
            new("GET /api/v1/catalogue/{id:guid}", Gate.Read, () => Get($"/api/v1/catalogue/{item}")),
            new("POST /api/v1/catalogue", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/catalogue",
                new { code = "mx-" + Guid.NewGuid().ToString("N")[..8], name = "matrix vest", supplyClass = "8470", coalition = "protection", isLethal = false })),
            new("PUT /api/v1/catalogue/{id:guid}", Gate.Coordinate, () => Send(HttpMethod.Put, $"/api/v1/catalogue/{item}",
                new { code = SecurityFixture<TKind>.Helmet, name = "combat helmet", supplyClass = "8470", coalition = "protection", isLethal = false })),
            new("GET /api/v1/requirements", Gate.Read, () => Get("/api/v1/requirements")),
            new("GET /api/v1/requirements/{id:guid}", Gate.Read, () => Get($"/api/v1/requirements/{req}")),
            new("POST /api/v1/requirements", Gate.Requirements, () => Send(HttpMethod.Post, "/api/v1/requirements",
                new { period = "2032-02", priorityRank = Random.Shared.Next(1, 1_000_000), itemCode = SecurityFixture<TKind>.Helmet, quantity = 1, neededBy = "2032-06-01", destination = "Odesa" })),
            new("PUT /api/v1/requirements/{id:guid}", Gate.Requirements, () => Send(HttpMethod.Put, $"/api/v1/requirements/{req}",
                new { period = "2031-01", priorityRank = 1, itemCode = SecurityFixture<TKind>.Helmet, quantity = 10, neededBy = "2031-06-01", destination = "Lviv" })),
            new("GET /api/v1/requirements/approval", Gate.Read, () => Get("/api/v1/requirements/approval?period=2030-01")),
            new("POST /api/v1/requirements/approve", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/requirements/approve", new { period = "2030-02" })),
            new("* /requirements/approve", Gate.CoordinatePage, () => Get("/requirements/approve?period=2030-01")),
            new("POST /api/v1/requirements/rerank", Gate.Requirements, () => Send(HttpMethod.Post, "/api/v1/requirements/rerank",
                new { period = "2030-01", ranks = new Dictionary<Guid, int>() })),
            new("POST /api/v1/requirements/{id:guid}/cancel", Gate.Requirements, () => Send(HttpMethod.Post, $"/api/v1/requirements/{req}/cancel")),
            new("GET /api/v1/offers", Gate.Read, () => Get("/api/v1/offers")),
            new("GET /api/v1/offers/{id:guid}", Gate.Read, () => Get($"/api/v1/offers/{offerId}")),
            new("POST /api/v1/offers", Gate.Pledge, () => Send(HttpMethod.Post, "/api/v1/offers",
                new { donorCode = "JPN", aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 1 })),
            new("PUT /api/v1/offers/{id:guid}", Gate.Pledge, () => Send(HttpMethod.Put, $"/api/v1/offers/{offerId}",
                new { aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 2 })),
            new("POST /api/v1/offers/{id:guid}/{action:regex(^(accept|withdraw)$)}", Gate.Pledge, () => Send(HttpMethod.Post, $"/api/v1/offers/{offerId}/withdraw")),
            new("GET /api/v1/funding", Gate.Read, () => Get("/api/v1/funding")),
            new("GET /api/v1/funding/{id:guid}", Gate.Read, () => Get($"/api/v1/funding/{fundingId}")),
            new("POST /api/v1/funding", Gate.Pledge, () => Send(HttpMethod.Post, "/api/v1/funding",
                new { donorCode = "JPN", pool = "matrix-pool", amount = 1000m, currency = "EUR", pledgedOn = "2026-01-01" })),
            new("PUT /api/v1/funding/{id:guid}", Gate.Pledge, () => Send(HttpMethod.Put, $"/api/v1/funding/{fundingId}", new { amount = 5m, currency = "EUR" })),
            new("POST /api/v1/funding/{id:guid}/withdraw", Gate.Pledge, () => Send(HttpMethod.Post, $"/api/v1/funding/{any}/withdraw")),
            // Funding pools: everybody reads (a point of contact its own contributions in full, the rest as aggregates); the cell writes.
            new("GET /api/v1/pools", Gate.Read, () => Get("/api/v1/pools")),
            new("GET /api/v1/pools/{id:guid}", Gate.Read, () => Get($"/api/v1/pools/{any}")),
            new("POST /api/v1/pools", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/pools",
                new { code = "mx-" + Guid.NewGuid().ToString("N")[..8], name = "matrix pool", currency = "EUR", purpose = "General" })),
            new("PUT /api/v1/pools/{id:guid}", Gate.Coordinate, () => Send(HttpMethod.Put, $"/api/v1/pools/{any}", new { name = "matrix pool" })),
            // Funded packages: everybody reads (as pools; an industry representative only its company's); the cell creates,
            // invites, closes and cancels; the cell or the donor's point of contact answers an invitation.
            new("GET /api/v1/packages", Gate.Read, () => Get("/api/v1/packages")),
            new("GET /api/v1/packages/{id:guid}", Gate.Read, () => Get($"/api/v1/packages/{any}")),
            new("POST /api/v1/packages", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/packages",
                new { name = "matrix package", currency = "EUR", targetValue = 1m, producerNation = "DEU", lines = new[] { new { requirementId = any, unitValue = 1m } } })),
            new("POST /api/v1/packages/{id:guid}/invitations", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/packages/{any}/invitations", new { pledgeId = any, amount = 1m })),
            new("POST /api/v1/packages/{id:guid}/contributions/{pledgeId:guid}/accept", Gate.Pledge, () => Send(HttpMethod.Post, $"/api/v1/packages/{any}/contributions/{any}/accept")),
            new("POST /api/v1/packages/{id:guid}/contributions/{pledgeId:guid}/decline", Gate.Pledge, () => Send(HttpMethod.Post, $"/api/v1/packages/{any}/contributions/{any}/decline")),
            new("POST /api/v1/packages/{id:guid}/close", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/packages/{any}/close")),
            new("POST /api/v1/packages/{id:guid}/cancel", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/packages/{any}/cancel", new { reason = "matrix" })),
            // Industry: companies and vetting (the cell), products (the cell or the company's own representative: the
            // representative's second attempt at the same product is a conflict, so it writes nothing here), orders (the cell).
            new("GET /api/v1/industry/companies", Gate.Read, () => Get("/api/v1/industry/companies")),
            new("GET /api/v1/industry/companies/{code}", Gate.Read, () => Get("/api/v1/industry/companies/attack-industries")),
            new("POST /api/v1/industry/companies", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/industry/companies",
                new { code = "mx-" + Guid.NewGuid().ToString("N")[..8], name = "Matrix Works", nation = "JPN" })),
            new("PUT /api/v1/industry/companies/{code}", Gate.Coordinate, () => Send(HttpMethod.Put, "/api/v1/industry/companies/attack-industries", new { name = "Attack Industries" })),
            new("POST /api/v1/industry/companies/{code}/vetting", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/industry/companies/attack-industries/vetting", new { vetting = "Approved" })),
            new("GET /api/v1/industry/products", Gate.Read, () => Get("/api/v1/industry/products")),
            new("GET /api/v1/industry/products/{id:guid}", Gate.Read, () => Get($"/api/v1/industry/products/{any}")),
            new("POST /api/v1/industry/products", Gate.Industry, () => Send(HttpMethod.Post, "/api/v1/industry/products",
                new { companyCode = "attack-industries", itemCode = SecurityFixture<TKind>.Helmet, unitPrice = 100m, currency = "EUR", capacityPerMonth = 10, leadTimeWeeks = 1 })),
            new("PUT /api/v1/industry/products/{id:guid}", Gate.Industry, () => Send(HttpMethod.Put, $"/api/v1/industry/products/{any}",
                new { unitPrice = 100m, currency = "EUR", capacityPerMonth = 10, leadTimeWeeks = 1 })),
            new("GET /api/v1/industry/orders", Gate.Read, () => Get("/api/v1/industry/orders")),
            new("GET /api/v1/industry/orders/{id:guid}", Gate.Read, () => Get($"/api/v1/industry/orders/{any}")),
            new("POST /api/v1/industry/orders", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/industry/orders", new { productId = any, quantity = 1 })),
            new("POST /api/v1/industry/orders/{id:guid}/contract", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/contract")),
            new("POST /api/v1/industry/orders/{id:guid}/start", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/start")),
            new("POST /api/v1/industry/orders/{id:guid}/deliveries", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/deliveries", new { quantity = 1 })),
            new("POST /api/v1/industry/orders/{id:guid}/payments", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/payments", new { pledgeId = any, amount = 1m })),
            new("POST /api/v1/industry/orders/{id:guid}/cancel", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/cancel", new { reason = "matrix" })),
            new("POST /api/v1/industry/orders/{id:guid}/production", Gate.Industry, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/production", new { quantity = 1 })),
            new("POST /api/v1/industry/orders/{id:guid}/shipments", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/industry/orders/{any}/shipments", new { quantity = 1 })),
            new("* /industry", Gate.ReadPage, () => Get("/industry")),
            new("* /industry/companies/{code}", Gate.ReadPage, () => Get("/industry/companies/attack-industries")),
            new("* /industry/orders", Gate.ReadPage, () => Get("/industry/orders")),
            new("* /industry/orders/{id:guid}", Gate.ReadPage, () => Get($"/industry/orders/{any}")),
            new("* /funding/pools", Gate.ReadPage, () => Get("/funding/pools")),
            new("* /funding/pools/{id:guid}", Gate.ReadPage, () => Get($"/funding/pools/{any}")),
            new("* /funding/pools/new", Gate.CoordinatePage, () => Get("/funding/pools/new")),
            new("* /funding/pools/{id:guid}/edit", Gate.CoordinatePage, () => Get($"/funding/pools/{any}/edit")),
            new("* /funding/packages", Gate.ReadPage, () => Get("/funding/packages")),
            new("* /funding/packages/{id:guid}", Gate.ReadPage, () => Get($"/funding/packages/{any}")),
            new("GET /api/v1/hubs", Gate.Read, () => Get("/api/v1/hubs")),
            new("GET /api/v1/hubs/{code}", Gate.Read, () => Get("/api/v1/hubs/MX-HUB")),
            new("PUT /api/v1/hubs/{code}", Gate.Coordinate, () => Send(HttpMethod.Put, "/api/v1/hubs/MX-HUB",
                new { name = "Matrix hub", weeklyCapacityTonnes = 10m, inboundWeeks = 1, outboundWeeks = 1 })),
            new("* /hubs", Gate.ReadPage, () => Get("/hubs")),
            new("* /hubs/{code}", Gate.ReadPage, () => Get("/hubs/MX-HUB")),
            new("* /hubs/{code}/edit", Gate.CoordinatePage, () => Get("/hubs/MX-HUB/edit")),
            // Import from the browser: whoever may import some kind; a job is its starter's only (anyone else: 404).
            new("* /import", Gate.ImportPage, () => Get("/import")),
            new("* /import/jobs/{id:guid}", Gate.ImportPage, () => Get($"/import/jobs/{any}")),
            new("* /import/jobs/{id:guid}/apply", Gate.ImportPage, () => Get($"/import/jobs/{any}/apply")),
            new("POST /api/v1/import/offers", Gate.Pledge, () => Csv("/api/v1/import/offers", "source_key,donor,aid_type,description\n")),
            new("POST /api/v1/import/requirements", Gate.Requirements, () => Csv("/api/v1/import/requirements", "period,priority_rank,item,quantity,needed_by,destination\n")),
            new("POST /api/v1/import/catalogue", Gate.Coordinate, () => Csv("/api/v1/import/catalogue", "code,name,supply_class,coalition,is_lethal\n")),
            new("GET /api/v1/me", Gate.Read, () => Get("/api/v1/me")),
            new("GET /api/v1/reports/burden-sharing", Gate.Read, () => Get("/api/v1/reports/burden-sharing")),
            new("GET /api/v1/reports/coalitions", Gate.Read, () => Get("/api/v1/reports/coalitions")),
            new("GET /api/v1/reports/pools", Gate.Read, () => Get("/api/v1/reports/pools")),
            new("GET /api/v1/reports/packages", Gate.Read, () => Get("/api/v1/reports/packages")),
            new("GET /api/v1/ledger", Gate.Audit, () => Get("/api/v1/ledger")),
            new("GET /api/v1/ledger/verify", Gate.Audit, () => Get("/api/v1/ledger/verify")),
            new("GET /api/v1/ledger/{entityType}/{entityId}", Gate.Audit, () => Get("/api/v1/ledger/Nation/JPN")),
            // Checkpoints, the signing key and proofs are hashes only: every participant keeps its own copy.
            new("GET /api/v1/ledger/key", Gate.Read, () => Get("/api/v1/ledger/key")),
            new("GET /api/v1/ledger/checkpoints", Gate.Read, () => Get("/api/v1/ledger/checkpoints")),
            new("GET /api/v1/ledger/checkpoints/latest", Gate.Read, () => Get("/api/v1/ledger/checkpoints/latest")),
            new("GET /api/v1/ledger/checkpoints/{treeSize:long}", Gate.Read, () => Get("/api/v1/ledger/checkpoints/1")),
            new("POST /api/v1/ledger/checkpoints", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/ledger/checkpoints")),
            new("GET /api/v1/ledger/proofs/inclusion", Gate.Read, () => Get("/api/v1/ledger/proofs/inclusion?sequence=1")),
            new("GET /api/v1/ledger/proofs/consistency", Gate.Read, () => Get("/api/v1/ledger/proofs/consistency?from=1")),
            new("POST /api/v1/ledger/checkpoints/{treeSize:long}/witnesses", Gate.Witness, () => Send(HttpMethod.Post, "/api/v1/ledger/checkpoints/1/witnesses", new { signature = "" })),
            new("PUT /api/v1/ledger/witness-key", Gate.Witness, () => Send(HttpMethod.Put, "/api/v1/ledger/witness-key", new { publicKey = "" })),
            new("GET /api/v1/tokens", Gate.OwnTokensCookieOnly, () => Get("/api/v1/tokens")),
            new("POST /api/v1/tokens", Gate.OwnTokensCookieOnly, () => Send(HttpMethod.Post, "/api/v1/tokens", new { name = "minted", scope = "Write", days = 30 })),
            new("DELETE /api/v1/tokens/{id:guid}", Gate.OwnTokensCookieOnly, () => Send(HttpMethod.Delete, $"/api/v1/tokens/{any}")),
            new("GET /api/v1/plans", Gate.Audit, () => Get("/api/v1/plans")),
            new("GET /api/v1/plans/{id:guid}", Gate.Audit, () => Get($"/api/v1/plans/{any}")),
            new("GET /api/v1/plans/jobs/{id:guid}", Gate.Audit, () => Get($"/api/v1/plans/jobs/{any}")),
            new("GET /api/v1/plans/jobs/{id:guid}/what-if", Gate.Audit, () => Get($"/api/v1/plans/jobs/{any}/what-if")),
            new("POST /api/v1/plans", Gate.AuditAndCoordinate, () => Send(HttpMethod.Post, "/api/v1/plans", new { period = "2031-01" })),
            new("POST /api/v1/plans/{id:guid}/confirm", Gate.AuditAndCoordinate, () => Send(HttpMethod.Post, $"/api/v1/plans/{any}/confirm")),
            // Delivery: shipments, receipts, discrepancies (a point of contact acts on its own nation's only: the others are "not found").
            new("GET /api/v1/shipments", Gate.Read, () => Get("/api/v1/shipments")),
            new("GET /api/v1/events/epcis", Gate.Read, () => Get("/api/v1/events/epcis")),
            new("GET /api/v1/shipments/{id:guid}", Gate.Read, () => Get($"/api/v1/shipments/{any}")),
            new("POST /api/v1/shipments", Gate.Ship, () => Send(HttpMethod.Post, "/api/v1/shipments", new { lines = new[] { new { allocationId = any, quantity = 1 } } })),
            new("POST /api/v1/shipments/{id:guid}/serials", Gate.Ship, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { "MX-1" } } } })),
            new("POST /api/v1/shipments/{id:guid}/lots", Gate.Ship, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/lots", new { lines = new[] { new { lineNumber = 1, lots = new[] { new { lot = "L1", quantity = 1 } } } } })),
            new("POST /api/v1/shipments/{id:guid}/dispatch", Gate.Ship, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/dispatch", new { })),
            new("POST /api/v1/shipments/{id:guid}/cancel", Gate.Ship, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/cancel", new { reason = "matrix" })),
            new("POST /api/v1/shipments/{id:guid}/arrive-hub", Gate.Deliver, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/arrive-hub", new { })),
            new("POST /api/v1/shipments/{id:guid}/hand-over", Gate.Deliver, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/hand-over", new { })),
            new("POST /api/v1/shipments/{id:guid}/legs/{number:int}", Gate.Deliver, () => Send(HttpMethod.Post, $"/api/v1/shipments/{any}/legs/1", new { actualDeparture = "2026-01-01T08:00:00Z" })),
            new("GET /api/v1/receipts", Gate.Read, () => Get("/api/v1/receipts")),
            new("GET /api/v1/receipts/{id:guid}", Gate.Read, () => Get($"/api/v1/receipts/{any}")),
            new("POST /api/v1/receipts", Gate.Receive, () => Send(HttpMethod.Post, "/api/v1/receipts", new { shipmentId = any, number = "MX-" + Guid.NewGuid().ToString("N")[..8], lines = new[] { new { lineNumber = 1, accepted = 1 } } })),
            new("POST /api/v1/receipts/{id:guid}/reverse", Gate.Receive, () => Send(HttpMethod.Post, $"/api/v1/receipts/{any}/reverse", new { number = "MX-R-" + Guid.NewGuid().ToString("N")[..8], reason = "matrix" })),
            new("GET /api/v1/discrepancies", Gate.Read, () => Get("/api/v1/discrepancies")),
            new("GET /api/v1/discrepancies/{id:guid}", Gate.Read, () => Get($"/api/v1/discrepancies/{any}")),
            new("POST /api/v1/discrepancies/{id:guid}/{action:regex(^(review|charge|resolve|contest)$)}", Gate.Deliver, () => Send(HttpMethod.Post, $"/api/v1/discrepancies/{any}/review", new { })),
            // Accountability: custody, inventories, delinquency (a point of contact sees its own nation's custody only).
            new("GET /api/v1/custody", Gate.Read, () => Get("/api/v1/custody?serial=MX-1")),
            new("GET /api/v1/custody/{id:guid}", Gate.Read, () => Get($"/api/v1/custody/{any}")),
            new("POST /api/v1/custody/transfers", Gate.Receive, () => Send(HttpMethod.Post, "/api/v1/custody/transfers", new { serials = new[] { "MX-1" }, toUnit = "matrix unit" })),
            new("POST /api/v1/custody/{id:guid}/reverse", Gate.Receive, () => Send(HttpMethod.Post, $"/api/v1/custody/{any}/reverse", new { reason = "matrix" })),
            new("GET /api/v1/inventories", Gate.Accountability, () => Get("/api/v1/inventories")),
            new("POST /api/v1/inventories", Gate.Receive, () => Send(HttpMethod.Post, "/api/v1/inventories", new { number = "MX-I-" + Guid.NewGuid().ToString("N")[..8], unit = "matrix unit", lines = new[] { new { serial = "MX-1" } } })),
            new("GET /api/v1/accountability/delinquent", Gate.Read, () => Get("/api/v1/accountability/delinquent")),
            new("GET /api/v1/accountability/due", Gate.Read, () => Get("/api/v1/accountability/due")),
            new("GET /api/v1/accountability/report", Gate.Read, () => Get("/api/v1/accountability/report")),
            new("GET /api/v1/training/courses", Gate.Read, () => Get("/api/v1/training/courses")),
            new("GET /api/v1/training/courses/{id:guid}", Gate.Read, () => Get($"/api/v1/training/courses/{any}")),
            new("POST /api/v1/training/courses", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/training/courses",
                new { code = "mx-" + Guid.NewGuid().ToString("N")[..8], name = "matrix course", lengthWeeks = 2, crewSize = 2, seatsPerCohort = 10 })),
            new("PUT /api/v1/training/courses/{id:guid}", Gate.Coordinate, () => Send(HttpMethod.Put, $"/api/v1/training/courses/{any}",
                new { name = "matrix course", lengthWeeks = 2, crewSize = 2, seatsPerCohort = 10 })),
            new("GET /api/v1/training/sustainment", Gate.Read, () => Get("/api/v1/training/sustainment")),
            new("POST /api/v1/training/sustainment", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/training/sustainment",
                new { systemCode = SecurityFixture<TKind>.Howitzer, itemCode = "no-such-item", kind = "SparesKit", quantityPerUnit = 1 })),
            new("PUT /api/v1/training/sustainment/{id:guid}", Gate.Coordinate, () => Send(HttpMethod.Put, $"/api/v1/training/sustainment/{any}",
                new { kind = "SparesKit", quantityPerUnit = 1 })),
            new("GET /api/v1/training/sites", Gate.Read, () => Get("/api/v1/training/sites")),
            new("GET /api/v1/training/sites/{id:guid}", Gate.Read, () => Get($"/api/v1/training/sites/{any}")),
            new("POST /api/v1/training/sites", Gate.Training, () => Send(HttpMethod.Post, "/api/v1/training/sites",
                new { code = "mx-" + Guid.NewGuid().ToString("N")[..8], name = "matrix range", hostNation = "JPN", seatsPerCohort = 10 })),
            new("PUT /api/v1/training/sites/{id:guid}", Gate.Training, () => Send(HttpMethod.Put, $"/api/v1/training/sites/{any}",
                new { name = "matrix range", seatsPerCohort = 10 })),
            new("GET /api/v1/training/cohorts", Gate.Read, () => Get("/api/v1/training/cohorts")),
            new("GET /api/v1/training/cohorts/{id:guid}", Gate.Read, () => Get($"/api/v1/training/cohorts/{any}")),
            new("POST /api/v1/training/cohorts", Gate.Training, () => Send(HttpMethod.Post, "/api/v1/training/cohorts",
                new { courseCode = "no-such-course", siteCode = "no-such-site", startDate = "2031-01-06", seats = 2, trainees = 2, receivingUnit = "unit" })),
            new("POST /api/v1/training/cohorts/{id:guid}/start", Gate.TrainingProgress, () => Send(HttpMethod.Post, $"/api/v1/training/cohorts/{any}/start")),
            new("POST /api/v1/training/cohorts/{id:guid}/graduate", Gate.TrainingProgress, () => Send(HttpMethod.Post, $"/api/v1/training/cohorts/{any}/graduate", new { passed = 1 })),
            new("POST /api/v1/training/cohorts/{id:guid}/cancel", Gate.Training, () => Send(HttpMethod.Post, $"/api/v1/training/cohorts/{any}/cancel")),
            new("POST /api/v1/training/crew-plan", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/training/crew-plan", new { timeLimitSeconds = 2 })),
            // Dual-use technology: anyone reads what the release rule shows them (the rest is 404); the cell changes.
            new("GET /api/v1/technology/projects", Gate.Read, () => Get("/api/v1/technology/projects")),
            new("GET /api/v1/technology/projects/{id:guid}", Gate.Read, () => Get($"/api/v1/technology/projects/{any}")),
            new("GET /api/v1/technology/projects/{id:guid}/technical-data", Gate.Read, () => Get($"/api/v1/technology/projects/{any}/technical-data")),
            new("GET /api/v1/technology/projects/{id:guid}/technical-data/{recordId:guid}", Gate.Read, () => Get($"/api/v1/technology/projects/{any}/technical-data/{any}")),
            new("POST /api/v1/technology/projects", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/technology/projects",
                new { code = "mx-" + Guid.NewGuid().ToString("N")[..8], title = "matrix project", domain = "Cyber", leadCompany = "no-such-company", trl = 3 })),
            new("PUT /api/v1/technology/projects/{id:guid}", Gate.Coordinate, () => Send(HttpMethod.Put, $"/api/v1/technology/projects/{any}",
                new { title = "matrix project", domain = "Cyber", leadCompany = "no-such-company" })),
            new("POST /api/v1/technology/projects/{id:guid}/trl", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/technology/projects/{any}/trl", new { trl = 4, note = "matrix" })),
            new("POST /api/v1/technology/projects/{id:guid}/milestones/{number:int}", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/technology/projects/{any}/milestones/1", new { done = "2026-01-01" })),
            new("POST /api/v1/technology/projects/{id:guid}/technical-data", Gate.Coordinate, () => Send(HttpMethod.Post, $"/api/v1/technology/projects/{any}/technical-data", new { title = "matrix", marking = "Restricted" })),
            new("PUT /api/v1/technology/projects/{id:guid}/technical-data/{recordId:guid}", Gate.Coordinate, () => Send(HttpMethod.Put, $"/api/v1/technology/projects/{any}/technical-data/{any}", new { title = "matrix", marking = "Restricted" })),
            new("GET /api/v1/readiness", Gate.Read, () => Get("/api/v1/readiness")),
            new("POST /api/v1/readiness/what-if", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/readiness/what-if", new { draft = new { } })),
            new("POST /api/v1/readiness/what-if/save", Gate.Coordinate, () => Send(HttpMethod.Post, "/api/v1/readiness/what-if/save", new { draft = new { } })),
            new("GET /openapi/{documentName}.json", Gate.Read, () => Get("/openapi/v1.json")),
            new("GET /health", Gate.Public, () => Get("/health")),
            new("GET /health/live", Gate.Public, () => Get("/health/live")),
            new("GET /health/ready", Gate.Public, () => Get("/health/ready")),
            // Razor pages (signed-in browsers; a bearer token does not open a page, an anonymous browser is sent to /signin).
            new("* /", Gate.ReadPage, () => Get("/")),
            new("* /catalogue", Gate.ReadPage, () => Get("/catalogue")),
            new("* /nations", Gate.ReadPage, () => Get("/nations")),
            new("* /offers", Gate.ReadPage, () => Get("/offers")),
            new("* /requirements", Gate.ReadPage, () => Get("/requirements")),
            new("* /reports/burden-sharing", Gate.ReadPage, () => Get("/reports/burden-sharing")),
            new("* /signout", Gate.ReadPage, () => Get("/signout")),
            new("* /plans", Gate.AuditPage, () => Get("/plans")),
            new("* /plans/{id:guid}", Gate.AuditPage, () => Get($"/plans/{any}")),
            new("* /plans/compare", Gate.AuditPage, () => Get("/plans/compare")),
            new("* /plans/what-if", Gate.AuditPage, () => Get("/plans/what-if")),
            new("* /ledger", Gate.AuditPage, () => Get("/ledger")),
            new("* /ledger/checkpoints", Gate.ReadPage, () => Get("/ledger/checkpoints")),
            new("* /signin", Gate.Public, () => Get("/signin")),
            new("* /shipments", Gate.ReadPage, () => Get("/shipments")),
            new("* /shipments/{id:guid}", Gate.ReadPage, () => Get($"/shipments/{any}")),
            new("* /shipments/new", Gate.ShipPage, () => Get("/shipments/new")),
            new("* /shipments/{id:guid}/receive", Gate.ReceivePage, () => Get($"/shipments/{any}/receive")),
            new("* /discrepancies", Gate.ReadPage, () => Get("/discrepancies")),
            new("* /accountability", Gate.ReadPage, () => Get("/accountability")),
            new("* /custody", Gate.ReadPage, () => Get("/custody?serial=MX-1")),
            new("* /inventories/new", Gate.ReceivePage, () => Get("/inventories/new")),
            new("* /funding", Gate.ReadPage, () => Get("/funding")) { Optional = true },
            new("* /offers/new", Gate.PledgePage, () => Get("/offers/new")) { Optional = true },
            new("* /funding/new", Gate.PledgePage, () => Get("/funding/new")) { Optional = true },
            new("* /account/tokens", Gate.OwnTokensPage, () => Get("/account/tokens")) { Optional = true },
            new("* /error/{code:int?}", Gate.Public, () => Get("/error/404")),
            new("* /offers/{id:guid}", Gate.ReadPage, () => Get($"/offers/{offerId}")),
            new("* /offers/{id:guid}/edit", Gate.PledgePage, () => Get($"/offers/{offerId}/edit")),
            new("* /offers/{id:guid}/{action:regex(^(accept|withdraw)$)}", Gate.PledgePage, () => Get($"/offers/{offerId}/withdraw")),
            new("* /nations/{code:length(3)}", Gate.ReadPage, () => Get("/nations/JPN")),
            new("* /nations/{code:length(3)}/edit", Gate.CoordinatePage, () => Get("/nations/JPN/edit")),
            new("* /catalogue/{id:guid}", Gate.ReadPage, () => Get($"/catalogue/{item}")),
            new("* /catalogue/new", Gate.CoordinatePage, () => Get("/catalogue/new")),
            new("* /catalogue/{id:guid}/edit", Gate.CoordinatePage, () => Get($"/catalogue/{item}/edit")),
            new("* /funding/{id:guid}", Gate.ReadPage, () => Get($"/funding/{fundingId}")),
            new("* /funding/{id:guid}/edit", Gate.PledgePage, () => Get($"/funding/{fundingId}/edit")),
            new("* /accounts", Gate.CoordinatePage, () => Get("/accounts")),
            new("* /accounts/{userName}", Gate.CoordinatePage, () => Get("/accounts/mx-auditor")),
            new("* /accounts/{userName}/disable", Gate.CoordinatePage, () => Get("/accounts/mx-auditor/disable")),
            new("* /requirements/{id:guid}", Gate.ReadPage, () => Get($"/requirements/{req}")),
            new("* /requirements/new", Gate.RequirementsPage, () => Get("/requirements/new")),
            new("* /requirements/{id:guid}/edit", Gate.RequirementsPage, () => Get($"/requirements/{req}/edit")),
            new("* /requirements/{id:guid}/cancel", Gate.RequirementsPage, () => Get($"/requirements/{req}/cancel")),
            new("* /training", Gate.ReadPage, () => Get("/training")) { Optional = true },
            new("* /technology", Gate.ReadPage, () => Get("/technology")),
            new("* /technology/{id:guid}", Gate.ReadPage, () => Get($"/technology/{any}")),
            new("* /technology/{id:guid}/data/{recordId:guid}", Gate.ReadPage, () => Get($"/technology/{any}/data/{any}")),
            new("* /technology/new", Gate.CoordinatePage, () => Get("/technology/new")),
            new("* /technology/{id:guid}/edit", Gate.CoordinatePage, () => Get($"/technology/{any}/edit")),
            new("* /readiness", Gate.ReadPage, () => Get("/readiness")) { Optional = true },
        ];
    }

    /// <summary>Whether the caller gets through the gate.</summary>
    private static bool IsPage(Gate gate) => gate is Gate.ReadPage or Gate.AuditPage or Gate.PledgePage or Gate.OwnTokensPage or Gate.ShipPage or Gate.ReceivePage or Gate.RequirementsPage or Gate.CoordinatePage or Gate.ImportPage;

    private static bool Allowed(Gate gate, Caller c) => gate switch
    {
        Gate.Public => true,
        _ when c == Caller.Anonymous => false,
        _ when c == Caller.CoordinatorReadToken && IsPage(gate) => false,
        Gate.Read or Gate.ReadPage => true,
        Gate.Coordinate or Gate.AuditAndCoordinate => c == Caller.Coordinator,
        Gate.Pledge or Gate.PledgePage => c is Caller.Coordinator or Caller.JpnPointOfContact,
        Gate.Requirements or Gate.RequirementsPage or Gate.Receive or Gate.ReceivePage => c is Caller.Coordinator or Caller.RecipientOfficer,
        Gate.CoordinatePage => c == Caller.Coordinator,
        Gate.Ship or Gate.ShipPage => c is Caller.Coordinator or Caller.JpnPointOfContact,
        Gate.Deliver => c is Caller.Coordinator or Caller.JpnPointOfContact or Caller.RecipientOfficer,
        // Offers (the cell, points of contact), requirements (the cell, the recipient's officers), catalogue (the cell).
        Gate.ImportPage => c is Caller.Coordinator or Caller.JpnPointOfContact or Caller.RecipientOfficer,
        Gate.Witness => c == Caller.JpnPointOfContact,
        Gate.Training => c is Caller.Coordinator or Caller.JpnPointOfContact,
        Gate.Industry => c is Caller.Coordinator or Caller.IndustryRepresentative,
        Gate.TrainingProgress => c is Caller.Coordinator or Caller.JpnPointOfContact or Caller.RecipientOfficer,
        Gate.Audit or Gate.AuditPage => c is Caller.Coordinator or Caller.Auditor or Caller.CoordinatorReadToken,
        Gate.Accountability => c is Caller.Coordinator or Caller.Auditor or Caller.CoordinatorReadToken or Caller.RecipientOfficer,
        Gate.OwnTokensCookieOnly => false,
        Gate.OwnTokensPage => true, // any signed-in browser manages its own tokens
        _ => throw new ArgumentOutOfRangeException(nameof(gate)),
    };

    private static readonly HttpStatusCode[] AllowedAnswers =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.Accepted, HttpStatusCode.NoContent, HttpStatusCode.Redirect,
        HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity, HttpStatusCode.PreconditionRequired,
    ];

    /// <summary>Pages redirect (to /signin without a sign-in, to /denied for a signed-in person); the API answers 401 or 403.</summary>
    private static HttpStatusCode Denied(Gate gate, Caller c) => IsPage(gate) ? HttpStatusCode.Redirect
        : c == Caller.Anonymous || gate == Gate.OwnTokensCookieOnly ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;

    private static string DeniedPage(Caller c) => c is Caller.Anonymous or Caller.CoordinatorReadToken ? "/signin" : "/denied";

    [Fact]
    public async Task Every_role_gets_exactly_the_endpoints_its_policy_allows_and_the_auditor_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var callers = new Dictionary<Caller, HttpClient>
        {
            [Caller.Coordinator] = await fx.ClientForAsync("mx-coordinator", Role.Coordinator, null),
            [Caller.JpnPointOfContact] = await fx.ClientForAsync("mx-poc-jpn", Role.NationalPointOfContact, "JPN"),
            [Caller.RecipientOfficer] = await fx.ClientForAsync("mx-recipient", Role.RecipientOfficer, "UKR"),
            [Caller.Auditor] = await fx.ClientForAsync("mx-auditor", Role.Auditor, null, TokenScope.Read),
            [Caller.IndustryRepresentative] = await fx.ClientForAsync("mx-industry", Role.IndustryRepresentative, null),
            [Caller.Anonymous] = fx.Anonymous(),
            [Caller.CoordinatorReadToken] = await fx.ClientForAsync("mx-coordinator-read", Role.Coordinator, null, TokenScope.Read),
        };
        var browsers = new Dictionary<Caller, HttpClient>
        {
            [Caller.Coordinator] = await fx.SignedInBrowserAsync("mx-coordinator", Role.Coordinator, null),
            [Caller.JpnPointOfContact] = await fx.SignedInBrowserAsync("mx-poc-jpn", Role.NationalPointOfContact, "JPN"),
            [Caller.RecipientOfficer] = await fx.SignedInBrowserAsync("mx-recipient", Role.RecipientOfficer, "UKR"),
            [Caller.Auditor] = await fx.SignedInBrowserAsync("mx-auditor", Role.Auditor, null),
            [Caller.IndustryRepresentative] = await fx.SignedInBrowserAsync("mx-industry", Role.IndustryRepresentative, null),
            [Caller.Anonymous] = fx.Anonymous(),
            [Caller.CoordinatorReadToken] = callers[Caller.CoordinatorReadToken],
        };
        Guid offerId, fundingId;
        using (var r = await fx.Coordinator.PostJson("/api/v1/offers", new { donorCode = "USA", aidType = "Military", itemCode = SecurityFixture<TKind>.Helmet, quantityAnnounced = 5, releasability = "AllParticipants" }))
            offerId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await fx.Coordinator.PostJson("/api/v1/funding", new { donorCode = "USA", pool = "mx", amount = 10m, currency = "EUR", pledgedOn = "2026-01-01", releasability = "AllParticipants" }))
            fundingId = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));

        var probes = Probes(offerId, fundingId);

        // The matrix covers the app's inventory: a new endpoint without a probe fails here.
        var inventory = fx.RouteEndpoints()
            .Select(e => $"{string.Join(",", EndpointInventoryTests<TKind>.MethodsOf(e))} {EndpointInventoryTests<TKind>.RouteOf(e)}")
            .Where(k => k != "* /denied")
            .ToHashSet();
        var probed = probes.Select(p => p.Key).ToHashSet();
        var required = probes.Where(p => !p.Optional).Select(p => p.Key).ToHashSet();
        Assert.True(inventory.IsSubsetOf(probed) && required.IsSubsetOf(inventory),
            $"inventory without probe: [{string.Join("; ", inventory.Except(probed))}]; probe without endpoint: [{string.Join("; ", required.Except(inventory))}]");
        probes = probes.Where(p => inventory.Contains(p.Key)).ToList();

        var failures = new List<string>();
        var checks = 0;
        var ledgerBeforeAuditor = await fx.LedgerCountAsync();
        foreach (var caller in Enum.GetValues<Caller>())
        {
            var ledgerBefore = await fx.LedgerCountAsync();
            foreach (var p in probes)
            {
                using var request = p.Request();
                using var response = await (IsPage(p.Gate) || p.Key.StartsWith("* ", StringComparison.Ordinal) ? browsers : callers)[caller].SendAsync(request, ct);
                checks++;
                var allowed = Allowed(p.Gate, caller);
                var ok = allowed ? AllowedAnswers.Contains(response.StatusCode) : response.StatusCode == Denied(p.Gate, caller)
                    // The token endpoints are rate limited per address before authentication: a 429 refuses too.
                    || (p.Gate is Gate.OwnTokensCookieOnly or Gate.OwnTokensPage && response.StatusCode == HttpStatusCode.TooManyRequests);
                if (ok && !allowed && response.StatusCode == HttpStatusCode.Redirect)
                    ok = response.Headers.Location?.OriginalString.Contains(DeniedPage(caller), StringComparison.OrdinalIgnoreCase) == true;
                if (!ok)
                    failures.Add($"{caller} {request.Method} {request.RequestUri}: expected {(allowed ? "allowed" : ((int)Denied(p.Gate, caller)).ToString())}, got {(int)response.StatusCode} {Trim(await response.Content.ReadAsStringAsync(ct))}");
            }
            if (caller is Caller.Auditor or Caller.IndustryRepresentative or Caller.Anonymous or Caller.CoordinatorReadToken)
            {
                var after = await fx.LedgerCountAsync();
                if (after != ledgerBefore) failures.Add($"{caller} changed something: {after - ledgerBefore} ledger events");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {checks} checks failed:\n" + string.Join("\n", failures));
        Assert.True(ledgerBeforeAuditor < await fx.LedgerCountAsync(), "nobody wrote anything: the allowed writes did not reach the server");

        // The auditor reads the ledger, in full.
        var ledger = await callers[Caller.Auditor].GetNode("/api/v1/ledger?pageSize=5");
        Assert.Equal(5, ledger["items"]!.AsArray().Count);
        Assert.NotNull(ledger["next"]);
        Assert.Equal(probes.Count * callers.Count, checks);
        var note = $"role x endpoint matrix on {fx.Kind}: {checks} checks ({probes.Count} endpoints x {callers.Count} callers)";
        Measurements.Record(note);
        Console.WriteLine(note);
        TestContext.Current.SendDiagnosticMessage(note);
        foreach (var h in callers.Values.Concat(browsers.Values).Distinct()) h.Dispose();
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] : s;
}

public sealed class RoleMatrixOnSqlite(SecurityFixture<OnSqlite> fx) : RoleMatrixTests<OnSqlite>(fx);

public sealed class RoleMatrixOnPostgres(SecurityFixture<OnPostgres> fx) : RoleMatrixTests<OnPostgres>(fx);
