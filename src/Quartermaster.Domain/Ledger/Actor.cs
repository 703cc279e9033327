namespace Quartermaster.Domain.Ledger;

/// <summary>Who is acting: the name recorded in the ledger, the nation they act for, and their role.</summary>
public sealed record Actor(string Name, string? Nation, string Role)
{
    /// <summary>The company code an industry representative acts for (null for other roles).</summary>
    public string? Company { get; init; }

    public static Actor LocalOperator(string name) => new(name, null, "Coordinator");

    public override string ToString() => Nation is null ? Name : $"{Name} ({Nation})";
}
