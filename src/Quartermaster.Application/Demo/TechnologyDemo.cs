using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Technology;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Technology;
using Quartermaster.Storage;

namespace Quartermaster.Application.Demo;

public sealed record TechnologyDemoSummary(int Companies, int CompaniesCreated, int Projects, int TechnicalDataRecords);

/// <summary>
/// Two illustrative dual-use projects among the demo companies: a small-drone project whose technical data may go to
/// Japan, and a quantum sensing project among German, Dutch and US companies that is not released to Japan (a Japanese
/// point of contact sees only its code, title and domain). Demo companies are looked up by code and created (approved,
/// illustrative) only when missing, so that the industry demo and this one share them. Running it again changes nothing.
/// </summary>
public sealed class TechnologyDemo(QuartermasterDb db)
{
    /// <summary>The demo companies (shared with the industry demo): code, name, nation.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, string Nation)> Companies =
    [
        ("demo-jpn-optics", "Demo Optics KK (illustrative)", "JPN"),
        ("demo-ukr-armour", "Demo Armour Works (illustrative)", "UKR"),
        ("demo-deu-munitions", "Demo Munitionstechnik GmbH (illustrative)", "DEU"),
        ("demo-usa-drones", "Demo Drone Systems Inc. (illustrative)", "USA"),
        ("demo-nld-quantum", "Demo Quantum Sensing BV (illustrative)", "NLD"),
        ("demo-pol-shells", "Demo Shells S.A. (illustrative)", "POL"),
    ];

    public const string DroneProject = "demo-swarm-uas";
    public const string QuantumProject = "demo-quantum-nav";

    public async Task<TechnologyDemoSummary> Load(Actor actor, CancellationToken ct = default)
    {
        var created = await EnsureCompanies(actor, ct);
        var service = new ProjectsService(db, new TechnologyAccess(db));
        var cell = new TechnologyViewer(Role.Coordinator, null);
        var existing = (await service.List(cell, null, ct)).Select(p => p.Code).ToHashSet();
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var records = 0;

        if (!existing.Contains(DroneProject))
        {
            var p = await service.Create(actor, new ProjectInput(DroneProject, "Cooperative small-UAS navigation and target hand-off (illustrative)",
                TechnologyDomain.UncrewedSystems,
                "Illustrative demo project: a US drone maker, a Japanese optics maker and a Ukrainian producer develop a navigation and sensor payload for small uncrewed aircraft. Not a real programme.",
                "demo-usa-drones", ["demo-jpn-optics", "demo-ukr-armour"], Trl: 3, TrlNote: "Component tests in the laboratory.", TrlOn: today.AddMonths(-18),
                MunitionsListEntry: "ML10", Eccn: "9A012", ReleasableTo: ["USA", "JPN", "UKR"],
                Milestones: [new("Payload critical design review", today.AddMonths(-12), today.AddMonths(-11)), new("Flight trials with the Ukrainian producer", today.AddMonths(-2), today.AddMonths(-1)),
                    new("Low-rate initial production decision", today.AddMonths(4))], Illustrative: true), ct);
            p = await service.ChangeTrl(actor, p.Id, p.Version!.Value, new TrlInput(5, "Payload integrated and flown on a test range.", today.AddMonths(-9)), ct);
            p = await service.ChangeTrl(actor, p.Id, p.Version!.Value, new TrlInput(6, "Prototype demonstrated in a relevant environment (flight trials).", today.AddMonths(-1)), ct);
            await service.AddTechnicalData(actor, p.Id, new TechnicalDataInput("Flight trial report FT-3", DataMarking.Restricted, "Document register DS-UAS-0031",
                ["USA", "JPN", "UKR"], true), ct);
            await service.AddTechnicalData(actor, p.Id, new TechnicalDataInput("Optical payload interface control document", DataMarking.Restricted, "Document register DS-UAS-0012",
                ["USA", "JPN"], true), ct);
            await service.AddTechnicalData(actor, p.Id, new TechnicalDataInput("Navigation software source code", DataMarking.Confidential, "Repository of the lead company",
                ["USA"], true), ct);
            records += 3;
        }
        if (!existing.Contains(QuantumProject))
        {
            var p = await service.Create(actor, new ProjectInput(QuantumProject, "Cold-atom inertial sensor for navigation without satellites (illustrative)",
                TechnologyDomain.Quantum,
                "Illustrative demo project: a Dutch quantum-sensing company leads German and US partners on an atom-interferometer inertial sensor. Its technical data is not released to Japan. Not a real programme.",
                "demo-nld-quantum", ["demo-deu-munitions", "demo-usa-drones"], Trl: 2, TrlNote: "Concept formulated.", TrlOn: today.AddMonths(-24),
                DualUseEntry: "7A003", Eccn: "7A003", ReleasableTo: ["NLD", "DEU", "USA"],
                Milestones: [new("Laboratory demonstrator", today.AddMonths(-10), today.AddMonths(-8)), new("Vehicle trial", today.AddMonths(6))], Illustrative: true), ct);
            p = await service.ChangeTrl(actor, p.Id, p.Version!.Value, new TrlInput(4, "Laboratory demonstrator meets its drift target.", today.AddMonths(-8)), ct);
            await service.AddTechnicalData(actor, p.Id, new TechnicalDataInput("Atom-interferometer test results", DataMarking.Confidential, "Document register QN-0007",
                ["NLD", "DEU", "USA"], true), ct);
            await service.AddTechnicalData(actor, p.Id, new TechnicalDataInput("Vacuum cell design", DataMarking.Restricted, "Document register QN-0003",
                ["NLD", "DEU"], true), ct);
            records += 2;
        }
        var projects = await db.TechnologyProjects.CountAsync(p => p.Code == DroneProject || p.Code == QuantumProject, ct);
        return new TechnologyDemoSummary(Companies.Count, created, projects, records);
    }

    /// <summary>Creates (approved, illustrative) the demo companies that are missing; existing ones are left as they are.</summary>
    private Task<int> EnsureCompanies(Actor actor, CancellationToken ct)
        => CommandRunner.Run(db, actor, "demo: companies of the technology projects", async () =>
        {
            var codes = Companies.Select(c => c.Code).ToList();
            var have = await db.Companies.Where(c => codes.Contains(c.Code)).Select(c => c.Code).ToListAsync(ct);
            var n = 0;
            foreach (var (code, name, nation) in Companies.Where(c => !have.Contains(c.Code)))
            {
                var company = new Company(Guid.NewGuid(), code, name, nation);
                company.MarkIllustrative(true);
                company.SetVetting(VettingStatus.Approved, "Illustrative demo company.");
                db.Companies.Add(company);
                n++;
            }
            return n;
        }, ct);
}
