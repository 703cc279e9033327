using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Nations;
using Quartermaster.Application.Offers;
using Quartermaster.Domain.Offers;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages;

public sealed class OffersModel(OffersService offers, NationsService nations) : ListPageModel
{
    public static readonly (string Key, string Label)[] SortOptions =
    [
        ("donor", "Donor (A–Z)"), ("-donor", "Donor (Z–A)"), ("-announced", "Announced (newest)"), ("announced", "Announced (oldest)"),
        ("description", "Description"), ("-quantity", "Quantity (largest)"), ("status", "Status"),
    ];

    public static readonly IReadOnlyList<ExportColumn<OfferView>> ExportColumns =
    [
        new("donor", o => o.DonorCode), new("package", o => o.Package), new("aid_type", o => o.AidType), new("item", o => o.ItemCode),
        new("description", o => o.Description), new("quantity_announced", o => o.QuantityAnnounced), new("quantity_allocated", o => o.QuantityAllocated),
        new("quantity_delivered", o => o.QuantityDelivered), new("quantity_reported_delivered", o => o.QuantityReportedDelivered),
        new("condition", o => o.Condition), new("earliest_available", o => o.EarliestAvailable), new("origin_depot", o => o.OriginDepot),
        new("declared_value", o => o.DeclaredValue), new("declared_currency", o => o.DeclaredCurrency), new("announced", o => o.AnnouncedOn),
        new("announced_raw", o => o.AnnouncedRaw), new("transfer_consent", o => o.TransferConsent), new("consent_from", o => o.ConsentFrom),
        new("export_licence", o => o.ExportLicence), new("status", o => o.Status), new("source_key", o => o.SourceKey),
        new("releasability", o => o.Releasability), new("released_to", o => string.Join(";", o.ReleasedTo)),
    ];

    protected override string DefaultSort => "donor";

    public IReadOnlyList<OfferView> Items { get; private set; } = [];
    public IReadOnlyList<NationName> Donors { get; private set; } = [];
    public string? Donor => Q("donor")?.ToUpperInvariant();
    public AidType? AidType { get; private set; }
    public OfferStatus? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Donors = await nations.Names(ct);
        AidType = QEnum<AidType>("aidType");
        Status = QEnum<OfferStatus>("status");
        if (Error is not null) { SetPager(new Page<OfferView>([], 0, 1, PageSize)); return Page(); }
        if (ExportFormat is not null) return await Export("offers", ExportColumns, q => offers.List(q, Donor, AidType, Status, ct));
        Items = (await Guarded(() => offers.List(Query(), Donor, AidType, Status, ct))).Items;
        return Page();
    }
}
