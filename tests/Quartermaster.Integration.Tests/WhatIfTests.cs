using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// What-if re-planning and licence enforcement through the API on the demo data (own database per class): changes
/// applied in memory only, both plans compared per requirement; a licence a donor's policy requires blocks its items.
/// </summary>
public abstract class WhatIfTests<TKind>(DemoFixture<TKind> fx) : IClassFixture<DemoFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private async Task<JsonNode> Job(object body)
    {
        using var response = await Http.PostJson("/api/v1/plans", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Body();
        var location = response.Headers.Location!.ToString();
        for (var i = 0; i < 1200 && job.Str("state") is "Queued" or "Running"; i++)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            job = await Http.GetNode(location);
        }
        return job;
    }

    private async Task<(long Ledger, long Plans, long Allocated)> Stored()
        => (await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM ledger_events"), await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM allocation_plans"),
            await fx.Db.ScalarLongAsync("SELECT COALESCE(SUM(\"QuantityAllocated\"), 0) FROM offers"));

    [Fact]
    public async Task A_what_if_closing_every_hub_loses_all_coverage_compares_per_requirement_and_writes_nothing()
    {
        var hubs = (await Http.GetNode("/api/v1/hubs")).AsArray().Select(h => h!.Str("code")).ToList();
        Assert.NotEmpty(hubs);
        var before = await Stored();
        var changes = hubs.Select(h => new { kind = "hubCapacity", hub = h, fromWeek = 1, toWeek = 52, capacityTonnes = 0 }).ToArray();
        var job = await Job(new { period = "2022-10", changes });
        Assert.Equal("Succeeded", job.Str("state"));
        Assert.Null(job["planId"]);
        var body = await Http.GetNode(job.Str("whatIf"));
        Assert.Equal("2022-10", body.Str("period"));
        Assert.Equal(hubs.Count, body["changes"]!.AsArray().Count);
        Assert.Contains("closed in weeks 1–52", body["changes"]![0]!.Str("description"));
        var rows = body["comparison"]!["requirements"]!.AsArray();
        Assert.Equal(body["current"]!["coverage"]!.AsArray().Count, rows.Count);
        Assert.DoesNotContain(body["proposed"]!["lines"]!.AsArray(), l => !l!["blocked"]!.GetValue<bool>());
        var served = rows.Where(r => r!["coveredBefore"]!.GetValue<double>() > 0).ToList();
        Assert.NotEmpty(served);
        Assert.All(served, r =>
        {
            Assert.Contains("Lost", r!["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
            Assert.Equal(0, r["coveredAfter"]!.GetValue<double>());
            Assert.NotEmpty(r["why"]!.AsArray());
        });
        Assert.Equal(served.Count, body["comparison"]!["lost"]!.GetValue<int>());
        Assert.True(body["comparison"]!["objectiveAfter"]!.GetValue<double>() < body["comparison"]!["objectiveBefore"]!.GetValue<double>());
        Assert.Equal(before, await Stored());
    }

    [Fact]
    public async Task A_what_if_withdrawing_a_used_pledge_names_it_for_the_requirements_it_served()
    {
        var first = await Job(new { period = "2022-10", changes = new object[] { new { kind = "requirement", requirement = "2022-10#1", priorityRank = 1 } } });
        Assert.Equal("Succeeded", first.Str("state"));
        var current = (await Http.GetNode(first.Str("whatIf")))["current"]!;
        var used = current["lines"]!.AsArray().First(l => !l!["blocked"]!.GetValue<bool>())!;
        var offer = used.Str("offerId");
        var before = await Stored();
        var job = await Job(new { period = "2022-10", changes = new object[] { new { kind = "withdrawOffer", offer } } });
        Assert.Equal("Succeeded", job.Str("state"));
        var rows = (await Http.GetNode(job.Str("whatIf")))["comparison"]!["requirements"]!.AsArray();
        var row = rows.Single(r => r!.Str("requirementId") == used.Str("requirementId"))!;
        if (row["changed"]!.GetValue<bool>())
            Assert.Contains(row["why"]!.AsArray(), w => w!.GetValue<string>().Contains(offer) && w.GetValue<string>().Contains("withdrawn"));
        Assert.Equal(before, await Stored());
    }

    [Fact]
    public async Task Qm_plan_what_if_prints_the_comparison_and_saves_nothing()
    {
        var before = await Stored();
        var file = Path.Combine(Path.GetTempPath(), $"qm-what-if-{Guid.NewGuid():N}.json");
        var hubs = (await Http.GetNode("/api/v1/hubs")).AsArray().Select(h => h!.Str("code")).ToList();
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new
        {
            period = "2022-10",
            changes = hubs.Select(h => new { kind = "hubCapacity", hub = h, fromWeek = 1, toWeek = 52, capacityTonnes = 0 }),
        }), TestContext.Current.CancellationToken);
        var r = await Qm.Run("plan", "--what-if", file, "--db", fx.Db.DbArgument);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("What if, period 2022-10 (nothing saved)", r.Out);
        Assert.Contains($"hub {hubs[0]} closed in weeks 1–52", r.Out);
        Assert.Contains(" lost", r.Out);
        Assert.Equal(before, await Stored());

        await File.WriteAllTextAsync(file, """[{"kind":"withdrawOffer","offer":"NOPE:none"}]""", TestContext.Current.CancellationToken);
        var bad = await Qm.Run("plan", "--what-if", file, "--period", "2022-10", "--db", fx.Db.DbArgument);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("qm: error:", bad.Err);
        Assert.Contains("changes[0] (withdrawOffer): no offer has the id 'NOPE:none'", bad.Err);
        File.Delete(file);
    }

    [Fact]
    public async Task A_bad_change_list_is_refused_naming_the_change()
    {
        using (var syntax = await Http.PostJson("/api/v1/plans", new { period = "2022-10", changes = new object[] { new { kind = "teleport" } } }))
            await syntax.Problem(400, "changes");
        using (var empty = await Http.PostJson("/api/v1/plans", new { period = "2022-10", changes = Array.Empty<object>() }))
            await empty.Problem(400, "changes");
        var job = await Job(new { period = "2022-10", changes = new object[] { new { kind = "withdrawOffer", offer = "NOPE:none" } } });
        Assert.Equal("Failed", job.Str("state"));
        Assert.Equal("changes", job.Str("errorField"));
        Assert.Contains("changes[0] (withdrawOffer): no offer has the id 'NOPE:none'", job.Str("error"));
        using var missing = await Http.GetAsync($"/api/v1/plans/jobs/{Guid.NewGuid()}/what-if", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_licence_the_donors_policy_requires_blocks_its_items_as_licence_required_until_granted()
    {
        // A shipped line of an item with a control entry: its donor starts requiring an export licence for that category.
        var job = await Job(new { period = "2022-10" });
        Assert.Equal("Succeeded", job.Str("state"));
        var plan = await Http.GetNode(job.Str("plan"));
        string? donor = null, category = null;
        foreach (var line in plan["result"]!["lines"]!.AsArray().Where(l => !l!["blocked"]!.GetValue<bool>()))
        {
            var id = line!.Str("offerId");
            var code = id[..id.IndexOf(':')];
            var key = id[(id.IndexOf(':') + 1)..].Replace("'", "''");
            var entry = await fx.Db.ScalarStringAsync(
                $"SELECT i.\"ControlEntry\" FROM offers o JOIN catalogue_items i ON i.\"Id\" = o.\"ItemId\" WHERE o.\"DonorCode\" = '{code}' AND o.\"SourceKey\" = '{key}'");
            if (string.IsNullOrEmpty(entry)) continue;
            donor = code;
            category = entry.StartsWith("ML", StringComparison.Ordinal) ? new string(entry.TakeWhile(c => c != '.').ToArray()) : entry[..2];
            break;
        }
        Assert.NotNull(donor);
        using var read = await Http.GetAsync($"/api/v1/nations/{donor}", TestContext.Current.CancellationToken);
        var nation = await read.Ok();
        using (var put = await Http.PutJson($"/api/v1/nations/{donor}", new
        {
            code = donor, name = nation.Str("name"), status = nation.Str("status"), nonLethalOnly = nation["nonLethalOnly"]!.GetValue<bool>(),
            forbiddenCategories = nation["forbiddenCategories"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray(),
            licenceRequiredCategories = new[] { category },
        }, read.ETag()))
            await put.Ok();

        var after = await Http.GetNode((await Job(new { period = "2022-10" })).Str("plan"));
        var lines = after["result"]!["lines"]!.AsArray().Where(l => l!.Str("offerId").StartsWith(donor + ":", StringComparison.Ordinal)).ToList();
        var blocked = lines.Where(l => l!["blocked"]!.GetValue<bool>() && l.Str("blockedCode") == "licence.required").ToList();
        Assert.NotEmpty(blocked);
        Assert.All(blocked, l => Assert.Contains(category!, l!.Str("blockedReason")));
        var explained = after["result"]!["coverage"]!.AsArray().SelectMany(c => c!["explanations"]!.AsArray()).Where(e => e!.Str("code") == "licence.required").ToList();
        Assert.NotEmpty(explained);
        // No shipped line of this donor is of an item in that category without a granted licence.
        foreach (var l in lines.Where(l => !l!["blocked"]!.GetValue<bool>()))
        {
            var id = l!.Str("offerId");
            var key = id[(id.IndexOf(':') + 1)..].Replace("'", "''");
            var row = await fx.Db.ScalarStringAsync(
                $"SELECT COALESCE(i.\"ControlEntry\", '') || '|' || o.\"ExportLicence\" FROM offers o JOIN catalogue_items i ON i.\"Id\" = o.\"ItemId\" WHERE o.\"DonorCode\" = '{donor}' AND o.\"SourceKey\" = '{key}'");
            Assert.False(row.StartsWith(category!, StringComparison.Ordinal) && !row.EndsWith("|Granted", StringComparison.Ordinal), $"{id} ships without its licence: {row}");
        }
        // The same blocked pledge becomes shippable in a what-if that grants its licence.
        var offer = blocked[0]!.Str("offerId");
        var grant = await Job(new { period = "2022-10", changes = new object[] { new { kind = "licence", offer, status = "Granted" } } });
        Assert.Equal("Succeeded", grant.Str("state"));
        var proposed = (await Http.GetNode(grant.Str("whatIf")))["proposed"]!["lines"]!.AsArray();
        Assert.DoesNotContain(proposed, l => l!.Str("offerId") == offer && l!["blocked"]!.GetValue<bool>() && l!["blockedCode"]?.GetValue<string>() == "licence.required");
    }
}

public sealed class WhatIfOnSqlite(DemoFixture<OnSqlite> fx) : WhatIfTests<OnSqlite>(fx);

public sealed class WhatIfOnPostgres(DemoFixture<OnPostgres> fx) : WhatIfTests<OnPostgres>(fx);
