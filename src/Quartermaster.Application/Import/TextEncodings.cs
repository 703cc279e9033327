using System.Text;
using Quartermaster.Application.Common;

namespace Quartermaster.Application.Import;

/// <summary>The text encodings a CSV file may be declared in (--encoding, ?encoding=): UTF-8 by default, or any code page .NET knows.</summary>
public static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding of that name (e.g. windows-1252, iso-8859-1, utf-16), or null for none given.</summary>
    public static Encoding? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        try
        {
            return Encoding.GetEncoding(name.Trim(), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (ArgumentException)
        {
            throw new RequestException("encoding", $"'{name}' is not a text encoding known here; use e.g. utf-8, windows-1252, iso-8859-1 or utf-16.");
        }
    }
}
