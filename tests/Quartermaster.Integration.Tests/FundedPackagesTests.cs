using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Domain.Access;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// A PURL-style funded package: a USA producer, a lethal and a non-lethal line, Germany's and Japan's contributions;
/// Japan's money may pay only the non-lethal line.
/// </summary>
public sealed class FundedPackagesFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public Guid ShellRequirement { get; private set; }
    public Guid GeneratorRequirement { get; private set; }
    public Guid SpareRequirement { get; private set; }
    public Guid OtherRequirement { get; private set; }
    public Guid CliRequirement { get; private set; }
    public Guid DeuPledge { get; private set; }
    public Guid JpnPledge { get; private set; }
    public HttpClient JpnPoc { get; private set; } = null!;
    public HttpClient DeuPoc { get; private set; } = null!;
    public HttpClient UsRep { get; private set; } = null!;
    public HttpClient OtherRep { get; private set; } = null!;

    protected override async Task SeedAsync()
    {
        await Http.EnsureNation("USA", "United States", "Member");
        await Http.EnsureNation("DEU", "Germany", "Member");
        await Http.EnsureNation("JPN", "Japan", "Partner", nonLethalOnly: true);
        await Http.EnsureNation("UKR", "Ukraine", "Recipient");
        await (await Http.PostJson("/api/v1/catalogue", new { code = "fp-shell", name = "package shell", supplyClass = "1320", coalition = "artillery", isLethal = true, controlEntry = "ML3" })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/catalogue", new { code = "fp-generator", name = "package generator", supplyClass = "6115", coalition = "energy", isLethal = false })).Ok(HttpStatusCode.Created);
        foreach (var (code, nation) in new[] { ("fp-us", "USA"), ("fp-de", "DEU") })
        {
            using var r = await Http.PostJson("/api/v1/industry/companies", new { code, name = code + " works", nation });
            await r.Ok(HttpStatusCode.Created);
            using var v = await Http.Send(HttpMethod.Post, $"/api/v1/industry/companies/{code}/vetting", new { vetting = "Approved", note = "checked" }, r.ETag());
            await v.Ok();
        }
        async Task<Guid> Requirement(string item, int rank, int quantity)
        {
            using var r = await Http.PostJson("/api/v1/requirements", new { period = "2031-03", priorityRank = rank, itemCode = item, quantity, neededBy = "2031-06-01", destination = "Dnipro" });
            return Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        }
        ShellRequirement = await Requirement("fp-shell", 1, 1000);
        GeneratorRequirement = await Requirement("fp-generator", 2, 20);
        SpareRequirement = await Requirement("fp-generator", 3, 5);
        OtherRequirement = await Requirement("fp-generator", 4, 5);
        CliRequirement = await Requirement("fp-generator", 5, 10);
        Guid pool;
        using (var r = await Http.PostJson("/api/v1/pools", new { code = "fp-purl", name = "Package test PURL", currency = "USD", purpose = "PackageFund" }))
            pool = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "DEU", poolId = pool, amount = 2_000_000m, currency = "USD", pledgedOn = "2026-01-05" }))
            DeuPledge = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        using (var r = await Http.PostJson("/api/v1/funding", new { donorCode = "JPN", poolId = pool, amount = 1_000_000m, currency = "USD", pledgedOn = "2026-01-05" }))
            JpnPledge = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        JpnPoc = await ClientForAsync("fp-poc-jpn", Role.NationalPointOfContact, "JPN");
        DeuPoc = await ClientForAsync("fp-poc-deu", Role.NationalPointOfContact, "DEU");
        UsRep = await ClientForAsync("fp-rep-us", Role.IndustryRepresentative, null, company: "fp-us");
        OtherRep = await ClientForAsync("fp-rep-de", Role.IndustryRepresentative, null, company: "fp-de");
    }
}

/// <summary>Funded packages through the REST API: create, invite, answer, attribution under each donor's limits, access, bad input.</summary>
public abstract class FundedPackagesTests<TKind>(FundedPackagesFixture<TKind> fx) : IClassFixture<FundedPackagesFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private static string ETagOf(JsonNode node) => $"W/\"{node.Long("version")}\"";

    private async Task<JsonNode> Act(string path, JsonNode package, object? body = null, HttpClient? http = null)
    {
        using var r = await (http ?? Http).Send(HttpMethod.Post, path, body ?? new { }, ETagOf(package));
        return await r.Ok();
    }

    private async Task<JsonNode> NewPackage(string name, params object[] lines)
    {
        using var r = await Http.PostJson("/api/v1/packages", new { name, currency = "USD", targetValue = 500_000_000m, producerCompanyCode = "fp-us", lines });
        return await r.Ok(HttpStatusCode.Created);
    }

    private static JsonNode Line(JsonNode package, Guid requirement)
        => package["lines"]!.AsArray().Single(l => l!.Str("requirementId") == requirement.ToString())!;

    [Fact]
    public async Task A_package_is_funded_by_invited_contributions_and_japans_money_pays_only_the_non_lethal_line()
    {
        var ledgerBefore = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"EntityType\" = 'FundedPackage'");
        var p = await NewPackage("PURL test package 1",
            new { requirementId = fx.ShellRequirement, quantity = 1000, unitValue = 1_000m },
            new { requirementId = fx.GeneratorRequirement, quantity = 20, unitValue = 20_000m });
        Assert.Equal("Open", p.Str("state"));
        Assert.Equal(1_400_000m, p.Dec("value"));
        Assert.Equal("USA", p.Str("producerNation"));

        // Japan offers more than the non-lethal line is worth; Germany the rest.
        p = await Act($"/api/v1/packages/{p.Str("id")}/invitations", p, new { pledgeId = fx.JpnPledge, amount = 900_000m });
        p = await Act($"/api/v1/packages/{p.Str("id")}/invitations", p, new { pledgeId = fx.DeuPledge, amount = 1_000_000m });
        Assert.All(p["contributions"]!.AsArray(), c => Assert.Equal("Invited", c!.Str("state")));
        Assert.Equal(0m, p.Dec("attributed"));

        // Japan's point of contact accepts its own; the coordinator accepts Germany's.
        p = await Act($"/api/v1/packages/{p.Str("id")}/contributions/{fx.JpnPledge}/accept", p, http: fx.JpnPoc);
        p = await Act($"/api/v1/packages/{p.Str("id")}/contributions/{fx.DeuPledge}/accept", p);

        var shell = Line(p, fx.ShellRequirement);
        var generator = Line(p, fx.GeneratorRequirement);
        Assert.True(shell["isLethal"]!.GetValue<bool>());
        Assert.DoesNotContain(shell["paidBy"]!.AsArray(), x => x!.Str("donorCode") == "JPN");
        Assert.Equal(1_000_000m, shell.Dec("attributed"));
        Assert.Equal(400_000m, generator.Dec("attributed"));
        Assert.Equal(400_000m, generator["paidBy"]!.AsArray().Where(x => x!.Str("donorCode") == "JPN").Sum(x => x!.Dec("amount")));
        Assert.Equal(1_400_000m, p.Dec("attributed"));
        Assert.Equal(0m, p.Dec("unpaid"));

        // Accepted money is committed in the contributions' balances, so it cannot be spent twice.
        var pool = (await Http.GetNode("/api/v1/pools")).AsArray().Single(x => x!.Str("code") == "fp-purl")!;
        var jpn = pool["contributions"]!.AsArray().Single(c => c!.Str("pledgeId") == fx.JpnPledge.ToString())!["balance"]!;
        Assert.True(jpn.Dec("committed") >= 900_000m);

        // Every step is in the ledger: created, two invitations, two answers.
        Assert.Equal(ledgerBefore + 5, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events WHERE \"EntityType\" = 'FundedPackage'"));
        Assert.Contains("fp-poc-jpn", (await Http.GetNode($"/api/v1/ledger?entityType=FundedPackage&entityId={p.Str("id")}")).ToJsonString(), StringComparison.Ordinal);

        // The per-package report lists who pays for what, as CSV too.
        var report = await Http.GetNode("/api/v1/reports/packages");
        Assert.Contains("PURL test package 1", report.ToJsonString(), StringComparison.Ordinal);
        using var csv = await Http.GetAsync("/api/v1/reports/packages?format=csv", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("JPN", await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        // A point of contact sees its own nation's money in full; others' only as an aggregate of what is released to it.
        var seen = await fx.JpnPoc.GetNode($"/api/v1/packages/{p.Str("id")}");
        var json = seen.ToJsonString();
        Assert.DoesNotContain(fx.DeuPledge.ToString(), json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"DEU\"", json, StringComparison.Ordinal);
        Assert.Contains(seen["contributions"]!.AsArray(), c => c!.Str("donorCode") == "JPN" && c.Str("pledgeId") == fx.JpnPledge.ToString());
        // Germany's pledge is released to the cell only, so it is in no figure Japan gets (not even an aggregate it could
        // difference out): the attributed total Japan sees is its own money.
        Assert.Single(seen["contributions"]!.AsArray());
        Assert.Equal(400_000m, seen.Dec("attributed"));

        // The producer's representative reads it; another company's gets 404 and an empty list.
        Assert.Equal(p.Str("id"), (await fx.UsRep.GetNode($"/api/v1/packages/{p.Str("id")}")).Str("id"));
        using (var r = await fx.OtherRep.GetAsync($"/api/v1/packages/{p.Str("id")}", TestContext.Current.CancellationToken))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.DoesNotContain((await fx.OtherRep.GetNode("/api/v1/packages")).AsArray(), x => x!.Str("id") == p.Str("id"));

        // Closing and then inviting again is refused.
        p = await Act($"/api/v1/packages/{p.Str("id")}/close", p);
        Assert.Equal("Closed", p.Str("state"));
    }

    [Fact]
    public async Task A_point_of_contact_answers_only_its_own_nations_invitation_and_a_decline_commits_nothing()
    {
        var p = await NewPackage("PURL test package 2", new { requirementId = fx.SpareRequirement, quantity = 5, unitValue = 10_000m });
        p = await Act($"/api/v1/packages/{p.Str("id")}/invitations", p, new { pledgeId = fx.DeuPledge, amount = 50_000m });
        using (var r = await fx.JpnPoc.Send(HttpMethod.Post, $"/api/v1/packages/{p.Str("id")}/contributions/{fx.DeuPledge}/accept", new { }, ETagOf(p)))
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        p = await Act($"/api/v1/packages/{p.Str("id")}/contributions/{fx.DeuPledge}/decline", p, http: fx.DeuPoc);
        Assert.Equal("Declined", p["contributions"]!.AsArray().Single()!.Str("state"));
        Assert.Equal(0m, p.Dec("attributed"));
        Assert.Equal(50_000m, p.Dec("unpaid"));
        // An answer given cannot be given again.
        using (var r = await Http.Send(HttpMethod.Post, $"/api/v1/packages/{p.Str("id")}/contributions/{fx.DeuPledge}/accept", new { }, ETagOf(p)))
            await r.Problem(400, "state");
        p = await Act($"/api/v1/packages/{p.Str("id")}/cancel", p, new { reason = "test" });
        Assert.Equal("Cancelled", p.Str("state"));
    }

    [Fact]
    public async Task The_command_line_creates_funds_shows_and_reports_a_package_and_names_a_bad_line()
    {
        var bad = await Qm.Run("packages", "create", "--name", "CLI bad", "--currency", "USD", "--target", "1000", "--producer-nation", "USA",
            "--line", $"{fx.CliRequirement}:ten", "--db", fx.Db.DbArgument);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--line 1", bad.Err);
        Assert.Contains("quantity 'ten'", bad.Err);

        var created = await Qm.Run("packages", "create", "--name", "CLI package", "--currency", "USD", "--target", "500000", "--producer-company", "fp-us",
            "--line", $"{fx.CliRequirement}:10:5000", "--description", "made on the command line", "--db", fx.Db.DbArgument);
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = System.Text.RegularExpressions.Regex.Match(created.Out, "Package ([0-9a-f-]{36})").Groups[1].Value;
        Assert.Contains("worth 50,000.00 USD", created.Out);

        var invited = await Qm.Run("packages", "invite", id, "--pledge", fx.JpnPledge.ToString(), "--amount", "30000", "--db", fx.Db.DbArgument);
        Assert.True(invited.ExitCode == 0, invited.ToString());
        var accepted = await Qm.Run("packages", "accept", id, "--pledge", fx.JpnPledge.ToString(), "--db", fx.Db.DbArgument);
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Contains("Open; accepted 30,000.00 USD, attributed 30,000.00 USD, unpaid 20,000.00 USD", accepted.Out);

        var shown = await Qm.Run("packages", "show", id, "--db", fx.Db.DbArgument);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains(fx.JpnPledge.ToString(), shown.Out); // the id column is never cut, whatever the width
        Assert.Contains("JPN 30,000.00", shown.Out);
        var json = System.Text.Json.Nodes.JsonNode.Parse((await Qm.Run("packages", "show", id, "--format", "json", "--db", fx.Db.DbArgument)).Out)!;
        Assert.Equal(30_000m, json.Dec("attributed"));

        var list = await Qm.Run("packages", "list", "--format", "csv", "--db", fx.Db.DbArgument);
        Assert.StartsWith("id,name,state,currency,producer_nation,producer_company,target_value", list.Out);
        Assert.Contains($"{id},CLI package,Open,USD,USA,fp-us,", list.Out);
        var report = await Qm.Run("packages", "report", "--format", "csv", "--db", fx.Db.DbArgument);
        Assert.Contains("CLI package", report.Out);
        Assert.Contains(",JPN,", report.Out);
        Assert.Contains(",unpaid,", report.Out);

        var closed = await Qm.Run("packages", "close", id, "--db", fx.Db.DbArgument);
        Assert.True(closed.ExitCode == 0, closed.ToString());
        Assert.Contains(": Closed;", closed.Out);
        var again = await Qm.Run("packages", "invite", id, "--pledge", fx.DeuPledge.ToString(), "--amount", "1000", "--db", fx.Db.DbArgument);
        Assert.NotEqual(0, again.ExitCode);

        // Every step is in the ledger: created, invited, accepted, closed (the refused invitation wrote nothing).
        Assert.Equal(4, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM ledger_events WHERE \"EntityType\" = 'FundedPackage' AND \"EntityId\" = '{id}'"));
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_writes_nothing()
    {
        var packages = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funded_packages");
        var events = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        async Task Refused(object body, string field)
        {
            using var r = await Http.PostJson("/api/v1/packages", body);
            await r.Problem(400, field);
        }
        var line = new { requirementId = fx.OtherRequirement, quantity = 1, unitValue = 1m };
        await Refused(new { name = "bad", currency = "USD", targetValue = 1m, producerCompanyCode = "fp-us",
            lines = new[] { line, line } }, "lines[1].requirementId");
        await Refused(new { name = "bad", currency = "USD", targetValue = 1m, producerCompanyCode = "fp-us",
            lines = new[] { new { requirementId = Guid.NewGuid(), quantity = 1, unitValue = 1m } } }, "lines[0].requirementId");
        await Refused(new { name = "bad", currency = "XXQ", targetValue = 1m, producerCompanyCode = "fp-us", lines = new[] { line } }, "currency");
        await Refused(new { name = "bad", currency = "USD", targetValue = 0m, producerCompanyCode = "fp-us", lines = new[] { line } }, "targetValue");
        await Refused(new { name = "bad", currency = "USD", targetValue = 1m, producerCompanyCode = "nobody", lines = new[] { line } }, "producerCompanyCode");
        await Refused(new { name = "bad", currency = "USD", targetValue = 1m, producerCompanyCode = "fp-us", lines = Array.Empty<object>() }, "lines");
        // Only the cell creates packages.
        using (var r = await fx.JpnPoc.PostJson("/api/v1/packages", new { name = "bad", currency = "USD", targetValue = 1m, producerCompanyCode = "fp-us", lines = new[] { line } }))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(packages, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM funded_packages"));
        Assert.Equal(events, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));

        // Invitations: unknown pledge, amount not positive, more than the contribution has left.
        var p = await NewPackage("PURL test package 3", new { requirementId = fx.OtherRequirement, quantity = 5, unitValue = 10_000m });
        var version = p.Long("version");
        async Task Uninvited(object body, string field)
        {
            using var r = await Http.Send(HttpMethod.Post, $"/api/v1/packages/{p.Str("id")}/invitations", body, ETagOf(p));
            await r.Problem(400, field);
        }
        await Uninvited(new { pledgeId = Guid.NewGuid(), amount = 1m }, "pledgeId");
        await Uninvited(new { pledgeId = fx.DeuPledge, amount = 0m }, "amount");
        await Uninvited(new { pledgeId = fx.DeuPledge, amount = 900_000_000m }, "amount");
        var after = await Http.GetNode($"/api/v1/packages/{p.Str("id")}");
        Assert.Equal(version, after.Long("version"));
        Assert.Empty(after["contributions"]!.AsArray());
        p = await Act($"/api/v1/packages/{p.Str("id")}/cancel", p, new { reason = "test over" });
    }

    [Fact]
    public async Task The_package_and_pledge_pages_history_names_requirements_and_pools_and_shows_only_what_an_invitation_added()
    {
        var p = await NewPackage("PURL history package", new { requirementId = fx.OtherRequirement, quantity = 5, unitValue = 10_000m });
        p = await Act($"/api/v1/packages/{p.Str("id")}/invitations", p, new { pledgeId = fx.DeuPledge, amount = 20_000m });
        p = await Act($"/api/v1/packages/{p.Str("id")}/invitations", p, new { pledgeId = fx.JpnPledge, amount = 30_000m });
        p = await Act($"/api/v1/packages/{p.Str("id")}/contributions/{fx.JpnPledge}/accept", p);
        using var browser = await fx.SignedInBrowserAsync("fp-history-coordinator", Role.Coordinator, null);
        var ct = TestContext.Current.CancellationToken;
        var html = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync($"/funding/packages/{p.Str("id")}", ct));
        var history = html[html.IndexOf("data-testid=\"history\"", StringComparison.Ordinal)..];

        // The line and the attribution name the requirement by rank, item and period, never by its id.
        Assert.Contains("#4 package generator (2031-03): 5 × 10,000 = 50,000", history, StringComparison.Ordinal);
        Assert.Contains("JPN 30,000 → #4 package generator (2031-03)", history, StringComparison.Ordinal);
        Assert.DoesNotContain(fx.OtherRequirement.ToString(), history, StringComparison.Ordinal);
        Assert.DoesNotContain("RequirementId", history, StringComparison.Ordinal);
        // Japan's acceptance: its invitation is shown going from invited to accepted, Germany's as unchanged.
        Assert.Contains("JPN 30,000, invited", history, StringComparison.Ordinal);
        Assert.Contains("JPN 30,000, accepted", history, StringComparison.Ordinal);
        Assert.Contains("(1 other unchanged)", history, StringComparison.Ordinal);

        // The pledge's own history names its pool rather than the pool's id.
        var pledge = System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync($"/funding/{fx.DeuPledge}", ct));
        var pledgeHistory = pledge[pledge.IndexOf("data-testid=\"history\"", StringComparison.Ordinal)..];
        Assert.Contains("Package test PURL", pledgeHistory, StringComparison.Ordinal);
        p = await Act($"/api/v1/packages/{p.Str("id")}/cancel", p, new { reason = "history test over" });
    }
}

public sealed class FundedPackagesOnSqlite(FundedPackagesFixture<OnSqlite> fx) : FundedPackagesTests<OnSqlite>(fx);

public sealed class FundedPackagesOnPostgres(FundedPackagesFixture<OnPostgres> fx) : FundedPackagesTests<OnPostgres>(fx);
