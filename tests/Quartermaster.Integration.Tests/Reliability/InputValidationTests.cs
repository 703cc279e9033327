using System.Net;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests.Reliability;

/// <summary>
/// Every value is checked at the edge, once, with every invalid field named at once; what a request cannot state
/// (a cast enum, a NUL, an unknown currency, text longer than its column, a date that is none) is never stored, and a
/// bad record already in the database never breaks a report.
/// </summary>
public abstract class InputValidationTests<TKind>(CrudFixture<TKind> fx) : IClassFixture<CrudFixture<TKind>> where TKind : IDbKind
{
    private HttpClient Http => fx.Http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<long> Offers(string description)
        => fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM offers WHERE \"Description\" = '{description}'");

    private static string Tag() => "val-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Enum_values_outside_their_set_are_refused_naming_every_field_at_once()
    {
        var description = Tag();
        using var r = await Http.PostRaw("/api/v1/offers",
            $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":99,"description":"{{description}}","quantityAnnounced":1,"condition":42,"releasability":77}""");
        var problem = await r.Problem(400, "aidType");
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("condition") && errors.ContainsKey("releasability"), problem.ToJsonString());
        Assert.Equal(0, await Offers(description));

        using var query = await Http.GetAsync("/api/v1/offers?aidType=99", Ct);
        await query.Problem(400, "aidType");
    }

    [Fact]
    public async Task NUL_characters_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var description = Tag();
        using var r = await Http.PostJson("/api/v1/offers",
            new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description = description + "\0x", quantityAnnounced = 1, originDepot = "depot\0" });
        var problem = await r.Problem(400, "description");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("originDepot"), problem.ToJsonString());
        Assert.Equal(0, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM offers WHERE \"Description\" LIKE '{description}%'"));
    }

    [Fact]
    public async Task Texts_longer_than_their_column_are_refused_naming_each_field()
    {
        var description = Tag();
        using var r = await Http.PostJson("/api/v1/offers",
            new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description = description + new string('d', 600), quantityAnnounced = 1, originDepot = new string('o', 121) });
        var problem = await r.Problem(400, "description");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("originDepot"), problem.ToJsonString());

        // A 101-character announcement date text (a 500 on PostgreSQL before): refused naming it.
        using var announced = await Http.PostJson("/api/v1/offers",
            new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description, quantityAnnounced = 1, announced = new string('x', 95) + " 04/22" });
        await announced.Problem(400, "announced");

        using var nation = await Http.PostJson("/api/v1/nations", new { code = "QVL", name = new string('n', 500), status = "Member" });
        await nation.Problem(400, "name");
        Assert.Equal(0, await Offers(description));
    }

    [Fact]
    public async Task Garbage_dates_are_refused_naming_the_field()
    {
        var description = Tag();
        using (var r = await Http.PostJson("/api/v1/offers",
                   new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description, quantityAnnounced = 1, announced = "garbage" }))
            await r.Problem(400, "announced");
        using (var r = await Http.PostRaw("/api/v1/offers",
                   $$"""{"donorCode":"{{CrudFixture<TKind>.Donor}}","aidType":"Humanitarian","description":"{{description}}","quantityAnnounced":1,"earliestAvailable":"2026-02-30"}"""))
            await r.Problem(400, "earliestAvailable");
        Assert.Equal(0, await Offers(description));
    }

    [Fact]
    public async Task Unknown_currencies_are_refused_and_a_bad_stored_record_never_breaks_a_report()
    {
        var description = Tag();
        using (var r = await Http.PostJson("/api/v1/offers",
                   new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description, quantityAnnounced = 1, declaredValue = 100m, declaredCurrency = "XYZ" }))
            await r.Problem(400, "declaredCurrency");
        using (var r = await Http.PostJson("/api/v1/funding",
                   new { donorCode = CrudFixture<TKind>.Donor, pool = description, amount = 100m, currency = "XYZ", pledgedOn = "2026-01-01" }))
            await r.Problem(400, "currency");
        Assert.Equal(0, await Offers(description));

        // A record with a currency no rate converts, as an older version stored it or as someone edited the table.
        using (var r = await Http.PostJson("/api/v1/offers",
                   new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description, quantityAnnounced = 1, declaredValue = 100m, declaredCurrency = "EUR" }))
            await r.Ok(HttpStatusCode.Created);
        await fx.Db.ExecuteAsync($"UPDATE offers SET \"DeclaredCurrency\" = 'XYZ' WHERE \"Description\" = '{description}'");

        var report = (await Http.GetNode("/api/v1/reports/burden-sharing?format=json")).AsArray();
        Assert.Contains(report, row => row!["donor"]!.GetValue<string>() == CrudFixture<TKind>.Donor && row["lines_without_rate"]!.GetValue<int>() >= 1);
        using (var csv = await Http.GetAsync("/api/v1/reports/burden-sharing?format=csv", Ct))
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        using (var coalitions = await Http.GetAsync("/api/v1/reports/coalitions", Ct))
            Assert.Equal(HttpStatusCode.OK, coalitions.StatusCode);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_negative_quantity_or_amount_written_past_the_application()
    {
        var description = Tag();
        using (var r = await Http.PostJson("/api/v1/offers", new { donorCode = CrudFixture<TKind>.Donor, aidType = "Humanitarian", description, quantityAnnounced = 1 }))
            await r.Ok(HttpStatusCode.Created);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            fx.Db.ExecuteAsync($"UPDATE offers SET \"QuantityAnnounced\" = -5 WHERE \"Description\" = '{description}'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            fx.Db.ExecuteAsync($"UPDATE offers SET \"DeclaredValue\" = 5, \"DeclaredCurrency\" = 'EURO' WHERE \"Description\" = '{description}'"));
        Assert.Equal(1, await fx.Db.ScalarLongAsync($"SELECT COUNT(*) FROM offers WHERE \"Description\" = '{description}' AND \"QuantityAnnounced\" = 1"));
    }
}

public sealed class InputValidationOnSqlite(CrudFixture<OnSqlite> fx) : InputValidationTests<OnSqlite>(fx);

public sealed class InputValidationOnPostgres(CrudFixture<OnPostgres> fx) : InputValidationTests<OnPostgres>(fx);
