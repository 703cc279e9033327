using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.ReferenceData;
using Quartermaster.Storage;

namespace Quartermaster.Cli;

/// <summary>
/// qm db init: the one way (besides qm demo) to create a database. Every other command refuses a SQLite path that does
/// not exist, so a mistyped --db never silently creates an empty database.
/// </summary>
public static class DbCommand
{
    public static Command Build()
    {
        var ifMissing = new Option<bool>("--if-missing")
        {
            Description = "Succeed when the database already exists (it is brought up to date: pending migrations, missing reference data)",
        };
        var init = new Command("init", "Create a new database (SQLite file or PostgreSQL connection string), migrate it and load the reference data; refuses one that already holds data") { ifMissing };
        init.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var target = Shell.Target(p);
            if (await HasData(target, ct))
            {
                if (!p.GetValue(ifMissing))
                    return Shell.Fail($"a database already exists at {target.Display} (nothing changed; add --if-missing to accept it)");
                await ReferenceDataSeeder.PrepareAsync(target, TimeProvider.System, ct);
                Console.WriteLine($"Database {target.Display} already exists; it is up to date.");
                return 0;
            }
            if (!target.IsPostgres && Path.GetDirectoryName(target.Display) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
            await ReferenceDataSeeder.PrepareAsync(target, TimeProvider.System, ct);
            await using var db = target.Open(TimeProvider.System);
            var nations = await db.Nations.CountAsync(ct);
            var classes = await db.SupplyClasses.CountAsync(ct);
            Console.WriteLine($"Created database {target.Display}: {nations} nations and organisations, {classes} supply classes (reference data).");
            return 0;
        }));
        return new Command("db", "Database administration") { init };
    }

    /// <summary>Whether the target already holds Quartermaster data (a missing or empty SQLite file, or an empty PostgreSQL database, does not).</summary>
    private static async Task<bool> HasData(DatabaseTarget target, CancellationToken ct)
    {
        if (!target.IsPostgres && (!File.Exists(target.Display) || new FileInfo(target.Display).Length == 0)) return false;
        try
        {
            await using var db = target.Open(TimeProvider.System);
            return await db.Nations.AnyAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // No tables yet (or, on PostgreSQL, no such database yet): nothing to protect.
            return false;
        }
    }
}
