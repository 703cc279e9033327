namespace Quartermaster.Domain.Offers;

/// <summary>
/// The clearance rule: an offer ships only when both its transfer consent and its export licence are not
/// required or granted; a denial of either makes it ineligible; anything pending may be matched but not shipped.
/// </summary>
public static class Clearance
{
    public static bool IsCleared(ClearanceStatus transferConsent, ClearanceStatus exportLicence)
        => transferConsent is ClearanceStatus.NotRequired or ClearanceStatus.Granted
           && exportLicence is ClearanceStatus.NotRequired or ClearanceStatus.Granted;

    public static bool IsDenied(ClearanceStatus transferConsent, ClearanceStatus exportLicence)
        => transferConsent == ClearanceStatus.Denied || exportLicence == ClearanceStatus.Denied;

    public static bool IsPending(ClearanceStatus transferConsent, ClearanceStatus exportLicence)
        => !IsDenied(transferConsent, exportLicence) && !IsCleared(transferConsent, exportLicence);
}
