using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>SQL and script injection in every free-text field: stored and returned verbatim, tables intact, pages encode it.</summary>
public abstract class InjectionTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly string[] Payloads = ["'; DROP TABLE offers; --", "<script>alert(1)</script>", "\" onmouseover=\"x"];

    private static string Code3() => Api.FreshNationCode();

    private static async Task<JsonNode> CreatedAndReadBack(HttpClient http, string collection, object body, Func<JsonNode, string> id)
    {
        using var created = await http.PostJson($"/api/v1/{collection}", body);
        var node = await created.Ok(HttpStatusCode.Created);
        var read = await http.GetNode($"/api/v1/{collection}/{id(node)}");
        Assert.True(JsonNode.DeepEquals(node, read), $"read back differs:\n{node}\n{read}");
        return read;
    }

    [Fact]
    public async Task Injection_strings_in_every_text_field_are_stored_and_returned_verbatim_and_every_table_survives()
    {
        var tablesBefore = (await fx.Db.RowCountsAsync()).Keys.ToList();
        using var jpn = await fx.ClientForAsync("inj-poc-jpn", Role.NationalPointOfContact, "JPN");
        using var recipient = await fx.ClientForAsync("inj-recipient", Role.RecipientOfficer, "UKR");
        var rank = 500;
        foreach (var p in Payloads)
        {
            var marker = "inj" + Guid.NewGuid().ToString("N")[..8];
            var text = $"{marker} {p}";

            var nation = await CreatedAndReadBack(fx.Coordinator, "nations", new { code = Code3(), name = text, status = "Partner" }, n => n.Str("code"));
            Assert.Equal(text, nation.Str("name"));

            var itemCode = "inj-" + Guid.NewGuid().ToString("N")[..8];
            var item = await CreatedAndReadBack(fx.Coordinator, "catalogue", new
            {
                code = itemCode, name = text, supplyClass = "8470", coalition = "protection", isLethal = false, compatibilityFamily = marker,
            }, n => n.Str("id"));
            Assert.Equal(text, item.Str("name"));

            var offer = await CreatedAndReadBack(jpn, "offers", new
            {
                aidType = "Military", itemCode, description = text, quantityAnnounced = 3, originDepot = text, releasability = "AllParticipants",
            }, n => n.Str("id"));
            Assert.Equal(text, offer.Str("description"));
            Assert.Equal(text, offer.Str("originDepot"));

            var requirement = await CreatedAndReadBack(recipient, "requirements", new
            {
                period = "2033-03", priorityRank = rank++, itemCode, quantity = 2, neededBy = "2033-09-01", destination = text, note = text,
            }, n => n.Str("id"));
            Assert.Equal(text, requirement.Str("destination"));
            Assert.Equal(text, requirement.Str("note"));

            var funding = await CreatedAndReadBack(jpn, "funding", new { pool = text, amount = 5m, currency = "EUR", pledgedOn = "2026-01-01", note = text }, n => n.Str("id"));
            // A pledge names a pool by code or name; a new name creates the pool, whose name is kept verbatim.
            Assert.Equal(text, (await fx.Coordinator.GetNode($"/api/v1/pools/{funding.Str("poolId")}")).Str("name"));
            Assert.Equal(text, funding.Str("note"));

            // Searching with the payload finds the records and breaks nothing.
            var found = await fx.Coordinator.GetNode($"/api/v1/offers?search={Uri.EscapeDataString(p)}");
            Assert.Contains(found["items"]!.AsArray(), o => o!["description"]!.GetValue<string>() == text);
            await fx.Coordinator.GetNode($"/api/v1/catalogue?search={Uri.EscapeDataString(p)}");
            await fx.Coordinator.GetNode($"/api/v1/nations?search={Uri.EscapeDataString(p)}");
        }
        var tablesAfter = await fx.Db.RowCountsAsync();
        Assert.Equal(tablesBefore, tablesAfter.Keys.ToList());
        Assert.True(tablesAfter["offers"] >= Payloads.Length);
        var verify = await fx.Coordinator.GetNode("/api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Pages_show_injected_text_html_encoded_to_a_signed_in_browser()
    {
        var marker = "injpage" + Guid.NewGuid().ToString("N")[..6];
        var itemCode = "injp-" + Guid.NewGuid().ToString("N")[..8];
        var script = "<script>alert(1)</script>";
        var attr = "\" onmouseover=\"x";
        (await fx.Coordinator.PostJson("/api/v1/nations", new { code = Code3(), name = $"{marker} {script}", status = "Partner" })).EnsureSuccessStatusCode();
        (await fx.Coordinator.PostJson("/api/v1/catalogue", new { code = itemCode, name = $"{marker} {script} {attr}", supplyClass = "8470", coalition = "protection", isLethal = false })).EnsureSuccessStatusCode();
        (await fx.Coordinator.PostJson("/api/v1/offers", new { donorCode = "USA", aidType = "Military", itemCode, description = $"{marker} {script} {attr}", quantityAnnounced = 1, releasability = "AllParticipants" })).EnsureSuccessStatusCode();
        (await fx.Coordinator.PostJson("/api/v1/requirements", new { period = "2033-04", priorityRank = 1, itemCode, quantity = 1, neededBy = "2033-09-01", destination = $"{marker} {script}", note = attr })).EnsureSuccessStatusCode();

        using var browser = await fx.SignedInBrowserAsync("inj-viewer", Role.Coordinator, null);
        var pages = new[]
        {
            $"/catalogue?search={marker}", $"/nations?search={marker}", $"/offers?search={marker}", $"/requirements?search={marker}",
            $"/catalogue?search={Uri.EscapeDataString(script + attr)}", $"/offers?search={Uri.EscapeDataString(attr)}",
        };
        var encodedSeen = 0;
        foreach (var path in pages)
        {
            using var r = await browser.GetAsync(path, Ct);
            var html = await r.Content.ReadAsStringAsync(Ct);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {(int)r.StatusCode}");
            Assert.DoesNotContain(script, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onmouseover=\"x", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
            if (html.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", StringComparison.Ordinal)) encodedSeen++;
        }
        Assert.True(encodedSeen >= 4, $"the injected text was shown (encoded) on only {encodedSeen} of {pages.Length} pages: the pages did not list the records");
    }
}

public sealed class InjectionOnSqlite(SecurityFixture<OnSqlite> fx) : InjectionTests<OnSqlite>(fx);

public sealed class InjectionOnPostgres(SecurityFixture<OnPostgres> fx) : InjectionTests<OnPostgres>(fx);
