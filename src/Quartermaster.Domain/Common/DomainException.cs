namespace Quartermaster.Domain.Common;

/// <summary>
/// A rule of the domain was broken. <see cref="Field"/> names the field (or state) that is wrong, so that every
/// shell (API, CLI, import) can tell the user where the problem is.
/// </summary>
public sealed class DomainException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Small guard helpers used by the entities' own methods.</summary>
public static class Guard
{
    public static string Required(string? value, string field, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new DomainException(field, $"{field} is required.");
        Printable(value, field);
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainException(field, $"{field} must be at most {maxLength} characters (got {trimmed.Length}).");
        return trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength = 2000)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        Printable(value, field);
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainException(field, $"{field} must be at most {maxLength} characters (got {trimmed.Length}).");
        return trimmed;
    }

    /// <summary>No text carries control characters (NUL and the other C0 characters except tab, line feed, carriage return).</summary>
    public static string Printable(string value, string field)
    {
        foreach (var c in value)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                throw new DomainException(field, $"{field} contains the control character U+{(int)c:X4}.");
        return value;
    }

    /// <summary>An enum value must be one of its named members (a cast integer such as 99 is not).</summary>
    public static T Defined<T>(T value, string field) where T : struct, Enum
        => Enum.IsDefined(value) ? value : throw new DomainException(field, $"'{value}' is not one of: {string.Join(", ", Enum.GetNames<T>())}.");

    public static int Positive(int value, string field)
        => value > 0 ? value : throw new DomainException(field, $"{field} must be greater than zero (got {value}).");

    public static int NotNegative(int value, string field)
        => value >= 0 ? value : throw new DomainException(field, $"{field} must not be negative (got {value}).");

    public static decimal NotNegative(decimal value, string field)
        => value >= 0 ? value : throw new DomainException(field, $"{field} must not be negative (got {value}).");
}
