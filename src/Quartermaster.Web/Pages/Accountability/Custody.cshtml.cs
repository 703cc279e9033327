using Quartermaster.Application.Accountability;
using Quartermaster.Web.Pages.Delivery;

namespace Quartermaster.Web.Pages.Accountability;

/// <summary>The custody history of one serial: who held it, where, and every inventory that saw (or missed) it.</summary>
public sealed class CustodyModel(AccountabilityService accountability) : DeliveryPage
{
    public string? Serial { get; private set; }
    public IReadOnlyList<CustodyView> Found { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Serial = Request.Query["serial"].ToString().Trim();
        if (Serial.Length > 0) Found = await accountability.Find(Serial, Request.Query["item"].ToString(), ct);
    }
}
