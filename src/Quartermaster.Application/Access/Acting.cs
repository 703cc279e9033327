using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;

namespace Quartermaster.Application.Access;

/// <summary>
/// The rules of acting in a nation's name, in one place: a national point of contact pledges only for the nation
/// bound to the account (never for one named in a request), and changes only that nation's records. The local
/// operator on the command line acts for the coordination cell.
/// </summary>
public static class Acting
{
    public static Role RoleOf(Actor actor) => Enum.TryParse<Role>(actor.Role, out var role) ? role : Role.Coordinator;

    public static Viewer ViewerOf(Actor actor) => new(RoleOf(actor), actor.Nation);

    /// <summary>The donor a new record is created for.</summary>
    public static string DonorFor(Actor actor, string? requested, string field = "donorCode")
    {
        var role = RoleOf(actor);
        if (role == Role.NationalPointOfContact)
        {
            var own = actor.Nation!;
            if (!string.IsNullOrWhiteSpace(requested) && NationCode.Parse(requested, field) != own)
                throw new RequestException(field, $"You act for {own}: you cannot pledge in another nation's name.");
            return own;
        }
        if (role != Role.Coordinator)
            throw new RequestException(field, $"A {role} cannot pledge for a nation.");
        return NationCode.Parse(requested, field);
    }

    /// <summary>Refuses a change to another nation's record as if the record did not exist (existence is not revealed).</summary>
    public static void EnsureMayChange(Actor actor, string donorCode, string what, string id)
    {
        if (!ViewerOf(actor).MayChangeFor(donorCode)) throw new NotFoundException(what, id);
    }
}
