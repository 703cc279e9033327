namespace Quartermaster.Domain.Catalogue;

using Quartermaster.Domain.Common;

/// <summary>A NATO supply class (Federal Supply Class, four digits), part of every deployment's reference data.</summary>
public sealed class SupplyClass : VersionedEntity
{
    private SupplyClass() { }

    public SupplyClass(string code, string name)
    {
        if (code is null || code.Length != 4 || !code.All(char.IsAsciiDigit))
            throw new DomainException("supplyClass", $"'{code}' is not a supply class: four digits, e.g. 1005.");
        Code = code;
        Name = Guard.Required(name, "name", 200);
    }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";

    public override string LedgerKey => Code;
}
