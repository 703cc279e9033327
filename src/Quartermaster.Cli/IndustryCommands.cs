using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Quartermaster.Application.Common;
using Quartermaster.Application.Funding;
using Quartermaster.Application.Industry;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Industry;

namespace Quartermaster.Cli;

/// <summary>qm industry (companies, products, production orders) and qm pools (funding pools and who paid for what).</summary>
public static class IndustryCommands
{
    public static Command Industry()
    {
        var nation = new Option<string?>("--nation") { Description = "Only companies of this nation (e.g. JPN)" };
        var companies = new Command("companies", "List the companies and their vetting") { nation };
        companies.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            TextTable.Write(["code", "name", "nation", "vetting", "products", "note"],
                (await new CompaniesService(db).List(Shell.Actor(p), p.GetValue(nation), ct))
                .Select(c => (IReadOnlyList<string>)[c.Code, c.Name, c.Nation, c.Vetting, c.Products.ToString(), c.VettingNote ?? ""]), new HashSet<int> { 4 });
            return 0;
        }));

        var code = new Argument<string>("CODE") { Description = "The company code (lower-case letters, digits, '-')" };
        var name = new Option<string>("--name") { Description = "The company's name", Required = true };
        var cnation = new Option<string>("--nation") { Description = "The company's nation (ISO alpha-3)", Required = true };
        var addCompany = new Command("add-company", "Create a company (vetting Pending)") { code, name, cnation };
        addCompany.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var c = await new CompaniesService(db).Create(Shell.Actor(p), new CompanyInput(p.GetValue(code), p.GetValue(name), p.GetValue(cnation)), ct);
            Console.WriteLine($"Company {c.Code} ({c.Name}, {c.Nation}) created; vetting {c.Vetting}.");
            return 0;
        }));

        var vcode = new Argument<string>("CODE") { Description = "The company code" };
        var status = new Option<VettingStatus>("--status") { Description = "Approved or Suspended", Required = true };
        var note = new Option<string?>("--note") { Description = "Why (required to suspend)" };
        var vet = new Command("vet", "Set a company's vetting status") { vcode, status, note };
        vet.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new CompaniesService(db);
            var actor = Shell.Actor(p);
            var c = await service.Get(actor, p.GetValue(vcode)!, ct);
            c = await service.SetVetting(actor, c.Code, c.Version, new VettingInput(p.GetValue(status), p.GetValue(note)), ct);
            Console.WriteLine($"Company {c.Code}: {c.Vetting}.");
            return 0;
        }));

        var company = new Option<string?>("--company") { Description = "Only this company's (code)" };
        var products = new Command("products", "List the products: price, capacity per month, lead time, minimum order, stock") { company };
        products.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            TextTable.Write(["id", "company", "item", "lethal", "unit price", "capacity/month", "lead weeks", "min order", "earliest start", "stock"],
                (await new ProductsService(db).List(Shell.Actor(p), p.GetValue(company), null, ct)).Select(x => (IReadOnlyList<string>)
                [
                    x.Id.ToString(), x.CompanyCode, x.ItemCode, x.ItemIsLethal ? "yes" : "no", Shell.Money(x.UnitPrice, x.Currency), x.CapacityPerMonth.ToString("N0"),
                    x.LeadTimeWeeks.ToString(), x.MinimumOrder.ToString("N0"), x.EarliestStart?.ToString("yyyy-MM-dd") ?? "", x.StockOnHand.ToString("N0"),
                ]), new HashSet<int> { 4, 5, 6, 7, 9 });
            return 0;
        }));

        var pcompany = new Option<string>("--company") { Description = "The company (code)", Required = true };
        var item = new Option<string>("--item") { Description = "The catalogue item (code)", Required = true };
        var price = new Option<decimal>("--price") { Description = "Unit price", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 currency of the price", DefaultValueFactory = _ => "EUR" };
        var capacity = new Option<int>("--capacity") { Description = "Units per month (0: stock only)", Required = true };
        var lead = new Option<int>("--lead-weeks") { Description = "Weeks from contract to first units", Required = true };
        var min = new Option<int>("--min-order") { Description = "Smallest order", DefaultValueFactory = _ => 1 };
        var earliest = new Option<DateOnly?>("--earliest-start") { Description = "First day production can start (yyyy-MM-dd)" };
        var stock = new Option<int>("--stock") { Description = "Units in stock for immediate sale", DefaultValueFactory = _ => 0 };
        var addProduct = new Command("add-product", "Offer a catalogue item from a company") { pcompany, item, price, currency, capacity, lead, min, earliest, stock };
        addProduct.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var x = await new ProductsService(db).Create(Shell.Actor(p), new ProductInput(p.GetValue(pcompany), p.GetValue(item), p.GetValue(price), p.GetValue(currency),
                p.GetValue(capacity), p.GetValue(lead), p.GetValue(min), p.GetValue(earliest), p.GetValue(stock)), ct);
            Console.WriteLine($"Product {x.Id}: {x.CompanyCode} offers {x.ItemName} at {Shell.Money(x.UnitPrice, x.Currency)}, {x.CapacityPerMonth:N0}/month after {x.LeadTimeWeeks} weeks.");
            return 0;
        }));

        var ocompany = new Option<string?>("--company") { Description = "Only this company's orders (code)" };
        var state = new Option<OrderState?>("--state") { Description = "Only orders in this state (Proposed, Contracted, InProduction, Delivered, Cancelled)" };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var orders = new Command("orders", "List the production orders with their schedule against deliveries") { ocompany, state, format };
        orders.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var list = await new OrdersService(db).List(Shell.Actor(p), p.GetValue(ocompany), p.GetValue(state), null, ct);
            if (p.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(list, Shell.Json));
                return 0;
            }
            TextTable.Write(["id", "company", "item", "qty", "delivered", "value", "state", "schedule", "requirement"],
                list.Select(o => (IReadOnlyList<string>)
                [
                    o.Id.ToString(), o.CompanyCode, o.ItemCode, o.Quantity.ToString("N0"), o.QuantityDelivered.ToString("N0"), Shell.Money(o.Value, o.Currency), o.State,
                    string.Join(" ", o.Schedule.Where(s => s.Due > 0).Select(s => $"{s.Month}:{s.Due}")),
                    o.RequirementId is null ? "" : o.RequirementClosed ? "closed (received)" : $"open ({o.RequirementStatus})",
                ]), new HashSet<int> { 3, 4, 5 }, whole: new HashSet<int> { 0 });
            return 0;
        }));

        Command Step(string verb, string description, Func<OrdersService, Domain.Ledger.Actor, ProductionOrderView, ParseResult, CancellationToken, Task<ProductionOrderView>> act, params Option[] options)
        {
            var id = new Argument<Guid>("ORDER-ID") { Description = "The order (see qm industry orders)" };
            var cmd = new Command(verb, description) { id };
            foreach (var o in options) cmd.Options.Add(o);
            cmd.SetAction(Shell.Guarded(async (p, ct) =>
            {
                await using var db = await Shell.OpenAsync(p, ct);
                var service = new OrdersService(db);
                var actor = Shell.Actor(p);
                var o = await act(service, actor, await service.Get(actor, p.GetValue(id), ct), p, ct);
                Console.WriteLine($"Order {o.Id} ({o.CompanyCode}, {o.Quantity:N0} × {o.ItemCode}): {o.State}, {o.QuantityDelivered:N0} delivered; "
                                  + string.Join("; ", o.Funding.Select(f => $"{f.DonorCode} paid {Shell.Money(f.Paid, o.Currency)}, committed {Shell.Money(f.Committed, o.Currency)}")) + ".");
                return 0;
            }));
            return cmd;
        }
        var quantity = new Option<int>("--quantity") { Description = "Units received", Required = true };
        var on = new Option<DateOnly?>("--on") { Description = "Date received (default today)" };
        var pledge = new Option<Guid>("--pledge") { Description = "The contribution (funding pledge id) paid", Required = true };
        var amount = new Option<decimal>("--amount") { Description = "Amount in the order's currency", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why the order is cancelled", Required = true };
        var order = new Command("order", "Move a production order along: contract, start, deliver, pay, cancel")
        {
            Step("contract", "Proposed → Contracted", (s, a, o, _, ct) => s.Contract(a, o.Id, o.Version, ct)),
            Step("start", "Contracted → InProduction", (s, a, o, _, ct) => s.StartProduction(a, o.Id, o.Version, ct)),
            Step("deliver", "Record units received (paid pro rata; Delivered when all are in)", (s, a, o, p, ct) => s.Deliver(a, o.Id, o.Version, new DeliveryInput(p.GetValue(quantity), p.GetValue(on)), ct), quantity, on),
            Step("pay", "A milestone payment to one contribution's share, never above what it commits", (s, a, o, p, ct) => s.Pay(a, o.Id, o.Version, new PaymentInput(p.GetValue(pledge), p.GetValue(amount)), ct), pledge, amount),
            Step("cancel", "Cancel the order (its unpaid money is released)", (s, a, o, p, ct) => s.Cancel(a, o.Id, o.Version, new CancelInput(p.GetValue(reason)), ct), reason),
        };
        return new Command("industry", "Companies, products and production orders") { companies, addCompany, vet, products, addProduct, orders, order };
    }

    public static Command Pools()
    {
        var list = new Command("list", "The funding pools with their balances (pledged, committed, paid, remaining)");
        list.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            TextTable.Write(["id", "code", "name", "purpose", "currency", "pledged", "committed", "paid", "remaining"],
                (await new FundingPoolsService(db).List(Shell.Actor(p), ct)).Select(x => (IReadOnlyList<string>)
                [
                    x.Id.ToString(), x.Code, x.Name, x.Purpose, x.Currency, x.Total.Pledged.ToString("N2"), x.Total.Committed.ToString("N2"), x.Total.Paid.ToString("N2"), x.Total.Remaining.ToString("N2"),
                ]), new HashSet<int> { 5, 6, 7, 8 });
            return 0;
        }));
        var format = new Option<string>("--format") { Description = "table, csv or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var report = new Command("report", "Per pool, who paid (or committed) how much for what; per nation, what its pooled money bought") { format };
        report.SetAction(Shell.Guarded(async (p, ct) =>
        {
            await using var db = await Shell.OpenAsync(p, ct);
            var r = await new PoolsReport(db).Build(Shell.Actor(p), ct);
            switch (p.GetValue(format))
            {
                case "csv": Console.Write(TableExport.Csv(PoolsReport.Columns, r.Payments)); break;
                case "json": Console.WriteLine(JsonSerializer.Serialize(r, Shell.Json)); break;
                default:
                    foreach (var pool in r.Pools)
                    {
                        Console.WriteLine($"{pool.Name} [{pool.Code}, {pool.Purpose}]: pledged {Shell.Money(pool.Total.Pledged, pool.Currency)}, committed {Shell.Money(pool.Total.Committed, pool.Currency)}, "
                                          + $"paid {Shell.Money(pool.Total.Paid, pool.Currency)}, remaining {Shell.Money(pool.Total.Remaining, pool.Currency)}");
                        var rows = r.Payments.Where(x => x.PoolCode == pool.Code).ToList();
                        if (rows.Count > 0)
                            TextTable.Write(["donor", "company", "item", "lethal", "qty", "order state", "committed", "paid"],
                                rows.Select(x => (IReadOnlyList<string>)[x.DonorCode, x.CompanyCode, x.ItemCode, x.ItemIsLethal ? "yes" : "no", x.Quantity.ToString("N0"), x.OrderState,
                                    x.Committed.ToString("N2"), x.Paid.ToString("N2")]), new HashSet<int> { 4, 6, 7 });
                    }
                    Console.WriteLine("Per nation (EUR):");
                    TextTable.Write(["nation", "pledged", "committed", "paid", "bought"],
                        r.ByNation.Select(n => (IReadOnlyList<string>)[n.DonorCode, n.PledgedEur.ToString("N0"), n.CommittedEur.ToString("N0"), n.PaidEur.ToString("N0"), string.Join(", ", n.Bought)]),
                        new HashSet<int> { 1, 2, 3 });
                    Console.WriteLine("Demo companies, pools and orders are illustrative.");
                    break;
            }
            return 0;
        }));
        return new Command("pools", "Funding pools: balances, and who paid for what") { list, report };
    }
}
