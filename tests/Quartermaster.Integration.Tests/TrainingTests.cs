using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Training;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// A gun that needs a crew course (with a foundation prerequisite) and first-load rounds, a site in Germany, and an
/// illustrative requirement whose guns and rounds are recorded as delivered.
/// </summary>
public sealed class TrainingFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public const string Period = "2031-01";
    public static readonly DateOnly WeekOne = Weeks.MondayOf(DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>A Monday of the site's cadence (every 2 weeks from 20 weeks ago), 4 weeks ago: a cohort there can start today.</summary>
    public static readonly DateOnly PastStart = Weeks.Add(WeekOne, -4);

    public Guid GunRequirement { get; private set; }

    protected override async Task SeedAsync()
    {
        foreach (var (code, name, status) in new[] { ("DEU", "Germany", "Member"), ("POL", "Poland", "Member"), ("UKR", "Ukraine", "Recipient") })
            await Http.EnsureNation(code, name, status); // reference data may hold them already
        (await Http.PostJson("/api/v1/training/courses", new { code = "tr-basic", name = "Basic gunnery", lengthWeeks = 2, crewSize = 1, seatsPerCohort = 60 })).EnsureSuccessStatusCode();
        await (await Http.PostJson("/api/v1/training/courses", new
        {
            code = "tr-gun-crew", name = "Gun crew course", lengthWeeks = 4, crewSize = 8, seatsPerCohort = 48, language = "English", languageLevel = 1, prerequisites = new[] { "tr-basic" },
        })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/catalogue", new { code = "tr-gun", name = "training gun", supplyClass = "1025", coalition = "artillery", isLethal = true, trainingCourse = "tr-gun-crew" })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/catalogue", new { code = "tr-round", name = "training round", supplyClass = "1320", coalition = "artillery", isLethal = true })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/training/sustainment", new { systemCode = "tr-gun", itemCode = "tr-round", kind = "FirstLoadAmmunition", quantityPerUnit = 100 })).Ok(HttpStatusCode.Created);
        await (await Http.PostJson("/api/v1/training/sites", new
        {
            code = "tr-range", name = "Training range", hostNation = "DEU", seatsPerCohort = 40, courses = new[] { "tr-basic", "tr-gun-crew" },
            cadenceFrom = Weeks.Add(WeekOne, -20).ToString("yyyy-MM-dd"), cadenceWeeks = 2,
        })).Ok(HttpStatusCode.Created);
        using (var r = await Http.PostJson("/api/v1/requirements", new { period = Period, priorityRank = 1, itemCode = "tr-gun", quantity = 2, neededBy = "2031-03-01", destination = "Odesa", illustrative = true }))
            GunRequirement = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        Guid rounds;
        using (var r = await Http.PostJson("/api/v1/requirements", new { period = Period, priorityRank = 2, itemCode = "tr-round", quantity = 200, neededBy = "2031-03-01", destination = "Odesa" }))
            rounds = Guid.Parse((await r.Ok(HttpStatusCode.Created)).Str("id"));
        // Until receipts exist, units recorded as delivered on the requirement count as received.
        await using var db = Db.Open();
        await CommandRunner.Run(db, Actor.LocalOperator(OperatorName), "test: record deliveries", async () =>
        {
            (await db.Requirements.FirstAsync(r => r.Id == GunRequirement)).RecordDelivered(2);
            (await db.Requirements.FirstAsync(r => r.Id == rounds)).RecordDelivered(200);
            return 0;
        });
    }
}

/// <summary>Courses, sites, cohorts, readiness and crew plans through the REST API, with every bad input named and nothing half-written.</summary>
public abstract class TrainingTests<TKind>(TrainingFixture<TKind> fx) : IClassFixture<TrainingFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private static async Task<JsonNode> Post(HttpClient http, string path, object? body = null, string? etag = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body, options: Api.Json) };
        if (etag is not null) request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.Ok(expected);
    }

    private async Task<JsonNode> Row(Guid requirement)
    {
        var board = await Http.GetNode($"/api/v1/readiness?period={TrainingFixture<TKind>.Period}");
        return board["rows"]!.AsArray().Single(r => r!.Str("requirementId") == requirement.ToString())!;
    }

    private async Task<JsonNode> NewCohort(int trainees, DateOnly? start = null)
        => await (await Http.PostJson("/api/v1/training/cohorts", new
        {
            courseCode = "tr-gun-crew", siteCode = "tr-range", startDate = (start ?? TrainingFixture<TKind>.PastStart).ToString("yyyy-MM-dd"),
            seats = trainees, trainees, receivingUnit = "55th artillery brigade", requirementId = fx.GunRequirement,
        })).Ok(HttpStatusCode.Created);

    [Fact]
    public async Task Bad_training_input_names_the_field_and_writes_nothing()
    {
        var before = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        await (await Http.PostJson("/api/v1/training/courses", new { code = "tr-zero", name = "Zero", lengthWeeks = 0, crewSize = 8, seatsPerCohort = 10 })).Problem(400, "lengthWeeks");
        await (await Http.PostJson("/api/v1/training/courses", new { code = "tr-zero", name = "Zero", lengthWeeks = 2, crewSize = 0, seatsPerCohort = 10 })).Problem(400, "crewSize");
        var basic = (await Http.GetNode("/api/v1/training/courses")).AsArray().Single(c => c!.Str("code") == "tr-basic")!;
        using (var read = await Http.GetAsync($"/api/v1/training/courses/{basic.Str("id")}", TestContext.Current.CancellationToken))
        {
            await read.Ok();
            var cycle = await (await Http.PutJson($"/api/v1/training/courses/{basic.Str("id")}", new { name = "Basic gunnery", lengthWeeks = 2, crewSize = 1, seatsPerCohort = 60, prerequisites = new[] { "tr-gun-crew" } }, read.ETag())).Problem(400, "prerequisites");
            Assert.Contains("cycle", cycle["detail"]!.GetValue<string>());
        }
        await (await Http.PostJson("/api/v1/catalogue", new { code = "tr-bad", name = "bad", supplyClass = "1025", coalition = "artillery", isLethal = true, trainingCourse = "no-such-course" })).Problem(400, "trainingCourse");
        object Cohort(int seats, int trainees, DateOnly start) => new
        {
            courseCode = "tr-gun-crew", siteCode = "tr-range", startDate = start.ToString("yyyy-MM-dd"), seats, trainees, receivingUnit = "unit",
        };
        await (await Http.PostJson("/api/v1/training/cohorts", Cohort(41, 41, TrainingFixture<TKind>.PastStart))).Problem(400, "seats");
        await (await Http.PostJson("/api/v1/training/cohorts", Cohort(10, 11, TrainingFixture<TKind>.PastStart))).Problem(400, "trainees");
        await (await Http.PostJson("/api/v1/training/cohorts", Cohort(10, 10, Weeks.Add(TrainingFixture<TKind>.PastStart, 1)))).Problem(400, "startDate");
        await (await Http.PostJson("/api/v1/training/cohorts", Cohort(10, 10, TrainingFixture<TKind>.PastStart.AddDays(1)))).Problem(400, "startDate");
        // A site's own schedule: a cadence and start dates at once.
        await (await Http.PostJson("/api/v1/training/sites", new { code = "tr-x", name = "x", hostNation = "DEU", seatsPerCohort = 10, startDates = new[] { TrainingFixture<TKind>.WeekOne.ToString("yyyy-MM-dd") }, cadenceFrom = TrainingFixture<TKind>.WeekOne.ToString("yyyy-MM-dd"), cadenceWeeks = 2 })).Problem(400, "startDates");
        Assert.Equal(before, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));

        // Graduates above trainees.
        var cohort = await NewCohort(8, Weeks.Add(TrainingFixture<TKind>.PastStart, -2));
        var started = await Post(Http, $"/api/v1/training/cohorts/{cohort.Str("id")}/start", etag: $"W/\"{cohort.Long("version")}\"");
        using var tooMany = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/training/cohorts/{cohort.Str("id")}/graduate") { Content = System.Net.Http.Json.JsonContent.Create(new { passed = 9 }) };
        tooMany.Headers.TryAddWithoutValidation("If-Match", $"W/\"{started.Long("version")}\"");
        await (await Http.SendAsync(tooMany, TestContext.Current.CancellationToken)).Problem(400, "passed");
        Assert.Equal("InTraining", (await Http.GetNode($"/api/v1/training/cohorts/{cohort.Str("id")}")).Str("state"));
        await Post(Http, $"/api/v1/training/cohorts/{cohort.Str("id")}/cancel", etag: $"W/\"{started.Long("version")}\"");
    }

    [Fact]
    public async Task A_requirement_moves_from_not_ready_to_ready_when_its_cohort_graduates()
    {
        var before = await Row(fx.GunRequirement);
        var crews = before["elements"]!.AsArray().Single(e => e!.Str("element") == "crews")!;
        Assert.Equal(0, crews["have"]!.GetValue<int>());
        Assert.Equal("Not ready", before.Str("ratingLabel"));
        Assert.Contains("of 2 crews", before.Str("lacking"));
        Assert.Equal("1", before["elements"]!.AsArray().Single(e => e!.Str("element") == "equipment")!["fraction"]!.ToJsonString());

        var cohort = await NewCohort(16);
        var planned = await Row(fx.GunRequirement);
        Assert.Equal("Not ready", planned.Str("ratingLabel"));
        Assert.Contains(" planned", planned.Str("lacking"));
        Assert.NotNull(planned["forecastDate"]?.GetValue<string>());

        var started = await Post(Http, $"/api/v1/training/cohorts/{cohort.Str("id")}/start", etag: $"W/\"{cohort.Long("version")}\"");
        using var recipient = await fx.ClientForAsync("tr-recipient", Role.RecipientOfficer, "UKR");
        var graduated = await Post(recipient, $"/api/v1/training/cohorts/{cohort.Str("id")}/graduate", new { passed = 16 }, $"W/\"{started.Long("version")}\"");
        Assert.Equal(("Graduated", 16), (graduated.Str("state"), graduated["passed"]!.GetValue<int>()));

        var after = await Row(fx.GunRequirement);
        Assert.Equal("Ready", after.Str("ratingLabel"));
        Assert.Null(after["lacking"]?.GetValue<string>());
        var csv = await (await Http.GetAsync($"/api/v1/readiness?period={TrainingFixture<TKind>.Period}&format=csv", TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(",tr-gun,artillery,2,", csv);
        Assert.Contains("Ready", csv.Split('\n').Single(l => l.Contains(",tr-gun,")));
    }

    [Fact]
    public async Task Host_nations_manage_only_their_own_sites_and_the_recipient_records_progress_only()
    {
        using var pol = await fx.ClientForAsync("tr-poc-pol", Role.NationalPointOfContact, "POL");
        await (await pol.PostJson("/api/v1/training/sites", new { code = "tr-pol", name = "Polish range", hostNation = "DEU", seatsPerCohort = 20 })).Problem(400, "hostNation");
        var created = await (await pol.PostJson("/api/v1/training/sites", new { code = "tr-pol", name = "Polish range", seatsPerCohort = 20, courses = new[] { "tr-basic" }, cadenceFrom = TrainingFixture<TKind>.WeekOne.ToString("yyyy-MM-dd"), cadenceWeeks = 1 })).Ok(HttpStatusCode.Created);
        Assert.Equal("POL", created.Str("hostNation"));
        var german = (await Http.GetNode("/api/v1/training/sites")).AsArray().Single(s => s!.Str("code") == "tr-range")!;
        await (await pol.PutJson($"/api/v1/training/sites/{german.Str("id")}", new { name = "taken", seatsPerCohort = 1 }, $"W/\"{german.Long("version")}\"")).Problem(404);
        await (await pol.PostJson("/api/v1/training/cohorts", new { courseCode = "tr-gun-crew", siteCode = "tr-range", startDate = TrainingFixture<TKind>.PastStart.ToString("yyyy-MM-dd"), seats = 8, trainees = 8, receivingUnit = "u" })).Problem(404);
        using var recipient = await fx.ClientForAsync("tr-recipient-2", Role.RecipientOfficer, "UKR");
        using var denied = await recipient.PostJson("/api/v1/training/cohorts", new { courseCode = "tr-basic", siteCode = "tr-pol", startDate = TrainingFixture<TKind>.WeekOne.ToString("yyyy-MM-dd"), seats = 8, trainees = 8, receivingUnit = "u" });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task A_crew_plan_explains_every_crew_not_ready_on_time_and_applying_it_stores_planned_cohorts()
    {
        var plan = await Post(Http, "/api/v1/training/crew-plan", new { period = TrainingFixture<TKind>.Period, timeLimitSeconds = 5 });
        var result = plan["result"]!;
        Assert.Contains(result.Str("status"), new[] { "Optimal", "Feasible" });
        Assert.True(result["bound"]!.GetValue<long>() >= result["objective"]!.GetValue<long>());
        Assert.True(result["objective"]!.GetValue<long>() >= result["baseline"]!["objective"]!.GetValue<long>());
        foreach (var c in result["coverage"]!.AsArray().Where(c => c!["crewsOnTime"]!.GetValue<int>() < c["crews"]!.GetValue<int>()))
            Assert.Contains(c!["explanations"]!.AsArray().Single()!.Str("code"), new[] { "training.site-full", "training.no-site", "training.prerequisite", "training.arrival-too-soon" });
        var cohortsBefore = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM training_cohorts");
        var applied = await Post(Http, "/api/v1/training/crew-plan", new { period = TrainingFixture<TKind>.Period, apply = true, timeLimitSeconds = 5 });
        Assert.Equal(applied["result"]!["assignments"]!.AsArray().Count, applied["cohortsCreated"]!.GetValue<int>());
        Assert.Equal(cohortsBefore + applied["cohortsCreated"]!.GetValue<int>(), await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM training_cohorts"));
    }

    [Fact]
    public async Task What_if_moves_forecasts_side_by_side_and_stores_nothing_until_saved()
    {
        var cohorts = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM training_cohorts");
        var ledger = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events");
        var start = Weeks.Add(TrainingFixture<TKind>.WeekOne, 2 + (Weeks.Between(Weeks.Add(TrainingFixture<TKind>.WeekOne, -20), TrainingFixture<TKind>.WeekOne) % 2));
        var draft = new
        {
            period = TrainingFixture<TKind>.Period,
            draft = new
            {
                addCohorts = new[] { new { courseCode = "tr-gun-crew", siteCode = "tr-range", startDate = start.ToString("yyyy-MM-dd"), seats = 8, trainees = 8, receivingUnit = "u", requirementId = fx.GunRequirement } },
                closeSites = new[] { new { siteCode = "tr-range", from = Weeks.Add(start, 6).ToString("yyyy-MM-dd"), weeks = 2 } },
            },
        };
        var whatIf = await Post(Http, "/api/v1/readiness/what-if", draft);
        Assert.Equal(1, whatIf["cohortsAdded"]!.GetValue<int>());
        Assert.Equal(2, whatIf["changes"]!.AsArray().Count);
        Assert.Equal(cohorts, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM training_cohorts"));
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));

        var bad = new { draft = new { addCohorts = new[] { new { courseCode = "tr-gun-crew", siteCode = "tr-range", startDate = start.ToString("yyyy-MM-dd"), seats = 99, trainees = 1, receivingUnit = "u" } } } };
        await (await Http.PostJson("/api/v1/readiness/what-if/save", bad)).Problem(400, "addCohorts[0].seats");
        Assert.Equal(ledger, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"));

        var saved = await Post(Http, "/api/v1/readiness/what-if/save", draft);
        Assert.Equal(1, saved["cohortsAdded"]!.GetValue<int>());
        Assert.Equal(cohorts + 1, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM training_cohorts"));
        var site = (await Http.GetNode("/api/v1/training/sites")).AsArray().Single(s => s!.Str("code") == "tr-range")!;
        Assert.Equal(2, site["blackoutWeeks"]!.AsArray().Count);
    }
}

public sealed class TrainingOnSqlite(TrainingFixture<OnSqlite> fx) : TrainingTests<OnSqlite>(fx);

public sealed class TrainingOnPostgres(TrainingFixture<OnPostgres> fx) : TrainingTests<OnPostgres>(fx);
