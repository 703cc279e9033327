using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Quartermaster.Application.Demo;
using Quartermaster.Application.Import;
using Quartermaster.Application.Importing;
using Quartermaster.Application.Ledger;
using Quartermaster.Application.Reports;
using Quartermaster.Web.Hosting;
using Spectre.Console;

namespace Quartermaster.Cli;

/// <summary>The qm command line: serve, demo, import, report, ledger.</summary>
public static class QmCommand
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Quartermaster: coordination of multinational security assistance.");
        root.Options.Add(Shell.Db);
        root.Options.Add(Shell.Operator);
        root.Subcommands.Add(Serve());
        root.Subcommands.Add(Demo());
        root.Subcommands.Add(DbCommand.Build());
        root.Subcommands.Add(Import());
        root.Subcommands.Add(Report());
        root.Subcommands.Add(LedgerCommand.Build());
        root.Subcommands.Add(PlanCommand.Build());
        root.Subcommands.Add(AccessCommands.Users());
        root.Subcommands.Add(AccessCommands.Tokens());
        root.Subcommands.Add(DeliveryCommands.Shipments());
        root.Subcommands.Add(DeliveryCommands.Receipts());
        root.Subcommands.Add(DeliveryCommands.Inventory());
        root.Subcommands.Add(DeliveryCommands.Accountability());
        root.Subcommands.Add(TrainingCommands.Readiness());
        root.Subcommands.Add(TrainingCommands.Training());
        root.Subcommands.Add(IndustryCommands.Industry());
        root.Subcommands.Add(IndustryCommands.Pools());
        root.Subcommands.Add(PackagesCommands.Packages());
        root.Subcommands.Add(TechnologyCommands.Technology());
        root.Subcommands.Add(DeliveryCommands.Events());
        return root;
    }

    /// <summary>Parses and runs; an argument error is one line on stderr and exit code 2, never the whole help.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"qm: error: {Errors.Describe(parse)}");
            return Errors.UsageExitCode;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Where the web server listens",
        DefaultValueFactory = _ => "http://127.0.0.1:5080",
    };

    private static Command Serve()
    {
        var cmd = new Command("serve", "Serve the web UI and the REST API (/api/v1, OpenAPI at /openapi/v1.json)") { Urls };
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var target = Shell.ExistingTarget(p);
            await RunServer(target, p.GetValue(Urls)!, ct, production: true);
            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// <c>qm serve</c> logs one line per request and prints metrics to the console every five minutes unless configuration
    /// chooses otherwise (README, Operations); <c>qm demo</c> stays quiet unless configured.
    /// </summary>
    private static async Task RunServer(Storage.DatabaseTarget target, string urls, CancellationToken ct, bool production = false)
    {
        var app = await WebApp.CreateAsync(new WebOptions(target, urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            LogRequestsByDefault = production,
            DefaultTelemetryExporter = production ? TelemetryExporter.Console : TelemetryExporter.None,
        }, ct);
        await app.StartAsync(ct);
        Console.WriteLine($"Quartermaster is serving {string.Join(", ", app.Urls)} (database: {target.Display}). Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct);
    }

    private static Command Demo()
    {
        var noServe = new Option<bool>("--no-serve") { Description = "Load the demo data only; do not start the web server" };
        var cmd = new Command("demo", "Create or refresh the demo database (Kiel Ukraine Support Tracker release 7, illustrative requirements, two hubs) and serve it")
        {
            Urls, noServe,
        };
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var target = Shell.Target(p);
            DemoSummary summary;
            await using (var db = await Shell.OpenAsync(p, ct, create: true))
                summary = await Shell.WithProgress("Loading demo", report =>
                    new DemoLoader(db) { ConfirmPlan = true }.Load(Shell.Actor(p), new SyncProgress(report), ct));
            DeliveryDemoSummary delivery;
            await using (var db = await Shell.OpenAsync(p, ct))
                delivery = await Shell.WithProgress("Delivery chain", _ => new DeliveryDemo(db).Load(Shell.Actor(p), ct));
            Console.WriteLine($"Demo database: {target.Display}");
            Console.WriteLine($"  {summary.Nations} nations, {summary.Hubs} hubs, {summary.Catalogue.Rows} catalogue items, "
                              + $"{summary.Offers.Rows} pledge lines in {summary.Packages} packages from {summary.Donors} donors, "
                              + $"{summary.Requirements.Rows} illustrative requirements; {summary.LedgerEvents} ledger events.");
            Console.WriteLine($"  This run: catalogue {Changes(summary.Catalogue)}; pledge lines {Changes(summary.Offers)}; requirements {Changes(summary.Requirements)}.");
            if (summary.Training is { } t)
                Console.WriteLine($"  Training (illustrative): {t.Courses} courses, {t.SustainmentNeeds} sustainment needs, {t.Sites} sites, {t.Cohorts} cohorts"
                                  + (t.PlanConfirmed ? "; an allocation plan was computed and confirmed so that readiness has planned arrivals." : "."));
            if (summary.Industry is { } ind)
                Console.WriteLine($"  Industry (illustrative): {ind.Companies} companies, {ind.Products} products, {ind.Pools} funding pools, "
                                  + $"{ind.Contributions} contributions, {ind.Orders} production orders, {ind.Packages} funded package(s) (qm packages list).");
            if (summary.Technology is { } tech)
                Console.WriteLine($"  Dual-use technology (illustrative): {tech.Projects} projects among {tech.Companies} demo companies ({tech.CompaniesCreated} created this run); one released to JPN, one not.");
            Console.WriteLine($"  Source: {DemoLoader.Citation}");
            Console.WriteLine($"  Delivery (ILLUSTRATIVE, references {DeliveryDemo.Prefix}…): {(delivery.PlanConfirmed ? "a plan was confirmed; " : "")}{delivery.Shipments} shipments, "
                              + $"{delivery.Receipts} receipts, {delivery.Discrepancies} discrepancies, {delivery.InCustody} serials in custody, {delivery.Delinquent} delinquent.");
            Console.WriteLine("  Demo accounts (FOR THE DEMO ONLY; the passwords are public):");
            foreach (var a in summary.Accounts)
                Console.WriteLine($"    {a.UserName,-12} password {a.Password,-22} {a.Role}{(a.Nation is null ? "" : " " + a.Nation)}{(a.Company is null ? "" : " " + a.Company)}");
            if (p.GetValue(noServe)) return 0;
            await RunServer(target, p.GetValue(Urls)!, ct);
            return 0;
        }));
        return cmd;
    }

    private static string Changes(ImportSummary s) => $"{s.Created} created, {s.Updated} updated, {s.Unchanged} unchanged";

    private static Command Import()
    {
        var cmd = new Command("import", "Import a CSV or XLSX file: all or nothing, re-import is idempotent");
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            var file = new Argument<FileInfo>("FILE") { Description = "The CSV or XLSX file" };
            var mapping = new Option<string?>("--mapping")
            {
                Description = "A built-in mapping name (e.g. kiel-ust-main) or a mapping JSON file; default: the standard layout",
            };
            var illustrative = new Option<bool>("--illustrative") { Description = "Mark imported requirements as illustrative" };
            var encoding = new Option<string?>("--encoding")
            {
                Description = "The CSV text's encoding when it is not UTF-8 (e.g. windows-1252, iso-8859-1); default: UTF-8, checked",
            };
            var sub = new Command(kind.ToString().ToLowerInvariant(), $"Import {kind.ToString().ToLowerInvariant()}") { file, mapping, encoding };
            if (kind == ImportKind.Requirements) sub.Options.Add(illustrative);
            Remote.AddTo(sub);
            sub.SetAction(Shell.Guarded(async (p, ct) =>
            {
                var info = p.GetValue(file)!;
                if (!info.Exists) return Shell.Fail($"{info.FullName}: no such file");
                if (Remote.IsRemote(p))
                {
                    using var http = Remote.Client(p);
                    // A mapping file is read here, on the user's machine, and sent with the data file; a server never opens a path.
                    using var content = new MultipartFormDataContent();
                    content.Add(new StreamContent(info.OpenRead()), "file", info.Name);
                    if (p.GetValue(mapping) is { } m)
                    {
                        if (File.Exists(m)) content.Add(new ByteArrayContent(await File.ReadAllBytesAsync(m, ct)), "mapping", Path.GetFileName(m));
                        else content.Add(new StringContent(m), "mapping");
                    }
                    var query = $"api/v1/import/{kind.ToString().ToLowerInvariant()}" + (p.GetValue(encoding) is { } e ? $"?encoding={Uri.EscapeDataString(e)}" : "");
                    var answer = Remote.Json(await Remote.Read(await http.PostAsync(query, content, ct), ct));
                    Console.WriteLine($"Imported {answer["file"]} as {answer["target"]} on {p.GetValue(Remote.Server)} (mapping {answer["mapping"]}): "
                                      + $"{answer["rows"]} rows, {answer["created"]} created, {answer["updated"]} updated, {answer["unchanged"]} unchanged.");
                    foreach (var w in answer["warnings"]?.AsArray() ?? []) Console.WriteLine($"  warning: {w}");
                    return 0;
                }
                var text = Application.Import.TextEncodings.Parse(p.GetValue(encoding));
                await using var db = await Shell.OpenAsync(p, ct);
                await using var stream = info.OpenRead();
                var summary = await Shell.WithProgress($"Importing {info.Name}", report =>
                    new ImportService(db).Import(Shell.Actor(p), kind, stream, info.Name, LocalMapping(kind, p.GetValue(mapping)),
                        new ImportOptions { Illustrative = p.GetValue(illustrative), Encoding = text, Progress = new SyncProgress(report) }, ct));
                Console.WriteLine($"Imported {summary.File} as {summary.Target} (mapping {summary.Mapping}): {summary.Rows} rows, {Changes(summary)}.");
                foreach (var w in summary.Warnings) Console.WriteLine($"  warning: {w}");
                return 0;
            }));
            cmd.Subcommands.Add(sub);
        }
        return cmd;
    }

    /// <summary>The command line reads local mapping files (the user's own machine); any other value names a built-in mapping.</summary>
    private static ImportMapping LocalMapping(ImportKind kind, string? mapping)
    {
        if (mapping is null || !File.Exists(mapping)) return ImportService.ResolveMapping(kind, mapping);
        using var stream = File.OpenRead(mapping);
        return ImportMapping.Parse(stream, Path.GetFileName(mapping));
    }

    private static Command Report()
    {
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var burden = new Command("burden-sharing", "Announced vs delivered in euros, per donor and aid type (long format)") { format };
        Remote.AddTo(burden);
        burden.SetAction(Shell.Guarded(async (p, ct) =>
        {
            if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                var fmt = p.GetValue(format) == "csv" ? "csv" : "json";
                var body = await Remote.Read(await http.GetAsync($"api/v1/reports/burden-sharing?format={fmt}", ct), ct);
                if (p.GetValue(format) != "table") { Console.Write(body); return 0; }
                TextTable.Write(["donor", "donor_name", "aid_type", "announced_eur", "delivered_eur"],
                    Remote.Json(body).AsArray().Select(r => (IReadOnlyList<string>)[$"{r!["donor"]}", $"{r["donor_name"]}", $"{r["aid_type"]}",
                        r["announced_eur"]!.GetValue<decimal>().ToString("N0"), r["delivered_eur"]!.GetValue<decimal>().ToString("N0")]),
                    new HashSet<int> { 3, 4 });
                return 0;
            }
            await using var db = await Shell.OpenAsync(p, ct);
            var rows = await new ReportsService(db).BurdenSharing(ct);
            switch (p.GetValue(format))
            {
                case "csv":
                    Console.Write(BurdenSharingCsv.Write(rows));
                    break;
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
                    {
                        donor = r.Donor, donor_name = r.DonorName, aid_type = r.AidType, announced_eur = r.AnnouncedEur,
                        delivered_eur = r.DeliveredEur, packages = r.Packages, lines = r.Lines, lines_undisclosed = r.LinesUndisclosed,
                    }), new JsonSerializerOptions { WriteIndented = true }));
                    break;
                default:
                    TextTable.Write(["donor", "donor_name", "aid_type", "announced_eur", "delivered_eur", "packages", "lines"],
                        rows.Select(r => (IReadOnlyList<string>)[r.Donor, r.DonorName, r.AidType, r.AnnouncedEur.ToString("N0"), r.DeliveredEur.ToString("N0"),
                            r.Packages.ToString(), r.Lines.ToString()]),
                        new HashSet<int> { 3, 4, 5, 6 });
                    Console.WriteLine($"Totals: announced EUR {rows.Sum(r => r.AnnouncedEur):N0}, delivered EUR {rows.Sum(r => r.DeliveredEur):N0}.");
                    break;
            }
            return 0;
        }));
        return new Command("report", "Reports") { burden };
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool and lag behind).</summary>
    private sealed class SyncProgress(Action<double, string> report) : IProgress<(double Fraction, string Text)>
    {
        public void Report((double Fraction, string Text) value) => report(value.Fraction, value.Text);
    }
}
