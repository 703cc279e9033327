using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

[assembly: AssemblyFixture(typeof(Quartermaster.Integration.Tests.Infrastructure.PostgresServer))]

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests use: the one named by <c>QM_TEST_PG</c> (an admin connection string), or else a
/// throw-away cluster this fixture starts on a free port the first time a test asks for it, and stops at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "QM_TEST_PG";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? adminConnectionString;
    private static string? ownDataDir;
    private static string? pgBin;

    public static async Task<string> AdminConnectionString()
    {
        if (adminConnectionString is not null) return adminConnectionString;
        await Gate.WaitAsync();
        try
        {
            if (adminConnectionString is not null) return adminConnectionString;
            var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
            adminConnectionString = string.IsNullOrWhiteSpace(fromEnv) ? await StartOwnCluster() : fromEnv;
            return adminConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> StartOwnCluster()
    {
        pgBin = FindPgBin();
        var dir = Path.Combine(Path.GetTempPath(), "qm-it-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var asRoot = Environment.UserName == "root";
        if (asRoot) await Run("chown", ["postgres:postgres", dir]);
        await RunPg(asRoot, "initdb", ["-D", dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        var port = FreePort();
        await RunPg(asRoot, "pg_ctl", ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k /tmp -c fsync=off -c max_connections=200", "start"]);
        ownDataDir = dir;
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static string FindPgBin()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "initdb"))) return preferred;
        var any = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        return any ?? throw new InvalidOperationException($"{EnvironmentVariable} is not set and no PostgreSQL server binaries were found under /usr/lib/postgresql.");
    }

    private static Task RunPg(bool asRoot, string tool, string[] args)
        => asRoot ? Run("runuser", ["-u", "postgres", "--", Path.Combine(pgBin!, tool), .. args]) : Run(Path.Combine(pgBin!, tool), args);

    private static async Task Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}{await stdout}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (ownDataDir is null) return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPg(Environment.UserName == "root", "pg_ctl", ["-D", ownDataDir, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try { Directory.Delete(ownDataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            ownDataDir = null;
        }
    }
}
