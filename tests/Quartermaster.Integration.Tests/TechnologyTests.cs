using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// Companies of five nations and three projects: a drone project released to USA and JPN (one record for both, one for
/// the USA only), a quantum project released to NLD and USA only, and an unclassified AI project of a German company.
/// </summary>
public sealed class TechnologyFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public Guid Drone { get; private set; }
    public Guid Quantum { get; private set; }
    public Guid Unclassified { get; private set; }
    public Guid DroneDataForJpn { get; private set; }
    public Guid DroneDataUsaOnly { get; private set; }
    public Guid QuantumData { get; private set; }

    protected override async Task SeedAsync()
    {
        foreach (var (code, name, status) in new[] { ("USA", "United States", "Member"), ("DEU", "Germany", "Member"), ("NLD", "Netherlands", "Member"), ("JPN", "Japan", "Partner"), ("UKR", "Ukraine", "Recipient") })
            await Http.EnsureNation(code, name, status);
        await using (var db = Db.Open())
            await CommandRunner.Run(db, Actor.LocalOperator(OperatorName), "test: companies", async () =>
            {
                foreach (var (code, nation, vetting) in new[] { ("te-usa", "USA", VettingStatus.Approved), ("te-jpn", "JPN", VettingStatus.Approved), ("te-nld", "NLD", VettingStatus.Approved),
                             ("te-deu", "DEU", VettingStatus.Pending), ("te-sus", "DEU", VettingStatus.Suspended) })
                {
                    var c = new Company(Guid.NewGuid(), code, $"Company {code}", nation);
                    if (vetting != VettingStatus.Pending) c.SetVetting(VettingStatus.Approved, null);
                    if (vetting == VettingStatus.Suspended) c.SetVetting(VettingStatus.Suspended, "test");
                    db.Companies.Add(c);
                }
                await Task.CompletedTask;
                return 0;
            });
        Drone = await Create(new
        {
            code = "te-drone", title = "Drone navigation", domain = "UncrewedSystems", leadCompany = "te-usa", companies = new[] { "te-jpn" }, trl = 4,
            munitionsListEntry = "ML10", eccn = "9A012", releasableTo = new[] { "USA", "JPN" },
            milestones = new[] { new { title = "Design review", due = "2026-01-15" } },
        });
        Quantum = await Create(new
        {
            code = "te-quantum", title = "Quantum inertial sensor", domain = "Quantum", leadCompany = "te-nld", companies = new[] { "te-usa" }, trl = 3,
            dualUseEntry = "7A003", releasableTo = new[] { "NLD", "USA" },
        });
        Unclassified = await Create(new { code = "te-ai", title = "Open AI logistics assistant", domain = "AI", leadCompany = "te-deu", trl = 2 });
        DroneDataForJpn = await Data(Drone, "Flight trial report", ["USA", "JPN"]);
        DroneDataUsaOnly = await Data(Drone, "Autonomy source code", ["USA"]);
        QuantumData = await Data(Quantum, "Interferometer results", ["NLD", "USA"]);
    }

    private async Task<Guid> Create(object body)
    {
        using var r = await Http.PostJson("/api/v1/technology/projects", body);
        return Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }

    private async Task<Guid> Data(Guid project, string title, string[] to)
    {
        using var r = await Http.PostJson($"/api/v1/technology/projects/{project}/technical-data", new { title, marking = "Restricted", location = "register", releasableTo = to });
        return Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
    }
}

/// <summary>Projects, readiness and technical data through the API and the pages, with the release rule checked for every kind of viewer.</summary>
public abstract class TechnologyTests<TKind>(TechnologyFixture<TKind> fx) : IClassFixture<TechnologyFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private static async Task<HttpStatusCode> Status(HttpClient http, string path)
    {
        using var r = await http.GetAsync(path, TestContext.Current.CancellationToken);
        return r.StatusCode;
    }

    private static JsonNode? ByCode(JsonNode list, string code) => list.AsArray().FirstOrDefault(p => p!.Str("code") == code);

    [Fact]
    public async Task A_japanese_point_of_contact_reads_released_technical_data_and_gets_404_for_everything_not_released_to_japan()
    {
        using var jpn = await fx.ClientForAsync("te-poc-jpn", Role.NationalPointOfContact, "JPN");
        var list = await jpn.GetNode("/api/v1/technology/projects");
        Assert.Equal("Full", ByCode(list, "te-drone")!.Str("visibility"));
        var quantum = ByCode(list, "te-quantum")!;
        Assert.Equal("Listed", quantum.Str("visibility"));
        Assert.Null(quantum["participants"]);
        Assert.Null(quantum["trl"]);
        Assert.Null(quantum["releasableTo"]);
        Assert.Null(ByCode(list, "te-ai")); // unclassified: not even listed

        // Released: the drone project and the record released to Japan.
        var drone = await jpn.GetNode($"/api/v1/technology/projects/{fx.Drone}");
        Assert.Equal([fx.DroneDataForJpn.ToString()], drone["technicalData"]!.AsArray().Select(d => d!.Str("id")));
        var data = await jpn.GetNode($"/api/v1/technology/projects/{fx.Drone}/technical-data");
        Assert.Equal([fx.DroneDataForJpn.ToString()], data.AsArray().Select(d => d!.Str("id")));
        Assert.Equal("Flight trial report", (await jpn.GetNode($"/api/v1/technology/projects/{fx.Drone}/technical-data/{fx.DroneDataForJpn}")).Str("title"));

        // Not released: answered as if it did not exist.
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Drone}/technical-data/{fx.DroneDataUsaOnly}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Quantum}/technical-data"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Quantum}/technical-data/{fx.QuantumData}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Quantum}/technical-data/{fx.DroneDataForJpn}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Unclassified}"));
        var listed = await jpn.GetNode($"/api/v1/technology/projects/{fx.Quantum}");
        Assert.Equal(("te-quantum", "Quantum", "Listed"), (listed.Str("code"), listed.Str("domain"), listed.Str("visibility")));
        Assert.Null(listed["technicalData"]);
        Assert.Null(listed["classification"]);

        // Filters do not reveal what is not released: a listed project never matches a company, nation or TRL filter.
        Assert.Null(ByCode(await jpn.GetNode("/api/v1/technology/projects?company=te-nld"), "te-quantum"));
        Assert.Null(ByCode(await jpn.GetNode("/api/v1/technology/projects?minTrl=1"), "te-quantum"));
        Assert.NotNull(ByCode(await jpn.GetNode("/api/v1/technology/projects?domain=Quantum"), "te-quantum"));
    }

    [Fact]
    public async Task The_pages_show_a_partner_released_data_only_and_answer_404_for_an_unreleased_record()
    {
        var ct = TestContext.Current.CancellationToken;
        using var jpn = await fx.SignedInBrowserAsync("te-poc-jpn-browser", Role.NationalPointOfContact, "JPN");
        var index = await jpn.GetStringAsync("/technology", ct);
        Assert.Contains("Drone navigation", index);
        Assert.Contains("Quantum inertial sensor", index);
        Assert.DoesNotContain("Open AI logistics assistant", index);
        var drone = await jpn.GetStringAsync($"/technology/{fx.Drone}", ct);
        Assert.Contains("Flight trial report", drone);
        Assert.DoesNotContain("Autonomy source code", drone);
        Assert.Contains("<svg class=\"trl-chart\"", drone);
        var quantum = await jpn.GetStringAsync($"/technology/{fx.Quantum}", ct);
        Assert.Contains("listed-only", quantum);
        Assert.DoesNotContain("Interferometer results", quantum);
        Assert.DoesNotContain("Company te-nld", quantum);
        Assert.Equal(HttpStatusCode.OK, await Status(jpn, $"/technology/{fx.Drone}/data/{fx.DroneDataForJpn}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/technology/{fx.Drone}/data/{fx.DroneDataUsaOnly}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/technology/{fx.Quantum}/data/{fx.QuantumData}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/technology/{fx.Unclassified}"));

        using var cell = await fx.SignedInBrowserAsync("te-coordinator-browser", Role.Coordinator, null);
        var full = await cell.GetStringAsync($"/technology/{fx.Drone}", ct);
        Assert.Contains("Autonomy source code", full);
        Assert.Contains("change-trl", full);
        Assert.Contains("Record a project", await cell.GetStringAsync("/technology", ct));
        Assert.Equal(HttpStatusCode.OK, await Status(cell, $"/technology/{fx.Unclassified}"));
        Assert.Equal(HttpStatusCode.OK, await Status(cell, $"/technology/{fx.Drone}/edit"));
    }

    [Fact]
    public async Task An_industry_representative_sees_the_projects_of_their_company_only()
    {
        using var usa = await fx.ClientForAsync("te-rep-usa", Role.IndustryRepresentative, null, company: "te-usa");
        var list = await usa.GetNode("/api/v1/technology/projects");
        Assert.Equal(["te-drone", "te-quantum"], list.AsArray().Select(p => p!.Str("code")).Order());
        Assert.All(list.AsArray(), p => Assert.Equal("Full", p!.Str("visibility")));
        Assert.Equal(HttpStatusCode.OK, await Status(usa, $"/api/v1/technology/projects/{fx.Drone}/technical-data/{fx.DroneDataUsaOnly}"));

        using var jpn = await fx.ClientForAsync("te-rep-jpn", Role.IndustryRepresentative, null, company: "te-jpn");
        Assert.Equal(["te-drone"], (await jpn.GetNode("/api/v1/technology/projects")).AsArray().Select(p => p!.Str("code")));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Quantum}"));
        Assert.Equal(HttpStatusCode.NotFound, await Status(jpn, $"/api/v1/technology/projects/{fx.Drone}/technical-data/{fx.DroneDataUsaOnly}"));

        // The German company takes part in the unclassified project but is not approved: it sees the project, no data.
        using var deu = await fx.ClientForAsync("te-rep-deu", Role.IndustryRepresentative, null, company: "te-deu");
        Assert.Equal(["te-ai"], (await deu.GetNode("/api/v1/technology/projects")).AsArray().Select(p => p!.Str("code")));

        // A company that takes part in no project sees none (an account must name an existing company).
        (await fx.Http.PostJson("/api/v1/industry/companies", new { code = "te-outsider", name = "Outsider (test)", nation = "USA" })).EnsureSuccessStatusCode();
        using var nobody = await fx.ClientForAsync("te-rep-outsider", Role.IndustryRepresentative, null, company: "te-outsider");
        Assert.Empty((await nobody.GetNode("/api/v1/technology/projects")).AsArray());

        using var auditor = await fx.ClientForAsync("te-auditor", Role.Auditor, null, TokenScope.Read);
        var all = await auditor.GetNode("/api/v1/technology/projects");
        Assert.True(all.AsArray().Count >= 3);
        Assert.Equal(2, (await auditor.GetNode($"/api/v1/technology/projects/{fx.Drone}/technical-data")).AsArray().Count);
    }

    [Theory]
    [InlineData("trl", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":10}""")]
    [InlineData("trl", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":0}""")]
    [InlineData("munitionsListEntry", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":3,"munitionsListEntry":"ML23"}""")]
    [InlineData("dualUseEntry", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":3,"dualUseEntry":"4F005"}""")]
    [InlineData("eccn", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":3,"eccn":"5A-002"}""")]
    [InlineData("releasableTo", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":3,"releasableTo":["JPN"]}""")]
    [InlineData("releasableTo[0]", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":3,"munitionsListEntry":"ML10","releasableTo":["ZZZ"]}""")]
    [InlineData("leadCompany", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"no-such","trl":3}""")]
    [InlineData("companies[0]", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","companies":["te-sus"],"trl":3}""")]
    [InlineData("milestones[0].due", """{"code":"te-bad","title":"t","domain":"AI","leadCompany":"te-usa","trl":3,"milestones":[{"title":"x"}]}""")]
    public async Task Bad_project_input_is_refused_naming_the_field_and_writes_nothing(string field, string body)
    {
        var ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        var projects = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM technology_projects");
        using var r = await Http.PostRaw("/api/v1/technology/projects", body);
        await r.Problem(400, field);
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
        Assert.Equal(projects, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM technology_projects"));
    }

    [Fact]
    public async Task A_record_cannot_be_released_beyond_its_project_and_the_project_cannot_withdraw_a_nation_its_records_use()
    {
        var ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        using (var r = await Http.PostJson($"/api/v1/technology/projects/{fx.Quantum}/technical-data", new { title = "x", marking = "Secret", releasableTo = new[] { "JPN" } }))
            await r.Problem(400, "releasableTo");
        using (var get = await Http.GetAsync($"/api/v1/technology/projects/{fx.Quantum}", TestContext.Current.CancellationToken))
        {
            var p = await get.Ok();
            using var put = await Http.PutJson($"/api/v1/technology/projects/{fx.Quantum}", new
            {
                title = "Quantum inertial sensor", domain = "Quantum", leadCompany = "te-nld", companies = new[] { "te-usa" }, dualUseEntry = "7A003", releasableTo = new[] { "NLD" },
            }, get.ETag());
            var problem = await put.Problem(400, "releasableTo");
            Assert.Contains("USA", problem.ToJsonString());
        }
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));
    }

    [Fact]
    public async Task A_readiness_change_is_dated_signed_ledgered_and_guarded_by_the_version()
    {
        using var created = await Http.PostJson("/api/v1/technology/projects", new { code = "te-trl", title = "TRL project", domain = "Space", leadCompany = "te-nld", trl = 2, trlOn = "2025-03-01", eccn = "9A515" });
        var etag = created.ETag();
        var id = (await created.Ok(HttpStatusCode.Created)).Str("id");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/technology/projects/{id}/trl") { Content = System.Net.Http.Json.JsonContent.Create(new { trl = 4, note = "Breadboard validated", on = "2025-09-01" }) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var changed = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        var p = await changed.Ok();
        Assert.Equal(4, p["trl"]!.GetValue<int>());
        var history = p["trlHistory"]!.AsArray();
        Assert.Equal([2, 4], history.Select(h => h!["to"]!.GetValue<int>()));
        Assert.Equal("2025-09-01", history[1]!.Str("on"));
        Assert.Equal("Breadboard validated", history[1]!.Str("note"));
        Assert.StartsWith(AppFixture<TKind>.OperatorName, history[1]!.Str("by"));

        // The same (now stale) version again: refused, nothing changed.
        using var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/technology/projects/{id}/trl") { Content = System.Net.Http.Json.JsonContent.Create(new { trl = 5, note = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        using var refused = await Http.SendAsync(stale, TestContext.Current.CancellationToken);
        await refused.Problem(409);
        using var outOfRange = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/technology/projects/{id}/trl") { Content = System.Net.Http.Json.JsonContent.Create(new { trl = 12, note = "x" }) };
        outOfRange.Headers.TryAddWithoutValidation("If-Match", changed.ETag());
        await (await Http.SendAsync(outOfRange, TestContext.Current.CancellationToken)).Problem(400, "trl");

        Assert.Equal(2, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM ledger_events WHERE \"EntityType\" = 'TechnologyProject' AND \"EntityId\" = '{id}'"));
        Assert.Equal(1, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM ledger_events WHERE \"EntityId\" = '{id}' AND \"Actor\" = '{AppFixture<TKind>.OperatorName}' AND \"EventType\" = 'TechnologyProject.Updated'"));
    }

    [Fact]
    public async Task A_milestone_is_completed_once_and_the_project_shows_its_export_classification_in_words()
    {
        using var get = await Http.GetAsync($"/api/v1/technology/projects/{fx.Drone}", TestContext.Current.CancellationToken);
        var etag = get.ETag();
        var p = await get.Ok();
        Assert.Equal("Military Aircraft & Components", p["classification"]!.Str("munitionsListTitle"));
        var quantum = await Http.GetNode($"/api/v1/technology/projects/{fx.Quantum}");
        Assert.Equal("Navigation and avionics — Systems, equipment and components", quantum["classification"]!.Str("dualUseDescription"));
        using var done = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/technology/projects/{fx.Drone}/milestones/1") { Content = System.Net.Http.Json.JsonContent.Create(new { done = "2026-01-20" }) };
        done.Headers.TryAddWithoutValidation("If-Match", etag);
        using var r = await Http.SendAsync(done, TestContext.Current.CancellationToken);
        var after = await r.Ok();
        Assert.Equal("2026-01-20", after["milestones"]![0]!.Str("done"));
        using var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/technology/projects/{fx.Drone}/milestones/1") { Content = System.Net.Http.Json.JsonContent.Create(new { done = "2026-01-20" }) };
        again.Headers.TryAddWithoutValidation("If-Match", r.ETag());
        await (await Http.SendAsync(again, TestContext.Current.CancellationToken)).Problem(400, "done");
    }

    [Fact]
    public async Task The_command_line_lists_shows_and_records_readiness_and_refuses_a_level_outside_1_to_9()
    {
        var list = await Qm.Run("technology", "projects", "--domain", "Quantum", "--format", "json", "--db", fx.Db.DbArgument);
        Assert.True(list.ExitCode == 0, list.ToString());
        var projects = JsonNode.Parse(list.Out)!.AsArray();
        Assert.Contains(projects, p => p!.Str("code") == "te-quantum");
        Assert.All(projects, p => Assert.Equal("Quantum", p!.Str("domain")));

        var show = await Qm.Run("technology", "show", "te-drone", "--db", fx.Db.DbArgument);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("ML10 = Military Aircraft & Components", show.Out);
        Assert.Contains("Autonomy source code", show.Out);

        var bad = await Qm.Run("technology", "trl", "te-quantum", "--level", "0", "--note", "x", "--db", fx.Db.DbArgument);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("trl", bad.Err);
        var ok = await Qm.Run("technology", "trl", "te-quantum", "--level", "5", "--note", "Lab demonstrator", "--operator", "cli-tester", "--db", fx.Db.DbArgument);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("now at TRL 5", ok.Out);
        var p = await Http.GetNode($"/api/v1/technology/projects/{fx.Quantum}");
        Assert.Equal(5, p["trl"]!.GetValue<int>());
        Assert.StartsWith("cli-tester", p["trlHistory"]!.AsArray()[^1]!.Str("by"));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_technology_endpoints()
    {
        var paths = (await Http.GetNode("/openapi/v1.json"))["paths"]!.AsObject();
        var projects = paths.FirstOrDefault(p => p.Key == "/api/v1/technology/projects").Value;
        Assert.True(projects is not null, string.Join(", ", paths.Select(p => p.Key)));
        Assert.NotNull(projects!["get"]);
        Assert.NotNull(projects["post"]);
        Assert.Equal("Technology", projects["get"]!["tags"]![0]!.GetValue<string>());
        Assert.Contains(paths, p => p.Key == "/api/v1/technology/projects/{id}/technical-data/{recordId}");
        Assert.Contains(paths, p => p.Key == "/api/v1/technology/projects/{id}/trl");
    }

    private static async Task<string> Token(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page, TestContext.Current.CancellationToken);
        return System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
    }

    [Fact]
    public async Task The_coordinator_records_a_project_through_the_form_its_problems_named_and_then_a_readiness_level_on_its_page()
    {
        var ct = TestContext.Current.CancellationToken;
        using var cell = await fx.SignedInBrowserAsync("te-form-coordinator", Role.Coordinator, null);
        var projects = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM technology_projects");
        KeyValuePair<string, string>[] Form(string token, string trl, string ml) =>
        [
            new("__RequestVerificationToken", token), new("Code", "te-form"), new("Title", "Form project"), new("Domain", "ElectronicWarfare"),
            new("LeadCompany", "te-nld"), new("Trl", trl), new("TrlNote", "Assessed"), new("MunitionsListEntry", ml),
            new("ReleasableTo", "NLD, USA"), new("Milestones", "2027-03-31 | Jammer trials"),
        ];
        using (var bad = await cell.PostAsync("/technology/new", new FormUrlEncodedContent(Form(await Token(cell, "/technology/new"), "12", "ML11")), ct))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync(ct);
            Assert.Contains("trl is a technology readiness level from 1 to 9 (got 12)", html);
        }
        using (var badMl = await cell.PostAsync("/technology/new", new FormUrlEncodedContent(Form(await Token(cell, "/technology/new"), "3", "ML99")), ct))
            Assert.Contains("is not a control-list entry", await badMl.Content.ReadAsStringAsync(ct));
        Assert.Equal(projects, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM technology_projects"));

        using var ok = await cell.PostAsync("/technology/new", new FormUrlEncodedContent(Form(await Token(cell, "/technology/new"), "3", "ML11")), ct);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var page = ok.Headers.Location!.OriginalString;
        var html2 = await cell.GetStringAsync(page, ct);
        Assert.Contains("Project te-form recorded.", html2);
        Assert.Contains("Jammer trials", html2);
        var version = System.Text.RegularExpressions.Regex.Match(html2, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        using var trl = await cell.PostAsync(page + "?handler=Trl", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", await Token(cell, page)), new("Version", version), new("NewTrl", "5"), new("TrlNote", "Field trial")]), ct);
        Assert.Equal(HttpStatusCode.Redirect, trl.StatusCode);
        Assert.Contains("is now at TRL 5", await cell.GetStringAsync(page, ct));
    }
}

public sealed class TechnologyOnSqlite(TechnologyFixture<OnSqlite> fx) : TechnologyTests<OnSqlite>(fx);

public sealed class TechnologyOnPostgres(TechnologyFixture<OnPostgres> fx) : TechnologyTests<OnPostgres>(fx);
