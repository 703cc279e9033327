using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class LedgerModel(LedgerService ledger, CheckpointService checkpoints) : ListPageModel
{
    public IReadOnlyList<LedgerEventView> Items { get; private set; } = [];
    public LedgerVerification? Verification { get; private set; }
    public CheckpointDocument? LatestCheckpoint { get; private set; }
    public bool VerifyRequested => Q("verify") is "1" or "true";
    public string? EntityType => Q("entityType");
    public string? EntityId => Q("entityId");
    public string? Actor => Q("actor");

    public async Task OnGetAsync(CancellationToken ct)
    {
        Items = (await Guarded(() => ledger.List(new PageQuery(PageNumber, PageSize), EntityType, EntityId, Actor, ct))).Items;
        LatestCheckpoint = await checkpoints.Latest(ct);
        if (VerifyRequested) Verification = await ledger.Verify(null, ct);
    }
}
