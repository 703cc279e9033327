using System.Diagnostics;

namespace Quartermaster.Integration.Tests.Infrastructure;

public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>Runs the real <c>qm</c> program (qm.dll next to the tests) in its own process, as a user would.</summary>
public static class Qm
{
    public static async Task<CliResult> Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "qm.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("QM_DB");
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["TERM"] = "dumb";
        // Never touch the user's own database by accident: XDG_DATA_HOME points into a scratch directory.
        psi.Environment["XDG_DATA_HOME"] = Path.Combine(Path.GetTempPath(), "qm-it-xdg");
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        return new CliResult(p.ExitCode, await stdout, await stderr);
    }
}
