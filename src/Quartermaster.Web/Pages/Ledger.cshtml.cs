using System.Globalization;
using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;
using Quartermaster.Domain.Common;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

/// <summary>The ledger, newest first; Previous/Next follow the sequence (keyset: ?after=, ?before=), so a deep page costs what the first one costs.</summary>
public sealed class LedgerModel(LedgerService ledger, CheckpointService checkpoints) : ListPageModel
{
    public IReadOnlyList<LedgerEventView> Items { get; private set; } = [];
    public LedgerVerification? Verification { get; private set; }
    public CheckpointDocument? LatestCheckpoint { get; private set; }
    public bool VerifyRequested => Q("verify") is "1" or "true";
    public string? EntityType => Q("entityType");
    public string? EntityId => Q("entityId");
    public string? Actor => Q("actor");
    public long? After => QLong("after");
    public long? Before => QLong("before");

    private long? QLong(string name) => long.TryParse(Q(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = Request.Query.ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
        try
        {
            var page = await ledger.List(new PageQuery(After is null && Before is null ? PageNumber : 1, PageSize), EntityType, EntityId, Actor, After, Before, ct);
            Items = page.Items;
            // The ledger is never counted (see LedgerPage): the summary says which events the page shows, by position for
            // a numbered page and by sequence always; Previous/Next follow the cursors.
            var pager = new PagerModel(0, 1, page.PageSize, Request.Path, query);
            var from = (long)(page.PageNumber is { } n0 ? n0 - 1 : 0) * page.PageSize + 1;
            Pager = new PagerModel(0, 1, page.PageSize, Request.Path, query)
            {
                Cursor = page.Items.Count == 0
                    ? page.PageNumber is null or 1 ? "No matching events" : $"No events on page {Fmt.Int(page.PageNumber.Value)}: fewer events match"
                    : (page.PageNumber switch
                      {
                          null => $"Showing {Fmt.Int(page.Items.Count)} {(page.Items.Count == 1 ? "event" : "events")}",
                          1 => $"Showing the newest {Fmt.Int(page.Items.Count)} {(page.Items.Count == 1 ? "event" : "events")}",
                          _ => $"Showing events {Fmt.Int(from)}–{Fmt.Int(from + page.Items.Count - 1)} (newest first)",
                      }) + $", sequence {page.Items[0].Sequence}–{page.Items[^1].Sequence}" + (page.HasMore ? "" : " (the oldest)"),
                NextHref = page.Next is { } n ? pager.CursorLink("after", n) : null,
                PreviousHref = page.Previous is { } p ? pager.CursorLink("before", p) : null,
            };
        }
        catch (Exception ex) when (ex is RequestException or DomainException)
        {
            Error = ex.Message;
            Pager = new PagerModel(0, 1, PageSize, Request.Path, query);
        }
        LatestCheckpoint = await checkpoints.Latest(ct);
        if (VerifyRequested) Verification = await ledger.Verify(null, ct);
    }
}
