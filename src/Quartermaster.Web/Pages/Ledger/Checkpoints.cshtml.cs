using Quartermaster.Application.Common;
using Quartermaster.Application.Ledger;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Ledger;

/// <summary>Every participant's view of the signed checkpoints: the latest, the server's public key, and all of them to download.</summary>
public sealed class CheckpointsModel(CheckpointService checkpoints) : ListPageModel
{
    public IReadOnlyList<CheckpointDocument> Items { get; private set; } = [];
    public CheckpointDocument? Latest { get; private set; }
    public ServerKeyView Key { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Key = checkpoints.Key();
        Latest = await checkpoints.Latest(ct);
        Items = (await Guarded(() => checkpoints.List(new PageQuery(PageNumber, PageSize), ct))).Items;
    }
}
