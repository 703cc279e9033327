using System.Text;

namespace Quartermaster.Application.Common;

/// <summary>
/// The label catalogue: the one place that turns codes (enum values, report column names, plan explanation codes,
/// record field names) into the words people use. Pages and CLI tables show <see cref="Of{TEnum}"/>,
/// <see cref="Header"/>, <see cref="Explanation"/> and <see cref="Field"/>; APIs and files keep the codes.
/// A code without an entry here is shown humanised ("PartlyCovered" → "Partly covered", "announced_eur" →
/// "Announced eur"), so a new value is never shown raw; add an entry when the humanised form is not what people say.
/// </summary>
public static class Labels
{
    /// <summary>Enum values, keyed "EnumType.Value".</summary>
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        // Technology projects
        ["TechnologyDomain.AI"] = "AI",
        ["TechnologyDomain.UncrewedSystems"] = "Uncrewed systems",
        ["TechnologyDomain.Quantum"] = "Quantum",
        ["TechnologyDomain.Space"] = "Space",
        ["TechnologyDomain.ElectronicWarfare"] = "Electronic warfare",
        ["TechnologyDomain.Cyber"] = "Cyber",
        ["TechnologyDomain.Other"] = "Other",
        ["DataMarking.Unclassified"] = "Unclassified",
        ["DataMarking.Restricted"] = "Restricted",
        ["DataMarking.Confidential"] = "Confidential",
        ["DataMarking.Secret"] = "Secret",
        ["ProjectVisibility.Full"] = "Released to you",
        ["ProjectVisibility.Listed"] = "Listed only (not released to your nation)",
        // Requirements
        ["RequirementStatus.Open"] = "Open",
        ["RequirementStatus.PartlyCovered"] = "Partly covered",
        ["RequirementStatus.Covered"] = "Covered",
        ["RequirementStatus.Delivered"] = "Delivered",
        ["RequirementStatus.Cancelled"] = "Cancelled",
        // Offers
        ["AidType.Military"] = "Military",
        ["AidType.Financial"] = "Financial",
        ["AidType.Humanitarian"] = "Humanitarian",
        ["OfferStatus.Offered"] = "Offered",
        ["OfferStatus.Accepted"] = "Accepted",
        ["OfferStatus.Allocated"] = "Allocated",
        ["OfferStatus.Shipped"] = "Shipped",
        ["OfferStatus.Delivered"] = "Delivered",
        ["OfferStatus.Withdrawn"] = "Withdrawn",
        ["Condition.Unknown"] = "Not stated",
        ["Condition.New"] = "New",
        ["Condition.Refurbished"] = "Refurbished",
        ["Condition.Used"] = "Used",
        ["ClearanceStatus.NotRequired"] = "Not required",
        ["ClearanceStatus.Pending"] = "Pending",
        ["ClearanceStatus.Granted"] = "Granted",
        ["ClearanceStatus.Denied"] = "Denied",
        // Funding
        ["FundingStatus.Pledged"] = "Pledged",
        ["FundingStatus.Committed"] = "Committed",
        ["FundingStatus.Withdrawn"] = "Withdrawn",
        ["VettingStatus.Pending"] = "Pending vetting",
        ["VettingStatus.Approved"] = "Approved",
        ["VettingStatus.Suspended"] = "Suspended",
        ["OrderState.Proposed"] = "Proposed",
        ["OrderState.Contracted"] = "Contracted",
        ["OrderState.InProduction"] = "In production",
        ["OrderState.Delivered"] = "Delivered",
        ["OrderState.Cancelled"] = "Cancelled",
        ["PoolPurpose.PackageFund"] = "Package fund (PURL-style)",
        ["PoolPurpose.RecipientIndustry"] = "Recipient's own industry",
        ["PoolPurpose.General"] = "General",
        ["PackageState.Open"] = "Open for contributions",
        ["PackageState.Closed"] = "Funding closed",
        ["PackageState.Cancelled"] = "Cancelled",
        ["PackageContributionState.Invited"] = "Invited",
        ["PackageContributionState.Accepted"] = "Accepted",
        ["PackageContributionState.Declined"] = "Declined",
        // Nations
        ["NationStatus.Member"] = "NATO member",
        ["NationStatus.Partner"] = "Partner",
        ["NationStatus.Recipient"] = "Recipient",
        ["NationKind.State"] = "State",
        ["NationKind.Organisation"] = "Organisation",
        // Catalogue
        ["Tracking.None"] = "Not tracked",
        ["Tracking.Lot"] = "By lot",
        ["Tracking.Serial"] = "By serial number",
        // Access
        ["Role.Coordinator"] = "Coordinator",
        ["Role.NationalPointOfContact"] = "National point of contact",
        ["Role.RecipientOfficer"] = "Recipient officer",
        ["Role.Auditor"] = "Auditor",
        ["Role.IndustryRepresentative"] = "Industry representative",
        ["Releasability.OwnNation"] = "Own nation only (and auditors)",
        ["Releasability.Coordinators"] = "Own nation and the coordination cell",
        ["Releasability.ListedNations"] = "Own nation, the cell and the listed nations",
        ["Releasability.AllParticipants"] = "All participants",
        ["TokenScope.Read"] = "Read only",
        ["TokenScope.Write"] = "Read and write",
        // Plans
        ["PlanState.Proposed"] = "Proposed",
        ["PlanState.Confirmed"] = "Confirmed",
        ["PlanState.Superseded"] = "Superseded",
    };

    /// <summary>Report and export column names (snake_case codes in files) as table headers.</summary>
    private static readonly Dictionary<string, string> Headers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["donor"] = "Donor code",
        ["donor_name"] = "Donor",
        ["donor_status"] = "Donor status",
        ["aid_type"] = "Aid type",
        ["announced_eur"] = "Announced (EUR)",
        ["delivered_eur"] = "Delivered (EUR)",
        ["allocated_eur"] = "Allocated (EUR)",
        ["shipped_eur"] = "Shipped (EUR)",
        ["received_eur"] = "Received (EUR)",
        ["packages"] = "Packages",
        ["lines"] = "Pledge lines",
        ["lines_undisclosed"] = "Lines with undisclosed quantity",
        ["packages_without_value"] = "Packages without a value",
        ["source_announced_eur"] = "Announced by the source (EUR)",
        ["tracker_announced_eur"] = "Announced by the tracker's method (EUR)",
        ["packages_stated"] = "Packages with a stated value",
        ["tracker_packages_stated"] = "Tracker: packages stated",
        ["tracker_packages_estimated"] = "Tracker: packages estimated",
        ["tracker_packages_unknown"] = "Tracker: packages unknown",
        ["coalition"] = "Coalition code",
        ["coalition_name"] = "Coalition",
    };

    /// <summary>Plan explanation codes (why a requirement is short or late) as short phrases.</summary>
    private static readonly Dictionary<string, string> Explanations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["supply-short"] = "Not enough offered",
        ["no-offer"] = "Nothing offered",
        ["taken-by"] = "Given to a higher priority",
        ["not-chosen"] = "Not chosen",
        ["hub-full"] = "Hub at capacity",
        ["short"] = "No whole unit fits",
        ["horizon"] = "Arrives after the planning horizon",
        ["compatibility"] = "Not compatible with the recipient's equipment",
        ["consent.pending"] = "Transfer consent pending",
        ["consent.denied"] = "Transfer consent denied",
        ["licence.pending"] = "Export licence pending",
        ["licence.denied"] = "Export licence denied",
        ["late.transit"] = "Late: transit takes too long",
        ["late.hub-full"] = "Late: hub at capacity earlier",
        ["late.chosen"] = "Late: a later arrival was chosen",
        ["offer.undisclosed"] = "Offered quantity undisclosed",
        ["policy.non-lethal-only"] = "Donor gives non-lethal items only",
        ["policy.forbidden-category"] = "Donor's policy forbids the item's category",
    };

    /// <summary>Record field names (as the services and the ledger name them) that humanise badly.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["itemId"] = "Item",
        ["trl"] = "Technology readiness level",
        ["munitionsListEntry"] = "Munitions List entry",
        ["dualUseEntry"] = "EU dual-use entry",
        ["eccn"] = "US ECCN",
        ["releasableTo"] = "Releasable to",
        ["leadCompany"] = "Lead company",
        ["trlHistory"] = "Readiness history",
        ["itemCode"] = "Item",
        ["donorCode"] = "Donor",
        ["packageId"] = "Package",
        ["quantityAnnounced"] = "Quantity announced",
        ["quantityAllocated"] = "Quantity allocated",
        ["quantityDelivered"] = "Quantity delivered",
        ["quantityCovered"] = "Quantity covered",
        ["quantityReportedDelivered"] = "Reported delivered",
        ["reportedDeliveredValue"] = "Reported delivered value",
        ["announcedOn"] = "Announced on",
        ["announcedRaw"] = "Announced (as written)",
        ["announced"] = "Announced on",
        ["neededBy"] = "Needed by",
        ["priorityRank"] = "Priority rank",
        ["consentFrom"] = "Consenting nation",
        ["transferConsent"] = "Transfer consent",
        ["exportLicence"] = "Export licence",
        ["releasedTo"] = "Listed nations",
        ["sourceKey"] = "Source line",
        ["nonLethalOnly"] = "Non-lethal items only",
        ["forbiddenCategories"] = "Forbidden control-list categories",
        ["licenceRequiredCategories"] = "Categories needing an export licence",
        ["isLethal"] = "Lethal",
        ["fsc"] = "Supply class (FSC)",
        ["nsn"] = "NATO stock number",
        ["massKg"] = "Mass (kg)",
        ["weeklyCapacityKg"] = "Weekly capacity (kg)",
        ["capacityKgPerWeek"] = "Weekly capacity (kg)",
        ["natoSince"] = "NATO member since",
        ["displayName"] = "Name",
        ["userName"] = "User name",
        ["failedSignIns"] = "Failed sign-ins",
        ["lockedUntil"] = "Locked until",
        ["passwordHash"] = "Password",
        ["earmarkItemId"] = "Earmarked item",
        ["earmarkCoalition"] = "Earmarked coalition",
        ["poolId"] = "Pool",
        ["pool"] = "Pool code",
        ["trainingCourseId"] = "Training course",
        ["catalogueItemId"] = "Item",
        ["companyId"] = "Company",
        ["attributions"] = "Paid by (attributions)",
    };

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Of(typeof(TEnum).Name, value.ToString());

    public static string Of<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Of(v) : "—";

    /// <summary>The words for a value of the named enum given as its code (views carry enum values as strings).</summary>
    public static string Of(string enumType, string? code)
        => string.IsNullOrEmpty(code) ? "—" : Values.TryGetValue(enumType + "." + code, out var w) ? w : Humanise(code);

    /// <summary>Every value of an enum with its words, in declaration order: for selects and filters.</summary>
    public static IReadOnlyList<(TEnum Value, string Label)> Options<TEnum>() where TEnum : struct, Enum
        => Enum.GetValues<TEnum>().Select(v => (v, Of(v))).ToList();

    public static string Header(string column) => Headers.TryGetValue(column, out var w) ? w : Humanise(column);

    public static string Explanation(string code) => Explanations.TryGetValue(code, out var w) ? w : Humanise(code);

    public static string Field(string field)
    {
        var leaf = field.Contains('.') ? field[(field.LastIndexOf('.') + 1)..] : field;
        return Fields.TryGetValue(field, out var w) || Fields.TryGetValue(leaf, out w) ? w : Humanise(leaf);
    }

    /// <summary>Which enum a stored field holds, for showing a ledger value in words ("Requirement", "Status" → RequirementStatus).</summary>
    private static readonly Dictionary<string, string> FieldEnums = new(StringComparer.Ordinal)
    {
        ["Requirement.Status"] = "RequirementStatus", ["Offer.Status"] = "OfferStatus", ["FundingPledge.Status"] = "FundingStatus",
        ["Nation.Status"] = "NationStatus", ["AllocationPlan.State"] = "PlanState", ["*.AidType"] = "AidType", ["*.Condition"] = "Condition",
        ["*.TransferConsent"] = "ClearanceStatus", ["*.ExportLicence"] = "ClearanceStatus", ["*.Releasability"] = "Releasability",
        ["*.Role"] = "Role", ["*.Scope"] = "TokenScope", ["*.Tracking"] = "Tracking", ["*.Kind"] = "NationKind",
        ["TechnologyProject.Domain"] = "TechnologyDomain", ["TechnicalDataRecord.Marking"] = "DataMarking",
    };

    /// <summary>Fields stored as JSON lists, in words (ids in them named from the history's names).</summary>
    private static readonly Dictionary<string, Func<string, IReadOnlyDictionary<string, string>, string>> Formatters = new(StringComparer.Ordinal)
    {
        ["TechnologyProject.TrlHistory"] = (raw, _) => Technology.TechnologyText.TrlHistory(raw),
        ["TechnologyProject.Milestones"] = (raw, _) => Technology.TechnologyText.Milestones(raw),
        ["TechnologyProject.Participants"] = (raw, _) => Technology.TechnologyText.Participants(raw),
        ["FundedPackage.Lines"] = Funding.PackageText.Lines,
        ["FundedPackage.Contributions"] = Funding.PackageText.Contributions,
        ["FundedPackage.Attributions"] = Funding.PackageText.Attributions,
    };

    private static readonly IReadOnlyDictionary<string, string> NoNames = new Dictionary<string, string>();

    /// <summary>
    /// A stored value of a record's field in words: an enum value by its label, a list field by its formatter, an id by
    /// the name of the record it refers to (from <paramref name="names"/>); other values as they are.
    /// </summary>
    public static string? Value(string entityType, string field, string? raw, IReadOnlyDictionary<string, string>? names = null)
    {
        if (raw is null) return null;
        names ??= NoNames;
        if (Formatters.TryGetValue(entityType + "." + field, out var format)) return format(raw, names);
        if (field.EndsWith("Id", StringComparison.Ordinal) && names.TryGetValue(raw, out var name)) return name;
        return FieldEnums.TryGetValue(entityType + "." + field, out var e) || FieldEnums.TryGetValue("*." + field, out e) ? Of(e, raw) : raw;
    }

    /// <summary>"PartlyCovered", "partly_covered", "partly-covered" → "Partly covered"; acronyms stay ("NSN").</summary>
    public static string Humanise(string code)
    {
        if (string.IsNullOrEmpty(code)) return code;
        var sb = new StringBuilder(code.Length + 8);
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c is '_' or '-' or '.') { if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' '); continue; }
            var boundary = i > 0 && char.IsUpper(c)
                && (char.IsLower(code[i - 1]) || (i + 1 < code.Length && char.IsLower(code[i + 1]) && char.IsUpper(code[i - 1])));
            if (boundary && sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
            sb.Append(c);
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select((w, i) => w.All(char.IsUpper) && w.Length > 1 ? w : i == 0 ? char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant() : w.ToLowerInvariant());
        return string.Join(' ', words);
    }
}
