using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;

namespace Quartermaster.Cli;

/// <summary>
/// qm packages: funded packages (a set of requirement lines that a producing nation or company delivers, paid by invited
/// contributions from funding pools). The local operator acts for the cell, as in the other commands; the rules (who may pay
/// for which line, what counts as committed) are the service's, the same as the API's and the pages'.
/// </summary>
public static class PackagesCommands
{
    public static Command Packages()
    {
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var list = new Command("list", "The funded packages: target, value of the lines, accepted money, attributed, unpaid") { format };
        list.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var packages = await new PackagesService(db).List(Shell.Actor(p), ct);
            switch (p.GetValue(format))
            {
                case "json": Console.WriteLine(JsonSerializer.Serialize(packages, Shell.Json)); break;
                case "csv": Console.Write(TableExport.Csv(ListColumns, packages)); break;
                default:
                    TextTable.Write(["id", "name", "state", "producer", "currency", "target", "lines", "accepted", "unpaid"],
                        packages.Select(x => (IReadOnlyList<string>)
                        [
                            x.Id.ToString(), x.Name, x.State, Producer(x), x.Currency, x.TargetValue.ToString("N0"), x.Value.ToString("N0"), x.Accepted.ToString("N0"),
                            x.Unpaid.ToString("N0"),
                        ]), new HashSet<int> { 5, 6, 7, 8 }, whole: new HashSet<int> { 0 });
                    if (packages.Any(x => x.Illustrative)) Console.WriteLine("Packages marked illustrative are demo records.");
                    break;
            }
            return 0;
        }));

        var showId = new Argument<Guid>("PACKAGE-ID") { Description = "The package (see qm packages list)" };
        var showFormat = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        showFormat.AcceptOnlyFromAmong("table", "json");
        var show = new Command("show", "One package: its lines with who pays for each, and its contributions") { showId, showFormat };
        show.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var x = await new PackagesService(db).Get(Shell.Actor(p), p.GetValue(showId), ct);
            if (p.GetValue(showFormat) == "json") Console.WriteLine(JsonSerializer.Serialize(x, Shell.Json));
            else Write(x);
            return 0;
        }));

        var name = new Option<string>("--name") { Description = "The package's name", Required = true };
        var currency = new Option<string>("--currency") { Description = "The package's currency (ISO 4217, e.g. USD)", Required = true };
        var target = new Option<decimal>("--target") { Description = "The target value in the package's currency", Required = true };
        var producerNation = new Option<string?>("--producer-nation") { Description = "The producing nation (ISO alpha-3)" };
        var producerCompany = new Option<string?>("--producer-company") { Description = "The producing company's code (its prices value the lines)" };
        var line = new Option<string[]>("--line")
        {
            Description = "A requirement line: REQUIREMENT-ID[:QUANTITY[:UNIT-VALUE]] (default quantity: what is not yet delivered; default unit value: the company's price). Repeat for each line.",
            Required = true, AllowMultipleArgumentsPerToken = false,
        };
        var description = new Option<string?>("--description") { Description = "What the package is for" };
        var create = new Command("create", "Define a funded package from requirement lines (state Open)") { name, currency, target, producerNation, producerCompany, line, description };
        create.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var lines = (p.GetValue(line) ?? []).Select((text, i) => ParseLine(text, i)).ToList();
            await using var db = await Shell.OpenAsync(p, ct);
            var x = await new PackagesService(db).Create(Shell.Actor(p), new PackageInput(p.GetValue(name), p.GetValue(currency), p.GetValue(target),
                p.GetValue(producerNation), p.GetValue(producerCompany), lines, p.GetValue(description)), ct);
            Console.WriteLine($"Package {x.Id} ({x.Name}) created: {x.Lines.Count} line(s) worth {Shell.Money(x.Value, x.Currency)} against a target of {Shell.Money(x.TargetValue, x.Currency)}.");
            return 0;
        }));

        var pledge = new Option<Guid>("--pledge") { Description = "The contribution (funding pledge id in a pool; see qm pools report --format json)", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "Amount in the package's currency", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the package is cancelled", Required = true };

        Command Step(string verb, string description, Func<PackagesService, Domain.Ledger.Actor, PackageView, ParseResult, CancellationToken, Task<PackageView>> act,
            params Option[] options)
        {
            var id = new Argument<Guid>("PACKAGE-ID") { Description = "The package (see qm packages list)" };
            var cmd = new Command(verb, description) { id };
            foreach (var o in options) cmd.Options.Add(o);
            cmd.SetAction(Shell.Guarded(async (p, ct) =>
            {
                await using var db = await Shell.OpenAsync(p, ct);
                var service = new PackagesService(db);
                var actor = Shell.Actor(p);
                var x = await act(service, actor, await service.Get(actor, p.GetValue(id), ct), p, ct);
                Console.WriteLine($"Package {x.Id} ({x.Name}): {x.State}; accepted {Shell.Money(x.Accepted, x.Currency)}, attributed {Shell.Money(x.Attributed, x.Currency)}, "
                                  + $"unpaid {Shell.Money(x.Unpaid, x.Currency)}.");
                return 0;
            }));
            return cmd;
        }

        var report = new Command("report", "Per package and line, who paid how much (unpaid remainders as donor 'unpaid')") { format };
        report.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var r = await new PackagesReport(db).Build(Shell.Actor(p), ct);
            switch (p.GetValue(format))
            {
                case "csv": Console.Write(TableExport.Csv(PackagesReport.Columns, r.Payments)); break;
                case "json": Console.WriteLine(JsonSerializer.Serialize(r, Shell.Json)); break;
                default:
                    TextTable.Write(["package", "item", "lethal", "qty", "line value", "donor", "amount"],
                        r.Payments.Select(x => (IReadOnlyList<string>)
                        [
                            x.PackageName, x.ItemCode, x.ItemIsLethal ? "yes" : "no", x.Quantity.ToString("N0"), Shell.Money(x.LineValue, x.Currency), x.DonorCode, Shell.Money(x.Amount, x.Currency),
                        ]), new HashSet<int> { 3, 4, 6 });
                    break;
            }
            return 0;
        }));

        return new Command("packages", "Funded packages: requirement lines a producer delivers, paid by contributions from pools")
        {
            list, show, create,
            Step("invite", "Invite a contribution (a pledge in a pool) to put an amount into the package", (s, a, x, p, ct) =>
                s.Invite(a, x.Id, x.Version, new PackageInvitationInput(p.GetValue(pledge), p.GetValue(amount)), ct), pledge, amount),
            Step("accept", "Accept an invitation for the donor (its money is then committed)", (s, a, x, p, ct) => s.Accept(a, x.Id, p.GetValue(pledge), x.Version, ct), pledge),
            Step("decline", "Decline an invitation for the donor", (s, a, x, p, ct) => s.Decline(a, x.Id, p.GetValue(pledge), x.Version, ct), pledge),
            Step("close", "Close the package's funding (Open → Closed; its accepted money stays committed)", (s, a, x, _, ct) => s.Close(a, x.Id, x.Version, ct)),
            Step("cancel", "Cancel the package (its accepted money is released)", (s, a, x, p, ct) => s.Cancel(a, x.Id, x.Version, new PackageReasonInput(p.GetValue(reason)), ct), reason),
            report,
        };
    }

    private static readonly IReadOnlyList<ExportColumn<PackageView>> ListColumns =
    [
        new("id", x => x.Id), new("name", x => x.Name), new("state", x => x.State), new("currency", x => x.Currency), new("producer_nation", x => x.ProducerNation),
        new("producer_company", x => x.ProducerCompanyCode), new("target_value", x => x.TargetValue), new("lines_value", x => x.Value), new("accepted", x => x.Accepted),
        new("attributed", x => x.Attributed), new("unpaid", x => x.Unpaid), new("illustrative", x => x.Illustrative),
    ];

    private static string Producer(PackageView x) => x.ProducerCompanyName is { } c ? $"{c} ({x.ProducerNation})" : x.ProducerNation ?? "";

    /// <summary>REQUIREMENT-ID[:QUANTITY[:UNIT-VALUE]]; a malformed line names itself (its position and the part that is wrong).</summary>
    internal static PackageLineInput ParseLine(string text, int index)
    {
        var field = $"--line {index + 1} ('{text}')";
        var parts = text.Split(':');
        if (parts.Length > 3) throw new RequestException(field, "Write a line as REQUIREMENT-ID[:QUANTITY[:UNIT-VALUE]].");
        if (!Guid.TryParse(parts[0], out var id)) throw new RequestException(field, $"'{parts[0]}' is not a requirement id.");
        int? quantity = null;
        if (parts.Length > 1 && parts[1].Length > 0)
            quantity = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var q) && q > 0
                ? q : throw new RequestException(field, $"The quantity '{parts[1]}' is not a whole number greater than zero.");
        decimal? unit = null;
        if (parts.Length > 2 && parts[2].Length > 0)
            unit = decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var u) && u > 0
                ? u : throw new RequestException(field, $"The unit value '{parts[2]}' is not a number greater than zero (use '.' for decimals).");
        return new PackageLineInput(id, quantity, unit);
    }

    private static void Write(PackageView x)
    {
        Console.WriteLine($"{x.Name} [{x.State}{(x.Illustrative ? ", illustrative" : "")}] {x.Id}");
        if (x.Description is { } d) Console.WriteLine(d);
        Console.WriteLine($"Producer {Producer(x)}; created {x.CreatedOn:yyyy-MM-dd}; target {Shell.Money(x.TargetValue, x.Currency)}; lines {Shell.Money(x.Value, x.Currency)}; "
                          + $"accepted {Shell.Money(x.Accepted, x.Currency)}; attributed {Shell.Money(x.Attributed, x.Currency)}; unpaid {Shell.Money(x.Unpaid, x.Currency)}."
                          + (x.CancelReason is { } r ? $" Cancelled: {r}" : ""));
        Console.WriteLine("Lines:");
        TextTable.Write(["requirement", "item", "lethal", "qty", "unit value", "value", "paid by", "unpaid"],
            x.Lines.Select(l => (IReadOnlyList<string>)
            [
                l.RequirementId.ToString(), l.ItemName, l.IsLethal ? "yes" : "no", l.Quantity.ToString("N0"), Shell.Money(l.UnitValue, x.Currency), Shell.Money(l.Value, x.Currency),
                string.Join(", ", l.PaidBy.Select(b => $"{b.DonorCode} {b.Amount:N2}")), Shell.Money(l.Unpaid, x.Currency),
            ]), new HashSet<int> { 3, 4, 5, 7 }, whole: new HashSet<int> { 0 });
        Console.WriteLine("Contributions:");
        TextTable.Write(["pledge", "donor", "pool", "state", "amount", "in pool currency", "non-lethal only", "attributed"],
            x.Contributions.Select(c => (IReadOnlyList<string>)
            [
                c.PledgeId?.ToString() ?? "(others)", c.DonorCode, c.PoolCode ?? "", c.State, Shell.Money(c.Amount, x.Currency), Shell.Money(c.PoolAmount, c.PoolCurrency),
                c.NonLethalOnly ? "yes" : "no", Shell.Money(c.Attributed, x.Currency),
            ]), new HashSet<int> { 4, 5, 7 }, whole: new HashSet<int> { 0 });
    }
}
