using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Import;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Domain.Common;
using Quartermaster.Storage;

namespace Quartermaster.Application.Importing;

/// <summary>The stored dated exchange-rate table.</summary>
public sealed class ExchangeRatesService(QuartermasterDb db)
{
    /// <summary>The rates the Kiel tracker used for release 7 (ECB averages 6 Sep – 6 Oct 2022), valid from 2022-01-01.</summary>
    public static readonly DateOnly BaselineValidFrom = new(2022, 1, 1);

    public async Task<ExchangeRateTable> Table(CancellationToken ct = default)
        => new((await db.ExchangeRates.AsNoTracking().ToListAsync(ct)).Select(r => r.ToDomain()));

    /// <summary>
    /// Adds the baseline rates when the table is empty. Call inside a command: the rows are ledgered with it.
    /// Returns whether anything was added.
    /// </summary>
    public async Task<bool> EnsureBaseline(CancellationToken ct = default)
    {
        if (await db.ExchangeRates.AnyAsync(ct)) return false;
        await using var stream = EmbeddedData.Open("kiel-ust-release7/exchange_rates.csv");
        foreach (var rate in ExchangeRatesCsv.Parse(stream, BaselineValidFrom))
            db.ExchangeRates.Add(new ExchangeRateRecord
            {
                Currency = rate.Currency.Code,
                ValidFrom = rate.ValidFrom,
                UnitsPerEur = rate.UnitsPerEur,
                Basis = "Kiel Ukraine Support Tracker release 7: " + rate.Basis,
            });
        return true;
    }

    /// <summary>The currency <paramref name="code"/>, if the rate table can convert it (see <see cref="ExchangeRateTable.Require"/>). Call inside a command.</summary>
    public async Task<Currency> Require(string? code, string field, CancellationToken ct = default)
    {
        await EnsureBaseline(ct);
        return (await TablePlusPending(ct)).Require(code, field);
    }

    public async Task<ExchangeRateTable> TablePlusPending(CancellationToken ct = default)
    {
        var stored = await db.ExchangeRates.AsNoTracking().ToListAsync(ct);
        var pending = db.ChangeTracker.Entries<ExchangeRateRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity);
        return new ExchangeRateTable(stored.Concat(pending).Select(r => r.ToDomain()));
    }
}
