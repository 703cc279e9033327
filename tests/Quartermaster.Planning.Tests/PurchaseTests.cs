namespace Quartermaster.Planning.Tests;

/// <summary>Hand-made scenarios with known optima for purchases: restricted money, earmarks, lead time, capacity, funds.</summary>
public class PurchaseTests
{
    private static Build Base(int qty = 10, int neededBy = 20, bool lethal = false, string[]? coalitions = null)
    {
        var b = new Build().Hub("RZE").Item("x", lethal: lethal, control: lethal ? "ML3" : null, coalitions: coalitions);
        b.Req("R1", "x", qty, 1, neededBy);
        return b;
    }

    private static double Bought(PlanResult p, string? product = null, string? req = null)
        => p.Purchases!.Where(l => (product is null || l.ProductId == product) && (req is null || l.RequirementId == req)).Sum(l => l.Quantity);

    private static IEnumerable<string> Codes(PlanResult p, string req) => p.Coverage.Single(c => c.RequirementId == req).Explanations.Select(e => e.Code);

    [Fact]
    public void Cheaper_stock_is_bought_first_and_the_objective_is_the_hand_computed_optimum()
    {
        var b = Base().Product("CHEAP", "C1", "x", 100, stock: 10).Product("DEAR", "C2", "x", 200, stock: 10).Money("K1", 10_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(10, Bought(plan, "CHEAP"));
        Assert.Equal(0, Bought(plan, "DEAR"));
        // H = 52, K = 1, T = τ·1 t·(1 in + 1 out) = 0.002, B = (λH + T + 1)·1 = 53.002, κ = B / 200,
        // π(CHEAP) = B + 100κ = 79.503, M = λH + T + 1 + 2B = 159.006; a unit: M − τ·1·1 (out) − τ·1·1 (in) − π = 79.501.
        Assert.Equal(10 * 79.501, plan.Objective, 6);
        var line = Assert.Single(plan.Purchases!);
        Assert.Equal(PurchaseSource.Stock, line.Source);
        Assert.Equal(1000m, line.Cost);
        Assert.Equal(1000m, Assert.Single(line.Funding).Amount);
        var cov = plan.Coverage.Single();
        Assert.Equal(10, cov.FromStock);
        Assert.Equal(0, cov.FromGifts);
    }

    [Fact]
    public void Gifts_are_preferred_over_purchases_even_when_the_gift_arrives_later()
    {
        var b = Base(neededBy: 4).Offer("GIFT", "x", 10, earliest: 10).Product("P", "C1", "x", 1, stock: 10).Money("K1", 1_000_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(10, plan.Lines.Where(l => !l.Blocked).Sum(l => l.Quantity));
        Assert.Empty(plan.Purchases!);
        Assert.Equal(10, plan.Coverage.Single().FromGifts);
    }

    [Fact]
    public void Purchases_top_up_what_gifts_leave_short()
    {
        var b = Base(qty: 15).Offer("GIFT", "x", 10).Product("P", "C1", "x", 50, stock: 10).Money("K1", 1_000_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(5, Bought(plan));
        var cov = plan.Coverage.Single();
        Assert.Equal((10.0, 5.0, 15.0), (cov.FromGifts, cov.FromStock, cov.Covered));
    }

    [Fact]
    public void Non_lethal_only_money_never_buys_a_lethal_item_and_the_shortfall_is_funds_restricted()
    {
        var b = new Build().Hub("RZE").Item("shell", lethal: true, control: "ML3").Item("gen")
            .Req("R1", "shell", 10, 1, 20).Req("R2", "gen", 10, 2, 20)
            .Product("P-SHELL", "C1", "shell", 100, stock: 10).Product("P-GEN", "C1", "gen", 100, stock: 10)
            .Money("K-JPN", 5_000, donor: "JPN", nonLethalOnly: true);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(0, Bought(plan, "P-SHELL"));
        Assert.Equal(10, Bought(plan, "P-GEN"));
        var e = Assert.Single(plan.Coverage.Single(c => c.RequirementId == "R1").Explanations, x => x.Code == "funds.restricted");
        Assert.Equal("POOL", e.PoolId);
        Assert.Contains("P-SHELL", e.Message);
        Assert.Contains("lethal", e.Message);
    }

    [Fact]
    public void A_donor_listed_as_non_lethal_only_keeps_its_policy_for_its_money()
    {
        // JPN is non-lethal-only in donors[]; its contribution does not say so, the donor's policy still applies.
        var b = Base(lethal: true).Product("P", "C1", "x", 100, stock: 10).Money("K-JPN", 5_000, donor: "JPN");
        var plan = Planner.Solve(b.Scenario());
        Assert.Empty(plan.Purchases!);
        Assert.Contains("funds.restricted", Codes(plan, "R1"));
    }

    [Fact]
    public void Forbidden_categories_of_the_contribution_and_of_its_donor_apply()
    {
        var b = new Build().Hub("RZE").Item("rocket", lethal: true, control: "ML4").Item("shell", lethal: true, control: "ML3")
            .Req("R1", "rocket", 10, 1, 20).Req("R2", "shell", 10, 2, 20)
            .Product("P-R", "C1", "rocket", 100, stock: 10).Product("P-S", "C1", "shell", 100, stock: 10)
            .Money("K1", 1_000, forbidden: ["ML4"]);
        b.Donors.Add(new ScenarioDonor("NOR", false, ["ML3"]));
        b.Money("K2", 1_000, donor: "NOR");
        var plan = Planner.Solve(b.Scenario());
        // K1 may only pay for the shell, K2 (NOR forbids ML3) only for the rocket: each buys what its limits allow.
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.All(plan.Purchases!.Where(l => l.ProductId == "P-R").SelectMany(l => l.Funding), f => Assert.Equal("K2", f.ContributionId));
        Assert.All(plan.Purchases!.Where(l => l.ProductId == "P-S").SelectMany(l => l.Funding), f => Assert.Equal("K1", f.ContributionId));
        Assert.Equal(10, Bought(plan, "P-R"));
        Assert.Equal(10, Bought(plan, "P-S"));
    }

    [Fact]
    public void Earmarked_money_pays_only_for_its_item_or_coalition()
    {
        var b = new Build().Hub("RZE").Item("shell", coalitions: ["artillery"]).Item("drone", coalitions: ["drone"]).Item("gen")
            .Req("R1", "shell", 10, 1, 20).Req("R2", "drone", 10, 2, 20).Req("R3", "gen", 10, 3, 20)
            .Product("P-SHELL", "C1", "shell", 100, stock: 10).Product("P-DRONE", "C1", "drone", 100, stock: 10).Product("P-GEN", "C1", "gen", 100, stock: 10)
            .Money("K-DRONE", 2_000, coalition: "drone").Money("K-GEN", 2_000, item: "gen");
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(0, Bought(plan, "P-SHELL"));
        Assert.Equal(10, Bought(plan, "P-DRONE"));
        Assert.Equal(10, Bought(plan, "P-GEN"));
        Assert.All(plan.Purchases!.Single(l => l.ProductId == "P-DRONE").Funding, f => Assert.Equal("K-DRONE", f.ContributionId));
        Assert.All(plan.Purchases!.Single(l => l.ProductId == "P-GEN").Funding, f => Assert.Equal("K-GEN", f.ContributionId));
        Assert.Contains("funds.restricted", Codes(plan, "R1"));
    }

    [Fact]
    public void Money_runs_out_funds_exhausted_names_the_pool()
    {
        var b = Base().Product("P", "C1", "x", 100, stock: 20).Money("K1", 500, pool: "PURL");
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        Assert.Equal(5, Bought(plan));
        Assert.Equal(500m, plan.Purchases!.Sum(l => l.Cost));
        var e = Assert.Single(plan.Coverage.Single().Explanations, x => x.Code == "funds.exhausted");
        Assert.Equal("PURL", e.PoolId);
        Assert.Contains("P", e.ProductId);
    }

    [Fact]
    public void The_cost_of_a_line_is_split_over_contributions_that_may_pay()
    {
        var b = Base().Product("P", "C1", "x", 100, stock: 10).Money("K1", 300).Money("K2", 700, pool: "OTHER");
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(10, Bought(plan));
        var shares = plan.Purchases!.SelectMany(l => l.Funding).GroupBy(f => f.ContributionId).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount));
        Assert.Equal(300m, shares["K1"]);
        Assert.Equal(700m, shares["K2"]);
    }

    [Fact]
    public void Production_ordered_too_late_for_the_need_arrives_late_with_production_lead_time()
    {
        // Lead time 10 weeks, earliest start week 3: ready in week 13, through the hub in 14, arrives in 15 > 8.
        var b = Base(neededBy: 8).Product("P", "C1", "x", 100, capacity: 100, lead: 10, start: 3).Money("K1", 10_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        var line = Assert.Single(plan.Purchases!);
        Assert.Equal((PurchaseSource.Production, 3, 13, 15, 10), (line.Source, line.OrderWeek, line.ShipWeek, line.ArrivalWeek, line.Quantity));
        var e = Assert.Single(plan.Coverage.Single().Explanations);
        Assert.Equal("production.lead-time", e.Code);
        Assert.Equal("P", e.ProductId);
        Assert.Equal(10, plan.Coverage.Single().FromProduction);
    }

    [Fact]
    public void Production_that_cannot_be_ready_within_the_horizon_is_not_bought_and_explained()
    {
        var b = Base(neededBy: 8).Product("P", "C1", "x", 100, capacity: 100, lead: 60).Money("K1", 10_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Empty(plan.Purchases!);
        Assert.Contains("production.lead-time", Codes(plan, "R1"));
    }

    [Fact]
    public void Production_capacity_per_month_limits_what_arrives_on_time()
    {
        // 10 a month (month k = weeks 4k−3..4k), no lead time: ships in weeks 1..6 arrive by week 8 (1 in, 1 out):
        // month 1 (weeks 1–4) and month 2 (weeks 5–6 of it) give 20 on time; the other 10 come from month 3, late.
        var b = Base(qty: 30, neededBy: 8).Product("P", "C1", "x", 100, capacity: 10).Money("K1", 100_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(PlanStatus.Optimal, plan.Status);
        var cov = plan.Coverage.Single();
        Assert.Equal(30, cov.Covered, 6);
        Assert.Equal(20, cov.CoveredOnTime, 6);
        foreach (var month in plan.Purchases!.GroupBy(l => PlanningMonth(l.ShipWeek)))
            Assert.True(month.Sum(l => l.Quantity) <= 10, $"month {month.Key}: {month.Sum(l => l.Quantity)} units");
        Assert.Contains("production.capacity", Codes(plan, "R1"));
    }

    [Fact]
    public void Capacity_used_up_over_the_whole_horizon_leaves_a_shortfall_explained_by_production_capacity()
    {
        var b = Base(qty: 500, neededBy: 52).Product("P", "C1", "x", 1, capacity: 10).Money("K1", 100_000);
        b.Horizon = 52;
        var plan = Planner.Solve(b.Scenario());
        // weeks 1..50 can ship (arrival ≤ 52): months 1..13 partly: 12 full months + weeks 49–50 of month 13 → 130 units.
        Assert.Equal(130, Bought(plan));
        Assert.Contains("production.capacity", Codes(plan, "R1"));
    }

    [Fact]
    public void A_product_bought_at_all_is_bought_at_least_its_minimum_order()
    {
        var b = Base(qty: 10).Product("BIG-MIN", "C1", "x", 10, stock: 100, minimum: 20).Product("OTHER", "C2", "x", 500, stock: 10).Money("K1", 100_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(0, Bought(plan, "BIG-MIN"));
        Assert.Equal(10, Bought(plan, "OTHER"));
        var greedy = GreedyPlanner.Solve(b.Scenario());
        Assert.Equal(0, Bought(greedy, "BIG-MIN"));
    }

    [Fact]
    public void Products_of_companies_not_approved_are_not_planned_and_explained()
    {
        var b = Base().Company("C-PENDING", CompanyVetting.Pending).Product("P", "C-PENDING", "x", 10, stock: 100).Money("K1", 100_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Empty(plan.Purchases!);
        var e = Assert.Single(plan.Coverage.Single().Explanations);
        Assert.Equal("company.not-approved", e.Code);
        Assert.Contains("Pending", e.Message);
    }

    [Fact]
    public void Priority_dominance_holds_with_purchases_money_goes_to_the_higher_priority_first()
    {
        // Dominance is per unit of coverage (as with a shared hub): at equal prices the higher priority gets all the money.
        var b = new Build().Hub("RZE").Item("x").Item("y")
            .Req("LOW", "y", 10, 2, 20).Req("HIGH", "x", 10, 1, 20)
            .Product("PX", "C1", "x", 100, stock: 10).Product("PY", "C1", "y", 100, stock: 10, capacity: 0)
            .Money("K1", 1_000);
        var plan = Planner.Solve(b.Scenario());
        Assert.Equal(10, Bought(plan, "PX"));
        Assert.Equal(0, Bought(plan, "PY"));
    }

    [Fact]
    public void Greedy_buys_what_is_left_with_the_remaining_money()
    {
        var b = Base(qty: 15).Offer("GIFT", "x", 10).Product("P", "C1", "x", 50, stock: 10).Money("K1", 200);
        var greedy = GreedyPlanner.Solve(b.Scenario());
        Assert.Equal(10, greedy.Lines.Sum(l => l.Quantity));
        Assert.Equal(4, Bought(greedy));
        Assert.True(Planner.Solve(b.Scenario()).Objective >= greedy.Objective - 1e-6);
    }

    [Fact]
    public void A_scenario_without_industry_has_no_purchases_and_the_same_objective_as_before()
    {
        var b = Base(qty: 15).Offer("GIFT", "x", 10);
        var plan = Planner.Solve(b.Scenario());
        Assert.Null(plan.Purchases);
        // M = λH + T + 1 = 53.002; a unit: M − 0.002 = 53.
        Assert.Equal(10 * 53.0, plan.Objective, 6);
        Assert.DoesNotContain("Purchases", PlanTable.Format(plan));
    }

    [Fact]
    public void Plan_with_purchases_round_trips_through_json_and_prints_them()
    {
        var s = Scenario.Load(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "scenarios", "purchases.json")));
        var plan = Planner.Solve(s);
        Assert.NotEmpty(plan.Purchases!);
        using var ms = new MemoryStream();
        PlanResultJson.Write(plan, ms);
        ms.Position = 0;
        var back = PlanResultJson.Read(ms);
        Assert.Equal(plan.Purchases!.Count, back.Purchases!.Count);
        for (var i = 0; i < plan.Purchases.Count; i++)
        {
            var (a, c) = (plan.Purchases[i], back.Purchases[i]);
            Assert.Equal((a.ProductId, a.CompanyId, a.RequirementId, a.HubCode, a.Quantity, a.Source, a.OrderWeek, a.Cost),
                (c.ProductId, c.CompanyId, c.RequirementId, c.HubCode, c.Quantity, c.Source, c.OrderWeek, c.Cost));
            Assert.Equal(a.Funding, c.Funding);
        }
        Assert.Equal(plan.Coverage.Select(x => (x.FromGifts, x.FromStock, x.FromProduction)), back.Coverage.Select(x => (x.FromGifts, x.FromStock, x.FromProduction)));
        Assert.Equal("USD", back.Currency);
        var text = PlanTable.Format(plan);
        Assert.Contains("Purchases (", text);
        Assert.Contains("P-UKR-DRONE", text);
        Assert.Contains("K-DNK (UKR-IND)", text);
    }

    [Fact]
    public void Scenario_with_industry_round_trips_through_json()
    {
        var s = ScenarioGenerator.Generate(3, 30, 10, 2, 52, 6, 4, companies: 4, products: 12, pools: 2, contributions: 5);
        var back = Scenario.Parse(ScenarioJson.ToJson(s));
        Assert.Equal(s.Products, back.Products);
        Assert.Equal(s.Companies, back.Companies);
        Assert.Equal(s.Pools, back.Pools);
        Assert.Equal(s.Contributions!.Select(c => (c.Id, c.PoolId, c.Donor, c.Amount, c.NonLethalOnly, c.EarmarkCoalition, c.EarmarkItemId)),
            back.Contributions!.Select(c => (c.Id, c.PoolId, c.Donor, c.Amount, c.NonLethalOnly, c.EarmarkCoalition, c.EarmarkItemId)));
        Assert.Equal(Planner.Solve(s).Objective, Planner.Solve(back).Objective, 6);
    }

    [Theory]
    [InlineData("""{"id":"P1","companyId":"NOPE","itemId":"x","origin":"DEU","unitPrice":1,"stock":1,"monthlyCapacity":0,"leadTimeWeeks":0,"minimumOrder":0,"earliestStartWeek":1}""", "products[0] (id P1): unknown company 'NOPE'.")]
    [InlineData("""{"id":"P1","companyId":"C1","itemId":"nope","origin":"DEU","unitPrice":1,"stock":1,"monthlyCapacity":0,"leadTimeWeeks":0,"minimumOrder":0,"earliestStartWeek":1}""", "products[0] (id P1): unknown item 'nope'.")]
    [InlineData("""{"id":"P1","companyId":"C1","itemId":"x","origin":"DEU","unitPrice":-5,"stock":1,"monthlyCapacity":0,"leadTimeWeeks":0,"minimumOrder":0,"earliestStartWeek":1}""", "products[0] (id P1): unitPrice must not be negative (got -5).")]
    [InlineData("""{"id":"P1","companyId":"C1","itemId":"x","origin":"DEU","unitPrice":1,"stock":0,"monthlyCapacity":0,"leadTimeWeeks":0,"minimumOrder":0,"earliestStartWeek":1}""", "products[0] (id P1): the product has neither stock nor production capacity (give stock or monthlyCapacity above 0).")]
    [InlineData("""{"id":"P1","companyId":"C1","itemId":"x","origin":"DEU","unitPrice":1,"stock":1,"monthlyCapacity":0,"leadTimeWeeks":-1,"minimumOrder":0,"earliestStartWeek":1}""", "products[0] (id P1): leadTimeWeeks must not be negative (got -1).")]
    public void Bad_products_are_rejected_naming_the_record(string product, string message)
    {
        var json = Json($"\"companies\":[{{\"id\":\"C1\",\"nation\":\"DEU\",\"name\":\"C1\",\"vetting\":\"Approved\"}}],\"products\":[{product}]");
        Assert.Equal(message, Assert.Throws<ScenarioException>(() => Scenario.Parse(json)).Message);
    }

    [Theory]
    [InlineData("""{"id":"K1","poolId":"NOPE","donor":"NLD","amount":5}""", "contributions[0] (id K1): unknown pool 'NOPE'.")]
    [InlineData("""{"id":"K1","poolId":"PURL","donor":"NLD","amount":-5}""", "contributions[0] (id K1): amount must not be negative (got -5).")]
    [InlineData("""{"id":"K1","poolId":"PURL","donor":"NLD","amount":5,"earmarkItemId":"ghost"}""", "contributions[0] (id K1): earmarkItemId 'ghost' is not an item of the scenario.")]
    [InlineData("""{"id":"K1","poolId":"PURL","donor":"NLD","amount":5,"earmarkCoalition":"navy"}""", "contributions[0] (id K1): earmarkCoalition 'navy' is not a coalition of any item (items[].coalitions).")]
    [InlineData("""{"id":"K1","poolId":"PURL","donor":"NLD","amount":5,"forbiddenCategories":["XX"]}""", "contributions[0] (id K1): 'XX' is not a control-list category (ML1–ML22, or a dual-use prefix such as 9A or 9A012).")]
    public void Bad_contributions_are_rejected_naming_the_record(string contribution, string message)
    {
        var json = Json($"\"pools\":[{{\"id\":\"PURL\",\"name\":\"P\"}}],\"contributions\":[{contribution}]");
        Assert.Equal(message, Assert.Throws<ScenarioException>(() => Scenario.Parse(json)).Message);
    }

    [Fact]
    public void An_unknown_currency_code_is_rejected()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse(Json("\"currency\":\"EURO\"")));
        Assert.Equal("currency", e.Record);
        Assert.Contains("'EURO' is not an ISO 4217 currency code", e.Message);
    }

    [Fact]
    public void A_company_with_an_unknown_vetting_status_is_a_json_error()
    {
        var e = Assert.Throws<ScenarioException>(() => Scenario.Parse(Json("\"companies\":[{\"id\":\"C1\",\"nation\":\"DEU\",\"name\":\"C1\",\"vetting\":\"Maybe\"}]")));
        Assert.StartsWith("JSON error at line", e.Message);
    }

    private static string Json(string extra) => $$"""
        {"horizonWeeks":52,"items":[{"id":"x","name":"x","isLethal":false,"unitWeightKg":1}],"donors":[{"code":"DEU","nonLethalOnly":false}],
         "hubs":[{"code":"H","weeklyCapacityTonnes":10,"defaultInboundWeeks":1,"defaultOutboundWeeks":1}],
         "requirements":[{"id":"R1","itemId":"x","quantity":1,"priorityRank":1,"neededByWeek":5,"destination":"KYIV"}],"offers":[],{{extra}}}
        """;

    private static int PlanningMonth(int week) => (week + 3) / 4;
}
