using System.Net;
using System.Text.Json.Nodes;
using Json.Schema;
using Quartermaster.Application.Access;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// GET /api/v1/events/epcis and qm events epcis: a GS1 EPCIS 2.0 document, checked against GS1's own JSON schema
/// (Schemas/EPCIS-JSON-Schema.json, see Schemas/SOURCE.md), on both databases.
/// </summary>
public abstract class EpcisTests<TKind>(DeliveryFixture<TKind> fx) : IClassFixture<DeliveryFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "EPCIS-JSON-Schema.json"))));

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> SchemaErrors(JsonNode doc)
    {
        var result = Schema.Value.Evaluate(doc, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}")).Take(20).ToList();
    }

    private async Task<JsonNode> Post(string path, object? body = null, HttpClient? as_ = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var r = await (as_ ?? Http).PostJson(path, body ?? new { });
        return await r.Ok(expected);
    }

    /// <summary>A USA shipment of three missiles, dispatched 3 days ago, at the hub 2 days ago, handed over yesterday, received an hour ago with one damaged.</summary>
    private async Task<(string Id, string Reference, string Tag, DateTime Now)> ReceivedWithOneDamaged()
    {
        var now = DateTime.UtcNow;
        var (_, _, allocationId) = await fx.AllocateAsync("USA", DeliveryFixture<TKind>.Missile, 3);
        var shipment = await Post("/api/v1/shipments", new { lines = new[] { new { allocationId, quantity = 3 } } }, expected: HttpStatusCode.Created);
        var id = shipment["summary"].Str("id");
        var tag = "E" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await Post($"/api/v1/shipments/{id}/serials", new { lines = new[] { new { lineNumber = 1, serials = new[] { $"{tag}-1", $"{tag}-2", $"{tag}-3" } } } });
        await Post($"/api/v1/shipments/{id}/dispatch", new { at = Iso(now.AddDays(-3)) });
        await Post($"/api/v1/shipments/{id}/arrive-hub", new { at = Iso(now.AddDays(-2)) });
        await Post($"/api/v1/shipments/{id}/hand-over", new { at = Iso(now.AddDays(-1)) }, fx.Recipient);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/receipts")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                shipmentId = id, signedBy = "Maj. O. Kovalenko", signedAt = Iso(now.AddHours(-1)), receivingUnit = "24th Mechanised Brigade",
                lines = new[]
                {
                    new { lineNumber = 1, serials = new object[]
                    {
                        new { serial = $"{tag}-1", outcome = "Accepted" }, new { serial = $"{tag}-2", outcome = "Accepted" },
                        new { serial = $"{tag}-3", outcome = "Rejected", reason = "Damaged" },
                    } },
                },
            }, options: Api.Json),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "RCV-" + tag);
        using (var r = await fx.Recipient.SendAsync(request, Ct)) await r.Ok(HttpStatusCode.Created);
        return (id, shipment["summary"].Str("reference"), tag, now);
    }

    private static List<JsonNode> Events(JsonNode doc) => doc["epcisBody"]!["eventList"]!.AsArray().Select(e => e!).ToList();

    private static List<string> Epcs(JsonNode e) => e["epcList"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();

    private static string Serial(string tag, int n) => $"urn:quartermaster:serial:{DeliveryFixture<TKind>.Missile}:{tag}-{n}";

    [Fact]
    public async Task A_dispatched_handed_over_and_received_shipment_with_one_damaged_unit_exports_as_a_valid_EPCIS_document()
    {
        var (id, reference, tag, now) = await ReceivedWithOneDamaged();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var response = await Http.GetAsync($"/api/v1/events/epcis?shipment={reference}", Ct);
        var doc = await response.Ok();
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);

        Assert.Empty(SchemaErrors(doc));
        Assert.Equal("EPCISDocument", doc.Str("type"));
        Assert.Equal("2.0", doc.Str("schemaVersion"));
        var created = DateTimeOffset.Parse(doc.Str("creationDate"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created, before, DateTimeOffset.UtcNow.AddSeconds(1));

        var events = Events(doc);
        // Oldest first; the receipt's two events share its signing time.
        Assert.Equal(["shipping", "arriving", "departing", "inspecting", "receiving"], events.Select(e => e.Str("bizStep")).ToList());
        var shipping = events.Single(e => e.Str("bizStep") == "shipping");
        Assert.Equal("in_transit", shipping.Str("disposition"));
        Assert.Equal("OBSERVE", shipping.Str("action"));
        Assert.Equal([Serial(tag, 1), Serial(tag, 2), Serial(tag, 3)], Epcs(shipping));
        Assert.Equal(Iso(now.AddDays(-3))[..19], shipping.Str("eventTime")[..19]);
        Assert.Equal($"urn:quartermaster:shipment:{reference}", shipping["bizTransactionList"]![0].Str("bizTransaction"));
        Assert.Equal("urn:quartermaster:nation:USA", shipping["sourceList"]![0].Str("source"));

        var arriving = events.Single(e => e.Str("bizStep") == "arriving");
        Assert.Equal("in_progress", arriving.Str("disposition"));
        Assert.Equal($"urn:quartermaster:hub:{DeliveryFixture<TKind>.Hub}", arriving["bizLocation"].Str("id"));
        Assert.Equal("in_transit", events.Single(e => e.Str("bizStep") == "departing").Str("disposition"));

        var receiving = events.Single(e => e.Str("bizStep") == "receiving");
        Assert.Equal("active", receiving.Str("disposition"));
        Assert.Equal([Serial(tag, 1), Serial(tag, 2)], Epcs(receiving));
        Assert.Equal("urn:quartermaster:unit:24th%20Mechanised%20Brigade", receiving["bizLocation"].Str("id"));
        Assert.Contains(receiving["bizTransactionList"]!.AsArray(), t => t.Str("type") == "recadv" && t.Str("bizTransaction") == $"urn:quartermaster:receipt:RCV-{tag}");
        var inspecting = events.Single(e => e.Str("bizStep") == "inspecting");
        Assert.Equal("damaged", inspecting.Str("disposition"));
        Assert.Equal([Serial(tag, 3)], Epcs(inspecting));
        Assert.All(events, e => Assert.Equal("+00:00", e.Str("eventTimeZoneOffset")));

        // The same shipment by id gives the same events; the window keeps only what happened inside it.
        var byId = Events(await Http.GetNode($"/api/v1/events/epcis?shipment={id}"));
        Assert.Equal(events.Select(e => e.Str("eventID")), byId.Select(e => e.Str("eventID")));
        var lastDay = Events(await Http.GetNode($"/api/v1/events/epcis?shipment={id}&from={Iso(now.AddHours(-36))}"));
        Assert.Equal(["departing", "inspecting", "receiving"], lastDay.Select(e => e.Str("bizStep")).Order().ToList());
    }

    [Fact]
    public async Task An_inventory_exports_as_cycle_counting_one_event_per_disposition_at_the_holding_unit()
    {
        var (id, _, tag, _) = await ReceivedWithOneDamaged();
        var number = "INV-" + tag;
        await Post("/api/v1/inventories", new
        {
            number, unit = "24th Mechanised Brigade",
            lines = new object[] { new { serial = $"{tag}-1", status = "InService" }, new { serial = $"{tag}-2", status = "Stolen", evidence = "depot break-in" } },
        }, fx.Recipient, HttpStatusCode.Created);
        var doc = await Http.GetNode($"/api/v1/events/epcis?shipment={id}");
        Assert.Empty(SchemaErrors(doc));
        var counts = Events(doc).Where(e => e.Str("bizStep") == "cycle_counting").ToList();
        Assert.Equal(2, counts.Count);
        Assert.Equal([Serial(tag, 1)], Epcs(counts.Single(e => e.Str("disposition") == "active")));
        var stolen = counts.Single(e => e.Str("disposition") == "stolen");
        Assert.Equal([Serial(tag, 2)], Epcs(stolen));
        Assert.Equal("urn:quartermaster:unit:24th%20Mechanised%20Brigade", stolen["bizLocation"].Str("id"));
        Assert.Equal($"urn:quartermaster:inventory:{number}", stolen["bizTransactionList"]![0].Str("bizTransaction"));
    }

    [Fact]
    public async Task The_schema_check_is_real_a_document_with_a_wrong_action_fails_it()
    {
        var (id, _, _, _) = await ReceivedWithOneDamaged();
        var doc = await Http.GetNode($"/api/v1/events/epcis?shipment={id}");
        Assert.Empty(SchemaErrors(doc));
        doc["epcisBody"]!["eventList"]![0]!["action"] = "LOOK";
        Assert.NotEmpty(SchemaErrors(doc));
        doc["epcisBody"]!["eventList"]![0]!["action"] = "OBSERVE";
        doc["epcisBody"]!["eventList"]![0]!["readPoint"] = new JsonObject { ["id"] = "not a uri" };
        Assert.NotEmpty(SchemaErrors(doc));
    }

    [Fact]
    public async Task A_point_of_contact_of_another_nation_gets_no_events_of_the_shipment_and_it_is_not_found_by_reference()
    {
        var (id, reference, tag, _) = await ReceivedWithOneDamaged();
        var all = await fx.JpnPoc.GetNode("/api/v1/events/epcis");
        Assert.Empty(SchemaErrors(all));
        Assert.DoesNotContain(Events(all), e => e.ToJsonString().Contains(tag, StringComparison.Ordinal) || e.ToJsonString().Contains(reference, StringComparison.Ordinal));
        using (var r = await fx.JpnPoc.GetAsync($"/api/v1/events/epcis?shipment={reference}", Ct)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using (var r = await fx.JpnPoc.GetAsync($"/api/v1/events/epcis?shipment={id}", Ct)) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        // The donor's own point of contact sees them.
        Assert.Equal(5, Events(await fx.UsaPoc.GetNode($"/api/v1/events/epcis?shipment={reference}")).Count);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-40", "to")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    public async Task A_bad_from_or_to_is_a_400_naming_the_field(string query, string field)
    {
        using var r = await Http.GetAsync($"/api/v1/events/epcis?{query}", Ct);
        await r.Problem(400, field);
    }

    [Fact]
    public async Task The_cli_exports_the_same_events_from_the_database_and_through_the_server()
    {
        var (_, reference, tag, _) = await ReceivedWithOneDamaged();
        var local = Path.Combine(Path.GetTempPath(), $"epcis-{tag}-db.json");
        var remote = Path.Combine(Path.GetTempPath(), $"epcis-{tag}-server.json");
        try
        {
            var r = await Qm.Run("events", "epcis", "--shipment", reference, "--out", local, "--db", fx.Db.DbArgument);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("5 EPCIS event(s)", r.Out);
            string token;
            await using (var db = fx.Db.Open())
            {
                var accounts = new AccountsService(db);
                var setup = Actor.LocalOperator("fixture");
                await accounts.Add(setup, "epcis-auditor", "epcis-auditor", Role.Auditor, null, null, "fixture-password-123", Ct);
                token = (await accounts.CreateToken(setup, "epcis-auditor", "cli", TokenScope.Read, 1, Ct)).Token;
            }
            r = await Qm.Run("events", "epcis", "--shipment", reference, "--out", remote, "--server", fx.BaseAddress.ToString(), "--token", token);
            Assert.True(r.ExitCode == 0, r.ToString());
            var a = JsonNode.Parse(await File.ReadAllTextAsync(local, Ct))!;
            var b = JsonNode.Parse(await File.ReadAllTextAsync(remote, Ct))!;
            Assert.Empty(SchemaErrors(a));
            Assert.Empty(SchemaErrors(b));
            Assert.Equal(Events(a).Select(e => e.ToJsonString()), Events(b).Select(e => e.ToJsonString()));
            r = await Qm.Run("events", "epcis", "--from", "soon", "--db", fx.Db.DbArgument);
            Assert.NotEqual(0, r.ExitCode);
            Assert.Contains("from", r.Err);
        }
        finally
        {
            File.Delete(local);
            File.Delete(remote);
        }
    }
}

public sealed class EpcisOnSqlite(DeliveryFixture<OnSqlite> fx) : EpcisTests<OnSqlite>(fx);

public sealed class EpcisOnPostgres(DeliveryFixture<OnPostgres> fx) : EpcisTests<OnPostgres>(fx);
