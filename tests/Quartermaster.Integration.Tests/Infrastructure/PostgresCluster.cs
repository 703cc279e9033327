using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of the test's own (initdb in a temporary directory, a free port), for tests that stop,
/// start and restart the server: the shared test server is never touched. Disposing stops it and deletes its files.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string dir;
    private readonly string bin;
    private readonly bool asRoot = Environment.UserName == "root";

    private PostgresCluster(string dir, string bin, int port)
    {
        this.dir = dir;
        this.bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres")
        => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBin();
        var dir = Path.Combine(Path.GetTempPath(), "qm-it-own-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var cluster = new PostgresCluster(dir, bin, FreePort());
        if (cluster.asRoot) await Run("chown", ["postgres:postgres", dir]);
        await cluster.Pg("initdb", ["-D", dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.Pg("pg_ctl", ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w",
            "-o", $"-c listen_addresses=127.0.0.1 -p {cluster.Port} -k /tmp -c fsync=off -c max_connections=100", "start"]);
        return cluster;
    }

    /// <summary>Stops the server as an operator would (fast shutdown: sessions are terminated, nothing is lost).</summary>
    public Task StopAsync() => Pg("pg_ctl", ["-D", dir, "-m", "fast", "-w", "stop"]);

    public Task StartAgainAsync() => Pg("pg_ctl", ["-D", dir, "-l", Path.Combine(dir, "server.log"), "-w",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k /tmp -c fsync=off -c max_connections=100", "start"]);

    public async Task CreateDatabaseAsync(string name)
    {
        await using var c = new NpgsqlConnection(ConnectionString());
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
        await cmd.ExecuteNonQueryAsync();
    }

    private Task Pg(string tool, string[] args)
        => asRoot ? Run("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args]) : Run(Path.Combine(bin, tool), args);

    private static string FindBin()
    {
        const string preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "initdb"))) return preferred;
        return (Directory.Exists("/usr/lib/postgresql")
                   ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
                   : null)
               ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql.");
    }

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

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await Pg("pg_ctl", ["-D", dir, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
