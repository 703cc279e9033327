using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Quartermaster.Cli;

/// <summary>
/// How the command line says what went wrong: one line, <c>qm: error: …</c>, in plain words. Argument errors (exit 2)
/// name the unknown command or option and suggest the nearest known name; no .NET type name ever reaches the user.
/// </summary>
public static partial class Errors
{
    public const int UsageExitCode = 2;

    /// <summary>The one-line reason for a parse that has errors.</summary>
    public static string Describe(ParseResult p)
    {
        var cmd = p.CommandResult.Command;
        var path = CommandPath(p.CommandResult);
        if (p.UnmatchedTokens.Count > 0)
        {
            var token = p.UnmatchedTokens[0];
            if (token.StartsWith('-'))
            {
                var names = OptionNames(p.CommandResult);
                return $"unknown option '{token}' for '{path}'" + Suggest(token, names) + $" (see '{path} --help')";
            }
            if (cmd.Subcommands.Count > 0)
            {
                var where = path == "qm" ? "" : $" for '{path}'";
                return $"unknown command '{token}'{where}" + Suggest(token, cmd.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            }
            return $"unexpected argument '{token}' for '{path}' (see '{path} --help')";
        }
        var first = p.Errors[0].Message;
        if (first.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return $"'{path}' needs a command: {string.Join(", ", cmd.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} (see '{path} --help')";
        return Plain(first);
    }

    /// <summary>A message in plain words: the first line, with any .NET type name replaced by what it means.</summary>
    public static string Plain(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        line = ExpectedType().Replace(line, m => "as " + Friendly(m.Groups[1].Value));
        line = TypeName().Replace(line, m => Friendly(m.Value));
        if (line.Length > 0) line = char.ToLowerInvariant(line[0]) + line[1..];
        return line.TrimEnd('.');
    }

    public static string Plain(Exception e)
    {
        var text = Plain(e.GetBaseException().Message);
        return string.IsNullOrWhiteSpace(text) ? "unexpected failure (run with QM_DEBUG=1 for details)" : text;
    }

    private static string Friendly(string type)
    {
        var name = type.Trim('\'', ' ');
        name = name[(name.LastIndexOf('.') + 1)..];
        if (name.StartsWith("Nullable`", StringComparison.Ordinal) || name.EndsWith('?')) name = name.TrimEnd('?');
        return name switch
        {
            "Int16" or "Int32" or "Int64" or "UInt16" or "UInt32" or "UInt64" or "Byte" => "a whole number",
            "Decimal" or "Double" or "Single" => "a number",
            "Boolean" => "true or false",
            "DateOnly" => "a date (YYYY-MM-DD)",
            "DateTime" or "DateTimeOffset" => "a date and time",
            "TimeSpan" => "a duration",
            "Guid" => "an id",
            "FileInfo" => "a file path",
            "DirectoryInfo" => "a directory path",
            "Uri" => "an address",
            "String" => "text",
            _ => "a valid value",
        };
    }

    [GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial Regex ExpectedType();

    [GeneratedRegex(@"\b(System|Microsoft|Quartermaster|Npgsql)(\.[A-Za-z_`0-9]+)+\??")]
    private static partial Regex TypeName();

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command is RootCommand ? "qm" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    private static IEnumerable<string> OptionNames(CommandResult result)
    {
        foreach (var o in result.Command.Options) { yield return o.Name; foreach (var a in o.Aliases) yield return a; }
        for (var r = result.Parent; r is not null; r = r.Parent)
            if (r is CommandResult c)
                foreach (var o in c.Command.Options.Where(o => o.Recursive)) yield return o.Name;
    }

    /// <summary>"; did you mean 'x'?" for the nearest name within a small edit distance, else nothing.</summary>
    public static string Suggest(string typed, IEnumerable<string> names)
    {
        var best = names.Distinct()
            .Select(n => (Name: n, Distance: Levenshtein(typed.ToLowerInvariant(), n.ToLowerInvariant())))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best.Name is null) return "";
        var limit = Math.Max(1, Math.Min(3, typed.TrimStart('-').Length / 3));
        return best.Distance <= limit || best.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase) && typed.Length >= 2
            ? $"; did you mean '{best.Name}'?"
            : "";
    }

    /// <summary>Edit distance (insertions, deletions, substitutions and adjacent transpositions each count 1).</summary>
    public static int Levenshtein(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
