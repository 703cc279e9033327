using System.Text;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>A fresh database: its reference data, and an import into it that reports every problem of every stage at once.</summary>
public abstract class FreshDatabaseTests<TKind>(AppFixture<TKind> fx) : IClassFixture<AppFixture<TKind>> where TKind : IDbKind
{
    private Task<long> Scalar(string sql) => fx.Db.ScalarLongAsync(sql);

    [Fact]
    public async Task A_fresh_database_holds_every_iso_state_the_organisations_nato_members_with_dates_supply_classes_and_rates()
    {
        Assert.Equal(249 + 3, await Scalar("SELECT COUNT(*) FROM nations"));
        Assert.Equal(32, await Scalar("SELECT COUNT(*) FROM nations WHERE \"NatoMemberSince\" IS NOT NULL"));
        Assert.Equal(CodificationReference.Shared.SupplyClasses.Count, (int)await Scalar("SELECT COUNT(*) FROM supply_classes"));
        Assert.Equal(17, await Scalar("SELECT COUNT(*) FROM exchange_rates"));

        var finland = await fx.Http.GetNode("/api/v1/nations/FIN");
        Assert.Equal(("Member", "2023-04-04"), (finland.Str("status"), finland.Str("natoMemberSince")));
        var japan = await fx.Http.GetNode("/api/v1/nations/JPN");
        Assert.Equal("Partner", japan.Str("status"));
        Assert.Null(japan["natoMemberSince"]);
        Assert.Equal("Recipient", (await fx.Http.GetNode("/api/v1/nations/UKR")).Str("status"));
        Assert.Equal("Organisation", (await fx.Http.GetNode("/api/v1/nations/XEP")).Str("kind"));
    }

    [Fact]
    public async Task Reference_data_is_ledgered_as_reference_data_and_a_restart_adds_nothing()
    {
        var events = await Scalar($"SELECT COUNT(*) FROM ledger_events WHERE \"Actor\" = '{ReferenceDataSeeder.ActorName}' AND \"Command\" LIKE 'reference data:%'");
        Assert.Equal(249 + 3 + CodificationReference.Shared.SupplyClasses.Count + 17, events);
        await using var db = fx.Db.Open();
        var again = await new ReferenceDataSeeder(db).EnsureAsync(TestContext.Current.CancellationToken);
        Assert.False(again.AddedAnything);
        Assert.Equal(events, await Scalar($"SELECT COUNT(*) FROM ledger_events WHERE \"Actor\" = '{ReferenceDataSeeder.ActorName}'"));
        Assert.True((await fx.Http.GetNode("/api/v1/ledger/verify"))["intact"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_tracker_file_imports_into_a_fresh_database_and_lines_whose_item_is_not_catalogued_are_kept_with_a_warning()
    {
        using var r = await fx.Http.PostMultipart("/api/v1/import/offers?mapping=kiel-ust-main", File.ReadAllBytes(TestData.KielCsvPath), "bilateral_main_data.csv");
        var summary = await r.Ok();
        Assert.Equal(TestData.KielRows, summary["rows"]!.GetValue<int>());
        Assert.Contains(summary["warnings"]!.AsArray(), w => w!.ToString().Contains("not in the catalogue"));
        using var again = await fx.Http.PostMultipart("/api/v1/import/offers?mapping=kiel-ust-main", File.ReadAllBytes(TestData.KielCsvPath), "bilateral_main_data.csv");
        Assert.Equal(TestData.KielRows, (await again.Ok())["unchanged"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_import_reports_problems_of_every_stage_at_once()
    {
        var csv = "source_key,donor,aid_type,description,item,quantity\n"
                  + "s16:1,NOR,Military,helmets,,lots\n"            // line 2: parse stage (not a number)
                  + "s16:2,QQQ,Military,tents,,5\n"                 // line 3: database stage (no such nation)
                  + "s16:3,NOR,Military,drones,no-such-item,5\n";   // line 4: database stage (no such item)
        using var r = await fx.Http.PostMultipart("/api/v1/import/offers", Encoding.UTF8.GetBytes(csv), "stages.csv");
        var issues = (await r.Problem(422))["issues"]!.AsArray();
        Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 2 && i["column"]!.ToString() == "quantity");
        Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 3 && i["column"]!.ToString() == "donor" && i["message"]!.ToString().Contains("QQQ"));
        Assert.Contains(issues, i => i!["line"]!.GetValue<int>() == 4 && i["column"]!.ToString() == "item" && i["message"]!.ToString().Contains("no-such-item"));
        Assert.Equal(0, await Scalar("SELECT COUNT(*) FROM offers WHERE \"SourceKey\" LIKE 's16:%'"));
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_refused_as_an_encoding_problem_and_imports_with_its_encoding_named()
    {
        var head = Encoding.ASCII.GetBytes("source_key,donor,aid_type,description\nenc:1,NOR,Humanitarian,caf");
        var body = head.Concat(new byte[] { 0xE9 }).Concat(Encoding.ASCII.GetBytes(" supplies\n")).ToArray();
        using var refused = await fx.Http.PostMultipart("/api/v1/import/offers", body, "latin1.csv");
        var issue = (await refused.Problem(422))["issues"]!.AsArray().Single()!;
        Assert.Equal(2, issue["line"]!.GetValue<int>());
        Assert.Contains("not UTF-8", issue["message"]!.ToString());

        using var decoded = await fx.Http.PostMultipart("/api/v1/import/offers?encoding=windows-1252", body, "latin1.csv");
        Assert.Equal(1, (await decoded.Ok())["created"]!.GetValue<int>());
        var offers = await fx.Http.GetNode("/api/v1/offers?search=supplies");
        Assert.Contains(offers["items"]!.AsArray(), o => o!.Str("description") == "café supplies");
    }

    [Theory]
    [InlineData("/api/v1/import/offers?mapping=no-such-mapping", "mapping")]
    [InlineData("/api/v1/import/offers?encoding=klingon-7", "encoding")]
    public async Task Import_request_errors_are_problem_documents_naming_the_parameter(string path, string field)
    {
        using var r = await fx.Http.PostMultipart(path, Encoding.UTF8.GetBytes("source_key,donor,aid_type,description\n"), "x.csv");
        var problem = await r.Problem(400);
        Assert.Equal(field, problem.Str("field"));
    }

    [Fact]
    public async Task A_broken_multipart_body_is_a_400_not_a_500()
    {
        using var content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nunterminated", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        using var r = await fx.Http.PostAsync("/api/v1/import/offers", content, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, r.StatusCode);
    }
}

public sealed class FreshDatabaseOnSqlite(AppFixture<OnSqlite> fx) : FreshDatabaseTests<OnSqlite>(fx);

public sealed class FreshDatabaseOnPostgres(AppFixture<OnPostgres> fx) : FreshDatabaseTests<OnPostgres>(fx);
