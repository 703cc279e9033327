using System.Net;
using System.Text.Json.Nodes;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>Allocation planning through the API on the demo data: a background job, a versioned plan, confirmation into allocations.</summary>
public abstract class PlanningTests<TKind>(DemoFixture<TKind> fx) : IClassFixture<DemoFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private async Task<JsonNode> ComputePlan(string? period)
    {
        using var response = await Http.PostJson("/api/v1/plans", new { period });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Body();
        var location = response.Headers.Location!.ToString();
        for (var i = 0; i < 600 && job.Str("state") is "Queued" or "Running"; i++)
        {
            await Task.Delay(250, TestContext.Current.CancellationToken);
            job = await Http.GetNode(location);
        }
        return job;
    }

    [Fact]
    public async Task A_plan_is_computed_in_the_background_and_every_shortfall_is_explained()
    {
        var job = await ComputePlan("2022-10");
        Assert.Equal("Succeeded", job.Str("state"));
        var plan = await Http.GetNode(job.Str("plan"));
        var summary = plan["summary"]!;
        Assert.Equal("Proposed", summary.Str("state"));
        Assert.Contains(summary.Str("solveStatus"), new[] { "Optimal", "Feasible" });
        // Within floating-point rounding of values near 1e11 (one ulp there is about 1e-5).
        Assert.True(summary["bound"]!.GetValue<double>() >= summary["objective"]!.GetValue<double>() * (1 - 1e-12) - 1e-6);
        Assert.True(summary["objective"]!.GetValue<double>() >= summary["greedyObjective"]!.GetValue<double>() - 1e-6,
            "the optimiser is never worse than the greedy baseline");
        var coverage = plan["result"]!["coverage"]!.AsArray();
        Assert.Equal(summary["requirements"]!.GetValue<int>(), coverage.Count);
        Assert.True(coverage.Count > 0);
        foreach (var c in coverage.Where(c => c!["coveredOnTime"]!.GetValue<double>() < c["quantity"]!.GetValue<double>() - 1e-9))
            Assert.NotEmpty(c!["explanations"]!.AsArray());
        Assert.NotEmpty(plan["result"]!["hubLoads"]!.AsArray());
        // Pledges with undisclosed quantities cannot be planned; the shortfall says whom to ask.
        Assert.Contains(coverage, c => c!["explanations"]!.AsArray().Any(e => e!.Str("code") == "offer.undisclosed" && e.Str("message").Contains("donors:")));
    }

    [Fact]
    public async Task Confirming_a_plan_allocates_offers_ledgers_it_and_respects_policy()
    {
        var job = await ComputePlan(null);
        Assert.Equal("Succeeded", job.Str("state"));
        var id = job.Str("planId");
        using var read = await Http.GetAsync($"/api/v1/plans/{id}", TestContext.Current.CancellationToken);
        var plan = await read.Ok();
        var shipped = plan["result"]!["lines"]!.AsArray().Where(l => !l!["blocked"]!.GetValue<bool>()).Sum(l => l!["quantity"]!.GetValue<long>());
        var before = await fx.Db.ScalarLongAsync("SELECT COALESCE(SUM(\"QuantityAllocated\"), 0) FROM offers");

        using (var noEtag = await Http.PostAsync($"/api/v1/plans/{id}/confirm", null, TestContext.Current.CancellationToken))
            Assert.Equal(428, (int)noEtag.StatusCode);
        using var confirm = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{id}/confirm");
        confirm.Headers.TryAddWithoutValidation("If-Match", read.ETag());
        using var confirmed = await Http.SendAsync(confirm, TestContext.Current.CancellationToken);
        var after = await confirmed.Ok();
        Assert.Equal("Confirmed", after.Str("state"));
        Assert.Equal(AppFixture<TKind>.OperatorName, after.Str("confirmedBy"));

        Assert.Equal(before + shipped, await fx.Db.ScalarLongAsync("SELECT COALESCE(SUM(\"QuantityAllocated\"), 0) FROM offers"));
        Assert.Equal(0, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM offers WHERE \"QuantityAllocated\" > \"QuantityAnnounced\""));
        Assert.Equal(0, await fx.Db.ScalarLongAsync(
            "SELECT COUNT(*) FROM allocations a JOIN offers o ON o.\"Id\" = a.\"OfferId\" JOIN nations n ON n.\"Code\" = o.\"DonorCode\" " +
            "JOIN catalogue_items i ON i.\"Id\" = o.\"ItemId\" WHERE n.\"Policy\" LIKE '%\"NonLethalOnly\":true%' AND i.\"IsLethal\" = TRUE"));
        Assert.True(await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM allocations") > 0);
        Assert.True(await fx.Db.ScalarLongAsync(
            $"SELECT COUNT(*) FROM ledger_events WHERE \"EventType\" = 'Allocation.Created' AND \"Actor\" = '{AppFixture<TKind>.OperatorName}'") > 0);
        var verify = await Http.GetNode("/api/v1/ledger/verify");
        Assert.True(verify["intact"]!.GetValue<bool>());

        using var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/plans/{id}/confirm");
        again.Headers.TryAddWithoutValidation("If-Match", confirmed.ETag());
        using var twice = await Http.SendAsync(again, TestContext.Current.CancellationToken);
        await twice.Problem(400, "state");
    }

    [Fact]
    public async Task A_plan_for_a_period_without_requirements_fails_cleanly_and_writes_nothing()
    {
        var plans = await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM allocation_plans");
        var job = await ComputePlan("2031-01");
        Assert.Equal("Failed", job.Str("state"));
        Assert.Contains("2031-01", job.Str("error"));
        Assert.Equal(plans, await fx.Db.ScalarLongAsync("SELECT COUNT(*) FROM allocation_plans"));
    }
}

public sealed class PlanningOnSqlite(DemoFixture<OnSqlite> fx) : PlanningTests<OnSqlite>(fx);

public sealed class PlanningOnPostgres(DemoFixture<OnPostgres> fx) : PlanningTests<OnPostgres>(fx);
