using System.Runtime.CompilerServices;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>Servers and commands started by the tests sign checkpoints with a key in a scratch directory, never the user's own.</summary>
internal static class LedgerKeyForTests
{
    public static readonly string Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "qm-it-keys-" + Environment.ProcessId, "ledger-signing-key.pem");

    [ModuleInitializer]
    internal static void Use() => Environment.SetEnvironmentVariable("QM_LEDGER_KEY", Path);
}
