using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;

namespace Quartermaster.Application.Training;

/// <summary>
/// Who may change training records, in one place: the coordinator everything; a host nation's point of contact the
/// sites of its own nation and their cohorts (another nation's site answers as if it did not exist); the recipient's
/// officer the progress (start, graduation) of any cohort.
/// </summary>
public static class TrainingAccess
{
    /// <summary>The host nation a new site is created for: a point of contact's own nation, never one named in the request.</summary>
    public static string HostFor(Actor actor, string? requested)
    {
        var role = Acting.RoleOf(actor);
        if (role == Role.NationalPointOfContact)
        {
            var own = actor.Nation!;
            if (!string.IsNullOrWhiteSpace(requested) && NationCode.Parse(requested, "hostNation") != own)
                throw new RequestException("hostNation", $"You act for {own}: you can only add sites in {own}.");
            return own;
        }
        if (role != Role.Coordinator) throw new RequestException("hostNation", $"A {role} cannot manage training sites.");
        return NationCode.Parse(requested, "hostNation");
    }

    /// <summary>Refuses a change to a site (or its cohorts) of another host nation as if it did not exist.</summary>
    public static void EnsureMayManage(Actor actor, string hostNation, string what, string id)
    {
        var role = Acting.RoleOf(actor);
        if (role == Role.Coordinator || (role == Role.NationalPointOfContact && actor.Nation == hostNation)) return;
        throw new NotFoundException(what, id);
    }

    /// <summary>Recording a cohort's progress: the coordinator, the recipient's officer, or the host nation's point of contact.</summary>
    public static void EnsureMayRecordProgress(Actor actor, string hostNation, string id)
    {
        if (Acting.RoleOf(actor) == Role.RecipientOfficer) return;
        EnsureMayManage(actor, hostNation, "Cohort", id);
    }
}
