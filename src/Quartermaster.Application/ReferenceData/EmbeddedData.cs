using System.Reflection;

namespace Quartermaster.Application.ReferenceData;

/// <summary>
/// The public data files that ship inside the application (copied into the repository's data/ folder with their
/// source notes, and embedded at build time so that an installed program needs no data folder).
/// </summary>
public static class EmbeddedData
{
    public static Stream Open(string relativePath)
    {
        var name = "Quartermaster.Data." + relativePath.Replace('/', '.');
        return typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
               ?? throw new FileNotFoundException($"Embedded data file '{relativePath}' is missing from the build.");
    }

    public static IEnumerable<string> List()
        => typeof(EmbeddedData).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Quartermaster.Data.", StringComparison.Ordinal));
}
