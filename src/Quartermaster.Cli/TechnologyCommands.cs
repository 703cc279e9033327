using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartermaster.Application.Technology;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Technology;
using Spectre.Console;

namespace Quartermaster.Cli;

/// <summary>qm technology: dual-use technology projects, their readiness history and technical data (the local operator acts for the cell).</summary>
public static class TechnologyCommands
{
    private static readonly TechnologyViewer Cell = new(Role.Coordinator, null);

    public static Command Technology()
    {
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var domain = new Option<TechnologyDomain?>("--domain") { Description = "Only projects of this domain (AI, UncrewedSystems, Quantum, Space, ElectronicWarfare, Cyber, Other)" };
        var company = new Option<string?>("--company") { Description = "Only projects this company (its code) takes part in" };
        var minTrl = new Option<int?>("--min-trl") { Description = "Only projects at this technology readiness level or higher" };
        var projects = new Command("projects", "List the dual-use technology projects") { domain, company, minTrl, format };
        projects.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var list = await new ProjectsService(db, new TechnologyAccess(db)).List(Cell, new ProjectFilter(p.GetValue(domain), p.GetValue(company), null, p.GetValue(minTrl)), ct);
            if (p.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(list, Shell.Json));
                return 0;
            }
            var table = new Table().AddColumns("code", "title", "domain", "TRL", "lead", "classification", "releasable to");
            foreach (var x in list)
                table.AddRow(x.Code, Markup.Escape(x.Title), x.Domain, x.Trl?.ToString() ?? "", Markup.Escape(x.Participants?.FirstOrDefault(c => c.Lead)?.CompanyCode ?? ""),
                    Classification(x), string.Join(", ", x.ReleasableTo ?? []));
            AnsiConsole.Write(table);
            if (list.Any(x => x.Illustrative)) Console.WriteLine("Projects marked illustrative are demo records, not real programmes.");
            return 0;
        }));

        var project = new Argument<string>("PROJECT") { Description = "The project's code or id (see qm technology projects)" };
        var show = new Command("show", "One project: companies, classification, readiness history, milestones, technical data") { project, format };
        show.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var x = await new ProjectsService(db, new TechnologyAccess(db)).Get(p.GetValue(project)!, Cell, ct);
            if (p.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(x, Shell.Json));
                return 0;
            }
            Console.WriteLine(Describe(x));
            return 0;
        }));

        var tproject = new Argument<string>("PROJECT") { Description = "The project's code or id" };
        var level = new Option<int>("--level") { Description = "The new technology readiness level (1-9)", Required = true };
        var note = new Option<string>("--note") { Description = "What the change rests on (a test, a review)", Required = true };
        var on = new Option<DateOnly?>("--on") { Description = "The date of the assessment, YYYY-MM-DD (default: today; not in the future, not before the previous change)" };
        var trl = new Command("trl", "Record a new technology readiness level of a project (dated, signed, with a note)") { tproject, level, note, on };
        trl.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new ProjectsService(db, new TechnologyAccess(db));
            var x = await service.Get(p.GetValue(tproject)!, Cell, ct);
            x = await service.ChangeTrl(Shell.Actor(p), x.Id, x.Version!.Value, new TrlInput(p.GetValue(level), p.GetValue(note), p.GetValue(on)), ct);
            Console.WriteLine($"{x.Code} is now at TRL {x.Trl} ({x.TrlHistory!.Count} readiness records).");
            return 0;
        }));
        return new Command("technology", "Dual-use technology projects with export control: list, show, record readiness") { projects, show, trl };
    }

    private static string Classification(ProjectView x)
        => x.Classification is not { } c ? "" : string.Join(", ", new[] { c.MunitionsListEntry, c.DualUseEntry, c.Eccn is null ? null : "ECCN " + c.Eccn }.Where(s => s is not null)) is { Length: > 0 } s ? s : "unclassified";

    public static string Describe(ProjectView x)
    {
        var w = new StringWriter();
        w.WriteLine($"{x.Code}: {x.Title} ({x.Domain}){(x.Illustrative ? " — illustrative" : "")}");
        if (x.Description is { } d) w.WriteLine($"  {d}");
        foreach (var c in x.Participants ?? []) w.WriteLine($"  company: {c.CompanyCode} {c.CompanyName} ({c.Nation}){(c.Lead ? " — lead" : "")}");
        var cl = x.Classification;
        w.WriteLine($"  export classification: {Classification(x)}"
                    + (cl?.MunitionsListTitle is { } mt ? $"; {cl.MunitionsListEntry} = {mt}" : "")
                    + (cl?.DualUseDescription is { } dd ? $"; {cl.DualUseEntry} = {dd}" : ""));
        w.WriteLine($"  technical data releasable to: {(x.ReleasableTo is { Count: > 0 } r ? string.Join(", ", r) : "no nation")}");
        w.WriteLine($"  TRL {x.Trl}");
        foreach (var h in x.TrlHistory ?? []) w.WriteLine($"    {h.On:yyyy-MM-dd} {(h.From is { } f ? $"{f} → " : "")}{h.To} by {h.By}{(h.Note is null ? "" : ": " + h.Note)}");
        foreach (var m in x.Milestones ?? []) w.WriteLine($"  milestone {m.Number}: {m.Title}, due {m.Due:yyyy-MM-dd}{(m.Done is { } done ? $", done {done:yyyy-MM-dd}" : "")}");
        foreach (var t in x.TechnicalData ?? []) w.WriteLine($"  technical data: {t.Title} [{t.Marking}] releasable to {(t.ReleasableTo.Count == 0 ? "no nation" : string.Join(", ", t.ReleasableTo))}{(t.Location is null ? "" : $" (kept at {t.Location})")}");
        return w.ToString().TrimEnd();
    }
}
