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
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainException(field, $"{field} must be at most {maxLength} characters (got {trimmed.Length}).");
        return trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength = 2000)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
            throw new DomainException(field, $"{field} must be at most {maxLength} characters (got {trimmed.Length}).");
        return trimmed;
    }

    public static int Positive(int value, string field)
        => value > 0 ? value : throw new DomainException(field, $"{field} must be greater than zero (got {value}).");

    public static int NotNegative(int value, string field)
        => value >= 0 ? value : throw new DomainException(field, $"{field} must not be negative (got {value}).");

    public static decimal NotNegative(decimal value, string field)
        => value >= 0 ? value : throw new DomainException(field, $"{field} must not be negative (got {value}).");
}
