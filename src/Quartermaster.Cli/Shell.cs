using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Spectre.Console;

namespace Quartermaster.Cli;

/// <summary>What every command shares: the database option, the operator, and one way to fail.</summary>
public static class Shell
{
    /// <summary>How every command writes <c>--format json</c>: web casing, enums as their names, indented.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>An amount as the tables show it: two decimals, thousands separated, then the currency.</summary>
    public static string Money(decimal amount, string currency) => $"{amount:N2} {currency}";

    public static readonly Option<string?> Db = new("--db")
    {
        Description = "SQLite file path, or a PostgreSQL connection string (\"Host=…;Database=…;Username=…\"). Default: $QM_DB, else ~/.local/share/quartermaster/quartermaster.db",
        Recursive = true,
    };

    public static readonly Option<string> Operator = new("--operator")
    {
        Description = "The name the ledger records as the actor of the changes this command makes on a database it opens itself (--db); a server records its signed-in users",
        DefaultValueFactory = _ => "local:" + Environment.UserName,
        Recursive = true,
    };

    public static DatabaseTarget Target(ParseResult p)
        => Remote.IsRemote(p)
            ? throw new ArgumentException("this command works on a database (--db); with --server use import, report, ledger verify or plan")
            : DatabaseTarget.Resolve(p.GetValue(Db));

    /// <summary>
    /// The database of a command that works on an existing one: a SQLite file that does not exist is refused (never created);
    /// only <c>qm db init</c> and <c>qm demo</c> create databases. A PostgreSQL target is migrated as before.
    /// </summary>
    public static DatabaseTarget ExistingTarget(ParseResult p)
    {
        var target = Target(p);
        if (!target.IsPostgres && !File.Exists(target.Display))
            throw new MissingDatabaseException(target.Display);
        return target;
    }

    public sealed class MissingDatabaseException(string path)
        : Exception($"no database at {path} (create one with 'qm db init --db {path}' or 'qm demo')");

    public static Actor Actor(ParseResult p) => Domain.Ledger.Actor.LocalOperator(p.GetValue(Operator)!);

    /// <summary>Opens (and brings up to date) an existing database; <paramref name="create"/> only for demo and db init.</summary>
    public static async Task<QuartermasterDb> OpenAsync(ParseResult p, CancellationToken ct, bool create = false)
    {
        var target = create ? Target(p) : ExistingTarget(p);
        await Application.ReferenceData.ReferenceDataSeeder.PrepareAsync(target, TimeProvider.System, ct);
        return target.Open(TimeProvider.System);
    }

    /// <summary>Runs a command body; any failure becomes one line on stderr and a non-zero exit code.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> body)
        => async (p, ct) =>
        {
            try
            {
                return await body(p, ct);
            }
            catch (ImportRejectedException e) when (Environment.GetEnvironmentVariable("QM_DEBUG") is not "1")
            {
                foreach (var issue in e.Issues) Console.Error.WriteLine($"  {issue}");
                return Fail($"nothing was imported: {e.Issues.Count} problem(s) listed above");
            }
            catch (OperationCanceledException)
            {
                return Fail("cancelled");
            }
            catch (MissingDatabaseException e)
            {
                return Fail(e.Message);
            }
            catch (Remote.RemoteException e)
            {
                return Fail(e.Message);
            }
            catch (HttpRequestException e)
            {
                return Fail($"cannot reach the server: {e.Message}");
            }
            catch (Exception e) when (e is DomainException or RequestException or NotFoundException or ConflictException
                                          or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
            {
                var where = e switch { DomainException d => d.Field + ": ", RequestException r => r.Field + ": ", _ => "" };
                return Fail(where + e.Message);
            }
            catch (Exception e) when (Environment.GetEnvironmentVariable("QM_DEBUG") is "1")
            {
                Console.Error.WriteLine(e);
                return Fail(e.GetBaseException().Message);
            }
            catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or ArgumentException)
            {
                return Fail(FirstLine(e.GetBaseException().Message));
            }
            catch (Exception e)
            {
                // Anything else: its own message in plain words, never a .NET type name or a stack trace (QM_DEBUG=1 shows them).
                return Fail(Errors.Plain(e));
            }
        };

    public static int Fail(string reason)
    {
        Console.Error.WriteLine($"qm: error: {FirstLine(reason)}");
        return 1;
    }

    private static string FirstLine(string s) => s.Split('\n', 2)[0].Trim();

    /// <summary>Reports on the worker's own thread, in order (Progress&lt;T&gt; posts to the thread pool: late and out of order).</summary>
    public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <summary>A progress bar on a terminal; plain lines elsewhere (CI logs, pipes).</summary>
    public static async Task<T> WithProgress<T>(string title, Func<Action<double, string>, Task<T>> work)
    {
        if (!Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            T result = default!;
            await AnsiConsole.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: 1.0);
                var bar = new MonotonicProgress((fraction, text) =>
                {
                    task.Value = fraction;
                    task.Description = $"{title}: {Markup.Escape(text)}";
                });
                result = await work(bar.Report);
                bar.Finish();
            });
            return result;
        }
        var lastStep = -1;
        var lastText = "";
        var lines = new MonotonicProgress((fraction, text) =>
        {
            var step = (int)(fraction * 10);
            lastText = text;
            if (step == lastStep) return;
            lastStep = step;
            Console.Error.WriteLine($"{title}: {fraction:P0} {text}");
        });
        var value = await work(lines.Report);
        // A log that showed progress ends with its 100 % line; one that showed none (quick work) stays silent.
        if (lines.Reported) lines.Finish(lastText);
        return value;
    }
}

/// <summary>
/// Progress that never runs backwards: each fraction is clamped to [0, 1] and to the largest seen so far, so a stage that
/// restarts its own count (or reports out of order) cannot move the bar back; <see cref="Finish"/> ends at 100 %.
/// </summary>
public sealed class MonotonicProgress(Action<double, string> render)
{
    private readonly object gate = new();
    private double max;
    private string text = "";
    private bool finished;

    public double Value { get { lock (gate) return max; } }

    /// <summary>Whether the work reported any progress at all.</summary>
    public bool Reported { get; private set; }

    public void Report(double fraction, string message)
    {
        lock (gate)
        {
            if (finished) return; // a report that arrives after the end changes nothing
            if (double.IsNaN(fraction)) fraction = max;
            max = Math.Max(max, Math.Clamp(fraction, 0.0, 1.0));
            text = message;
            Reported = true;
            render(max, message);
        }
    }

    public void Finish(string? message = null)
    {
        lock (gate)
        {
            if (finished) return;
            finished = true;
            if (max >= 1.0) return;
            max = 1.0;
            render(max, message ?? text);
        }
    }
}
