namespace Quartermaster.Domain.Logistics;

using Quartermaster.Domain.Common;

/// <summary>A logistics node where donations are consolidated before the last leg.</summary>
public sealed class Hub : VersionedEntity
{
    private Hub() { }

    public Hub(string code, string name, string nationCode, decimal weeklyCapacityTonnes)
    {
        Code = Guard.Required(code, "code", 20).ToUpperInvariant();
        NationCode = nationCode;
        Update(name, weeklyCapacityTonnes);
    }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NationCode { get; private set; } = "";
    public decimal WeeklyCapacityTonnes { get; private set; }

    /// <summary>Transit weeks from an origin nation to this hub.</summary>
    public int InboundWeeks { get; private set; } = 1;

    /// <summary>Transit weeks from this hub to the recipient's destinations.</summary>
    public int OutboundWeeks { get; private set; } = 1;

    public override string LedgerKey => Code;

    public void Update(string name, decimal weeklyCapacityTonnes)
    {
        var checkedName = Guard.Required(name, "name", 120);
        WeeklyCapacityTonnes = Guard.NotNegative(weeklyCapacityTonnes, "weeklyCapacityTonnes");
        Name = checkedName;
    }

    public void SetTransit(int inboundWeeks, int outboundWeeks)
    {
        Guard.NotNegative(inboundWeeks, "inboundWeeks");
        OutboundWeeks = Guard.NotNegative(outboundWeeks, "outboundWeeks");
        InboundWeeks = inboundWeeks;
    }
}
