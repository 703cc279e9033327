using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Importing;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;
using Sylvan.Data.Csv;

namespace Quartermaster.Application.Demo;

public sealed record DemoSummary(int Nations, int Hubs, ImportSummary Catalogue, ImportSummary Offers, ImportSummary Requirements,
    int Packages, int Donors, long LedgerEvents)
{
    /// <summary>The demo's accounts, one per role. FOR THE DEMO ONLY: the passwords are public.</summary>
    public IReadOnlyList<DemoAccount> Accounts { get; init; } = [];

    /// <summary>The illustrative courses, sustainment needs, training sites and cohorts.</summary>
    public Training.TrainingDemoSummary? Training { get; init; }

    /// <summary>The illustrative companies, products, funding pools, contributions and production orders.</summary>
    public Industry.IndustryDemoSummary? Industry { get; init; }
    public TechnologyDemoSummary? Technology { get; init; }
}

public sealed record DemoAccount(string UserName, string Password, Domain.Access.Role Role, string? Nation, string? Company);

/// <summary>
/// Creates or refreshes the demo: nations and hubs (data/demo), the catalogue derived from the Kiel items, the Kiel
/// release-7 pledge lines, and an illustrative requirements list. Everything goes through the same services and
/// importers a user has, so running it twice changes nothing.
/// </summary>
public sealed class DemoLoader(QuartermasterDb db)
{
    public const string Citation = "Kiel Institute for the World Economy, Ukraine Support Tracker, release 7 (24 Jan – 3 Oct 2022); "
        + "Antezza et al. (2022), Kiel Working Paper No. 2218. Catalogue classification and requirements are illustrative.";

    /// <summary>Also compute and confirm an allocation plan of the period (if none is confirmed), so that readiness has planned arrivals.</summary>
    public bool ConfirmPlan { get; init; }

    public async Task<DemoSummary> Load(Actor actor, IProgress<(double Fraction, string Text)>? progress = null, CancellationToken ct = default)
    {
        progress?.Report((0.02, "nations, hubs and exchange rates"));
        var (nations, hubs) = await CommandRunner.Run(db, actor, "demo: nations, hubs and exchange rates", async () =>
        {
            await new ExchangeRatesService(db).EnsureBaseline(ct);
            var n = await UpsertNations(ct);
            var h = await UpsertHubs(ct);
            return (n, h);
        }, ct);
        var importer = new ImportService(db);
        var training = new Training.TrainingDemo(db);
        var courses = await training.LoadCourses(actor, ct); // the catalogue links to its courses
        progress?.Report((0.1, "catalogue"));
        ImportSummary catalogue;
        await using (var file = EmbeddedData.Open("demo/catalogue.csv"))
            catalogue = await importer.Import(actor, ImportKind.Catalogue, file, "demo/catalogue.csv", "catalogue",
                new ImportOptions { Progress = Scaled(progress, 0.1, 0.3) }, ct);
        progress?.Report((0.3, "Kiel pledge lines"));
        ImportSummary offers;
        await using (var file = EmbeddedData.Open("kiel-ust-release7/bilateral_main_data.csv"))
            offers = await importer.Import(actor, ImportKind.Offers, file, "kiel-ust-release7/bilateral_main_data.csv", "kiel-ust-main",
                new ImportOptions { Progress = Scaled(progress, 0.3, 0.85), Releasability = Domain.Access.Releasability.AllParticipants }, ct);
        progress?.Report((0.85, "requirements"));
        ImportSummary requirements;
        await using (var file = EmbeddedData.Open("demo/requirements.csv"))
            requirements = await importer.Import(actor, ImportKind.Requirements, file, "demo/requirements.csv", "requirements",
                new ImportOptions { Illustrative = true, Progress = Scaled(progress, 0.85, 0.98) }, ct);
        progress?.Report((0.98, "training: sustainment, sites, a confirmed plan, cohorts"));
        var trainingSummary = await training.LoadRest(actor, courses, ConfirmPlan, ct);
        progress?.Report((0.985, "industry: companies, products, pools, production orders"));
        var industry = await new Industry.IndustryDemo(db).Load(actor, ct);
        var technology = await new TechnologyDemo(db).Load(actor, ct);
        progress?.Report((0.99, "demo accounts"));
        var accounts = new Access.AccountsService(db);
        var existing = (await accounts.List(ct)).Select(a => a.UserName).ToHashSet();
        foreach (var a in Accounts.Where(a => !existing.Contains(a.UserName)))
            await accounts.Add(actor, a.UserName, $"Demo {a.Role}{(a.Nation is null ? "" : " " + a.Nation)}", a.Role, a.Nation, a.Company, a.Password, ct);
        progress?.Report((1, "done"));
        return new DemoSummary(nations, hubs, catalogue, offers, requirements,
            await db.AidPackages.CountAsync(ct), await db.Offers.Select(o => o.DonorCode).Distinct().CountAsync(ct),
            await db.LedgerEvents.LongCountAsync(ct)) { Accounts = Accounts, Training = trainingSummary, Industry = industry, Technology = technology };
    }

    /// <summary>One account per role, with public passwords: for the demo only, never for real data.</summary>
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("coordinator", "demo-coordinator-pw", Domain.Access.Role.Coordinator, null, null),
        new("poc-jpn", "demo-poc-jpn-pw", Domain.Access.Role.NationalPointOfContact, "JPN", null),
        new("poc-usa", "demo-poc-usa-pw", Domain.Access.Role.NationalPointOfContact, "USA", null),
        new("recipient", "demo-recipient-pw", Domain.Access.Role.RecipientOfficer, "UKR", null),
        new("auditor", "demo-auditor-pw1", Domain.Access.Role.Auditor, null, null),
        new("industry", "demo-industry-pw", Domain.Access.Role.IndustryRepresentative, null, Industry.IndustryDemo.IndustryAccountCompany),
    ];

    private static IProgress<(double, string)>? Scaled(IProgress<(double Fraction, string Text)>? inner, double from, double to)
        => inner is null ? null : new Progress<(double Fraction, string Text)>(p => inner.Report((from + (to - from) * p.Fraction, p.Text)));

    private async Task<int> UpsertNations(CancellationToken ct)
    {
        var existing = await db.Nations.ToDictionaryAsync(n => n.Code, ct);
        var count = 0;
        await using var stream = EmbeddedData.Open("demo/nations.csv");
        using var csv = CsvDataReader.Create(new StreamReader(stream));
        while (await csv.ReadAsync(ct))
        {
            var code = csv.GetString(csv.GetOrdinal("code"));
            var name = csv.GetString(csv.GetOrdinal("name"));
            var status = Enum.Parse<NationStatus>(csv.GetString(csv.GetOrdinal("status")));
            var nonLethal = bool.Parse(csv.GetString(csv.GetOrdinal("non_lethal_only")));
            var forbidden = Split(csv.GetString(csv.GetOrdinal("forbidden_categories")));
            var licence = Split(csv.GetString(csv.GetOrdinal("licence_required_categories")));
            if (!existing.TryGetValue(code, out var nation))
            {
                nation = new Nation(code, name, status);
                db.Nations.Add(nation);
            }
            nation.Rename(name);
            nation.ChangeStatus(status);
            nation.SetPolicy(nonLethal, forbidden, licence);
            count++;
        }
        return count;
    }

    private async Task<int> UpsertHubs(CancellationToken ct)
    {
        var existing = await db.Hubs.ToDictionaryAsync(h => h.Code, ct);
        var count = 0;
        await using var stream = EmbeddedData.Open("demo/hubs.csv");
        using var csv = CsvDataReader.Create(new StreamReader(stream));
        while (await csv.ReadAsync(ct))
        {
            var code = csv.GetString(csv.GetOrdinal("code"));
            var name = csv.GetString(csv.GetOrdinal("name"));
            var capacity = decimal.Parse(csv.GetString(csv.GetOrdinal("weekly_capacity_tonnes")), CultureInfo.InvariantCulture);
            if (!existing.TryGetValue(code, out var hub))
            {
                hub = new Hub(code, name, csv.GetString(csv.GetOrdinal("nation")), capacity);
                db.Hubs.Add(hub);
            }
            hub.Update(name, capacity);
            hub.SetTransit(int.Parse(csv.GetString(csv.GetOrdinal("inbound_weeks")), CultureInfo.InvariantCulture),
                int.Parse(csv.GetString(csv.GetOrdinal("outbound_weeks")), CultureInfo.InvariantCulture));
            count++;
        }
        return count;
    }

    private static string[] Split(string s) => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
