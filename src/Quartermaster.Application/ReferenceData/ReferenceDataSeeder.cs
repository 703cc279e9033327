using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Importing;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;
using Sylvan.Data.Csv;

namespace Quartermaster.Application.ReferenceData;

/// <summary>What a start-up added to the reference data (all zero when nothing was missing).</summary>
public sealed record ReferenceDataResult(int Nations, int SupplyClasses, bool ExchangeRates)
{
    public bool AddedAnything => Nations > 0 || SupplyClasses > 0 || ExchangeRates;
}

/// <summary>
/// The reference data every deployment needs, loaded into a fresh database and completed in an existing one (only
/// what is missing is added; what people changed is never overwritten): every ISO 3166-1 state and the documented
/// organisation codes, NATO membership with its date, the supply classes and the exchange-rate baseline (see
/// data/reference/SOURCE.md). It is ledgered like any change, by the actor <see cref="ActorName"/> with a command
/// that starts with <see cref="CommandPrefix"/>, so that the ledger tells reference data from entered data.
/// </summary>
public sealed class ReferenceDataSeeder(QuartermasterDb db)
{
    public const string ActorName = "system:reference-data";
    public const string CommandPrefix = "reference data:";

    /// <summary>The recipient nation this deployment serves.</summary>
    public const string Recipient = "UKR";

    public static readonly Actor Actor = Actor.LocalOperator(ActorName);

    /// <summary>Brings the schema up to date, then the reference data and the data migrations leave to the application: what every command and the server do before anything else.</summary>
    public static async Task PrepareAsync(DatabaseTarget target, TimeProvider clock, CancellationToken ct = default)
    {
        await target.MigrateAsync(clock, ct);
        await using var db = target.Open(clock);
        await new ReferenceDataSeeder(db).EnsureAsync(ct);
        // Data that a schema migration left for the application to move, with the ledger (see the Industry migration).
        await new Funding.FundingService(db).FileUnpooledPledges(ct);
    }

    public async Task<ReferenceDataResult> EnsureAsync(CancellationToken ct = default)
    {
        if (await Complete(ct)) return new ReferenceDataResult(0, 0, false);
        return await CommandRunner.Run(db, Actor,
            $"{CommandPrefix} ISO 3166-1 states, organisation codes, NATO membership, supply classes, exchange-rate baseline (data/reference)", async () =>
            {
                // One server at a time (PostgreSQL); then look again at what is missing, inside the transaction.
                if (db.IsPostgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7215001)", ct);
                var nations = (await db.Nations.AsNoTracking().Select(n => n.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var classes = (await db.SupplyClasses.AsNoTracking().Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
                var nato = ReadCsv("reference/nato_members.csv", r => (Code: r.GetString(0), Since: DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture)))
                    .ToDictionary(m => m.Code, m => m.Since);
                var bulk = new BulkChanges(db);
                var addedNations = 0;
                foreach (var (code, name) in States().Concat(Organisations()))
                {
                    if (nations.Contains(code)) continue;
                    var nation = new Nation(code, name, code == Recipient ? NationStatus.Recipient : NationStatus.Partner);
                    if (nato.TryGetValue(code, out var since)) nation.JoinNato(since);
                    bulk.Add(nation);
                    addedNations++;
                }
                var addedClasses = 0;
                foreach (var (code, name) in CodificationReference.Shared.SupplyClasses.OrderBy(c => c.Key, StringComparer.Ordinal))
                {
                    if (classes.Contains(code)) continue;
                    bulk.Add(new SupplyClass(code, name));
                    addedClasses++;
                }
                await db.SaveBulkAsync(bulk, ct);
                var rates = await new ExchangeRatesService(db).EnsureBaseline(ct);
                return new ReferenceDataResult(addedNations, addedClasses, rates);
            }, ct);
    }

    /// <summary>A cheap look at whether anything is missing (run on every start).</summary>
    private async Task<bool> Complete(CancellationToken ct)
    {
        var expectedNations = States().Concat(Organisations()).Select(s => s.Code).ToList();
        var haveNations = await db.Nations.AsNoTracking().CountAsync(n => EF.Parameter(expectedNations).Contains(n.Code), ct);
        if (haveNations < expectedNations.Count) return false;
        var haveClasses = await db.SupplyClasses.AsNoTracking().CountAsync(ct);
        if (haveClasses < CodificationReference.Shared.SupplyClasses.Count) return false;
        return await db.ExchangeRates.AsNoTracking().AnyAsync(ct);
    }

    public static IReadOnlyList<(string Code, string Name)> States()
        => ReadCsv("reference/iso_3166_1_alpha3.csv", r => (r.GetString(0), r.GetString(1)));

    public static IReadOnlyList<(string Code, string Name)> Organisations()
        => ReadCsv("reference/organisations.csv", r => (r.GetString(0), r.GetString(1)));

    private static List<T> ReadCsv<T>(string path, Func<CsvDataReader, T> row)
    {
        using var reader = CsvDataReader.Create(new StreamReader(EmbeddedData.Open(path)));
        var list = new List<T>();
        while (reader.Read()) list.Add(row(reader));
        return list;
    }
}
