namespace Quartermaster.Application.Import;

/// <summary>The target field names of each import target (the column headers of the documented default layouts).</summary>
public static class TargetFields
{
    public static readonly IReadOnlyList<string> Offers =
    [
        "source_key", "donor", "aid_type", "package", "announced", "description", "item", "quantity", "quantity_delivered",
        "package_value", "currency", "source_value_eur", "source_delivered_eur", "unit_value_usd", "line_value_usd",
        "delivered_value_usd", "condition", "earliest_available", "origin_depot", "transfer_consent", "consent_from",
        "export_licence", "explanation", "source_url", "soviet_origin", "item_type", "item_subtype", "item_name",
    ];

    public static readonly IReadOnlyList<string> OffersRequired = ["source_key", "donor", "aid_type", "description"];

    public static readonly IReadOnlyList<string> Requirements =
        ["key", "period", "priority_rank", "item", "quantity", "needed_by", "destination", "substitutes", "note"];

    public static readonly IReadOnlyList<string> RequirementsRequired =
        ["period", "priority_rank", "item", "quantity", "needed_by", "destination"];

    public static readonly IReadOnlyList<string> Catalogue =
    [
        "code", "name", "nsn", "supply_class", "coalition", "is_lethal", "control_entry", "compatibility_family",
        "tracking", "unit_of_issue", "unit_weight_kg", "training_course",
    ];

    public static readonly IReadOnlyList<string> CatalogueRequired = ["code", "name", "supply_class", "coalition", "is_lethal"];

    public static IReadOnlyList<string> Known(ImportTarget target) => target switch
    {
        ImportTarget.Offers => Offers,
        ImportTarget.Requirements => Requirements,
        _ => Catalogue,
    };

    public static IReadOnlyList<string> Required(ImportTarget target) => target switch
    {
        ImportTarget.Offers => OffersRequired,
        ImportTarget.Requirements => RequirementsRequired,
        _ => CatalogueRequired,
    };

    /// <summary>The field a mapping's key rule replaces (offers: source_key).</summary>
    internal static string? KeyFieldOf(ImportTarget target) => target == ImportTarget.Offers ? "source_key" : target == ImportTarget.Requirements ? "key" : null;
}
