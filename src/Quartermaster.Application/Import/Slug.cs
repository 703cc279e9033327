using System.Text;

namespace Quartermaster.Application.Import;

/// <summary>
/// The slug rule that turns a free text (a Kiel item name) into a catalogue code: lower-case; every run of
/// characters outside [a-z0-9] becomes one '-'; '-' trimmed at both ends; cut to 80 characters; a trailing '-' trimmed.
/// "M777 howitzer" → "m777-howitzer".
/// </summary>
public static class Slug
{
    public const int MaxLength = 80;

    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var dash = false;
        foreach (var ch in text.ToLowerInvariant())
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (dash && sb.Length > 0) sb.Append('-');
                dash = false;
                sb.Append(ch);
            }
            else dash = true;
        }
        var s = sb.ToString();
        if (s.Length > MaxLength) s = s[..MaxLength].TrimEnd('-');
        return s;
    }
}
