using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Application.Readiness;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>The readiness endpoints: the board (everyone signed in: its figures are aggregates) and the coordinator's what-if.</summary>
public static class ReadinessApi
{
    public sealed record WhatIfRequest(string? Period, ReadinessDraft? Draft);

    public static void Map(RouteGroupBuilder g)
    {
        var cell = g.MapGroup("").RequireAuthorization(Policies.Coordinate);
        g.MapGet("/", async (ReadinessService s, string? period, string? coalition, int? priority, int? page, int? pageSize, string? format, CancellationToken ct) =>
        {
            var f = format?.Trim().ToLowerInvariant() ?? "json";
            if (f is not ("json" or "csv")) throw new RequestException("format", $"format must be json or csv (got {format}).");
            var board = await s.Board(new ReadinessFilter(period, coalition, priority, page ?? 1, pageSize ?? (f == "csv" ? PageQuery.MaxPageSize : 50)), ct);
            return f == "csv" ? Results.Text(Csv(board), "text/csv", Encoding.UTF8) : Results.Ok(board);
        });
        cell.MapPost("/what-if", (WhatIfRequest request, ReadinessService s, CurrentActor a, CancellationToken ct)
            => s.WhatIf(a.Actor, request.Draft ?? new ReadinessDraft(), request.Period, ct));
        cell.MapPost("/what-if/save", (WhatIfRequest request, ReadinessService s, CurrentActor a, CancellationToken ct)
            => s.Save(a.Actor, request.Draft ?? new ReadinessDraft(), request.Period, ct));
    }

    /// <summary>One line per requirement: rating, lacking element, forecast date and each element's ready date.</summary>
    public static string Csv(ReadinessBoard board)
    {
        var sb = new StringBuilder("period,priority_rank,item,coalition,quantity,needed_by,rating,lacking,forecast_date,equipment_ready,training_ready,sustainment_ready,illustrative\n");
        foreach (var r in board.Rows)
        {
            string Ready(string element) => r.Elements.Where(e => e.Element == element).Select(e => e.ReadyDate).DefaultIfEmpty(null)
                .Aggregate((DateOnly?)null, (acc, d) => acc is null ? d : d is null ? acc : d > acc ? d : acc)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
            sb.Append(string.Join(',', r.Period, r.PriorityRank, Quote(r.ItemCode), r.Coalition, r.Quantity, r.NeededBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Quote(r.RatingLabel), Quote(r.Lacking ?? ""), r.ForecastDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                Ready("equipment"), Ready("crews"), Ready("sustainment"), r.Illustrative ? "true" : "false")).Append('\n');
        }
        return sb.ToString();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
