using System.Text.Json;
using Quartermaster.Domain.Technology;

namespace Quartermaster.Application.Technology;

/// <summary>The project's list fields (stored as JSON) in words, for the record history.</summary>
public static class TechnologyText
{
    public static string TrlHistory(string raw)
        => Parse<List<TrlChange>>(raw) is { } h ? "TRL " + string.Join(" → ", h.Select(c => $"{c.To} ({c.On:yyyy-MM-dd})")) : raw;

    public static string Milestones(string raw)
        => Parse<List<Milestone>>(raw) is { } m
            ? m.Count == 0 ? "none" : string.Join("; ", m.Select(x => $"{x.Number}. {x.Title}, due {x.Due:yyyy-MM-dd}{(x.Done is { } d ? $", done {d:yyyy-MM-dd}" : "")}"))
            : raw;

    public static string Participants(string raw)
        => Parse<List<ProjectParticipant>>(raw) is { } p ? string.Join(", ", p.Select(x => x.Lead ? $"{x.Nation} (lead)" : x.Nation)) + $" — {p.Count} compan{(p.Count == 1 ? "y" : "ies")}" : raw;

    private static T? Parse<T>(string raw) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(raw); }
        catch (JsonException) { return null; }
    }
}
