namespace Quartermaster.Domain.Common;

/// <summary>
/// Names the entity an input record is stored as, when its name is not the entity's name + "Input" (e.g. FundingInput
/// is stored as FundingPledge). The edge validation then takes each text field's length limit from that entity's column.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StoredAsAttribute(Type entity) : Attribute
{
    public Type Entity { get; } = entity;
}
