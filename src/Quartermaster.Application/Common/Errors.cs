namespace Quartermaster.Application.Common;

/// <summary>The record does not exist (or is not visible to the caller: the two are never told apart).</summary>
public sealed class NotFoundException(string what, string id) : Exception($"{what} '{id}' was not found.")
{
    public string What { get; } = what;
    public string Id { get; } = id;
}

/// <summary>Someone else changed the record since the caller read it, or a unique key is taken.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>A request that names a field wrongly; <see cref="Field"/> says which.</summary>
public sealed class RequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
