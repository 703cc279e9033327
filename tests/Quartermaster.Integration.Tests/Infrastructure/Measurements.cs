namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>Timings worth reporting (never asserted): appended to measurements.log next to the test assembly.</summary>
public static class Measurements
{
    private static readonly Lock Sync = new();

    public static void Record(string what)
    {
        lock (Sync)
            File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "measurements.log"), $"{DateTime.UtcNow:O} {what}\n");
        TestContext.Current.TestOutputHelper?.WriteLine(what);
    }
}
