namespace Quartermaster.Domain.Offers;

/// <summary>
/// The clearance rule, the one place that decides whether an offer may ship: both its transfer consent and its export
/// licence must be not required or granted, and where the donor's policy requires an export licence for the item's
/// control-list category (<see cref="Nations.PolicyDecision.LicenceRequired"/>) the licence must be granted: a licence
/// recorded as not required does not count (<c>licence.required</c>). A denial of either makes the offer ineligible;
/// anything else outstanding (pending, or a required licence not yet granted) may be matched but not shipped.
/// </summary>
public static class Clearance
{
    public static bool IsCleared(ClearanceStatus transferConsent, ClearanceStatus exportLicence, bool licenceRequired)
        => transferConsent is ClearanceStatus.NotRequired or ClearanceStatus.Granted
           && (exportLicence == ClearanceStatus.Granted || (exportLicence == ClearanceStatus.NotRequired && !licenceRequired));

    public static bool IsDenied(ClearanceStatus transferConsent, ClearanceStatus exportLicence)
        => transferConsent == ClearanceStatus.Denied || exportLicence == ClearanceStatus.Denied;

    public static bool IsPending(ClearanceStatus transferConsent, ClearanceStatus exportLicence, bool licenceRequired)
        => !IsDenied(transferConsent, exportLicence) && !IsCleared(transferConsent, exportLicence, licenceRequired);

    /// <summary>The donor's policy requires an export licence and none is recorded (not even pending).</summary>
    public static bool LicenceMissing(ClearanceStatus exportLicence, bool licenceRequired)
        => licenceRequired && exportLicence == ClearanceStatus.NotRequired;

    /// <summary>The code of what still stops a pending offer: <c>consent.pending</c>, <c>licence.pending</c> or <c>licence.required</c>.</summary>
    public static string? PendingCode(ClearanceStatus transferConsent, ClearanceStatus exportLicence, bool licenceRequired)
        => !IsPending(transferConsent, exportLicence, licenceRequired) ? null
            : transferConsent == ClearanceStatus.Pending ? "consent.pending"
            : exportLicence == ClearanceStatus.Pending ? "licence.pending"
            : "licence.required";
}
