using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Application.Industry;

/// <summary>
/// Who sees and changes industry records, in one place. The coordinator creates and vets companies, keeps every product
/// and makes orders. An industry representative sees only its own company (bound by code), keeps only its products
/// (price, capacity, stock) and sees only the orders placed with it; anything else answers as if it did not exist.
/// Everyone else signed in (auditors, points of contact, the recipient's officers) reads companies and products: what
/// industry can supply is what the cell plans with. Orders: the cell, auditors and the recipient's officers read all;
/// a point of contact reads the orders its nation's money pays for (other nations' shares only as one aggregate).
/// </summary>
public static class IndustryAccess
{
    public static bool IsRepresentative(Actor actor) => Acting.RoleOf(actor) == Role.IndustryRepresentative;

    /// <summary>The company an industry representative is bound to (null for every other role).</summary>
    public static string? OwnCompany(Actor actor) => IsRepresentative(actor) ? actor.Company ?? "" : null;

    public static bool SeesCompany(Actor actor, Company company) => OwnCompany(actor) is not { } own || own == company.Code;

    public static void EnsureCoordinator(Actor actor, string field, string what)
    {
        if (Acting.RoleOf(actor) != Role.Coordinator) throw new RequestException(field, $"Only a coordinator can {what}.");
    }

    /// <summary>Products: the coordinator any, an industry representative its own company's (another's answers "not found").</summary>
    public static void EnsureMayKeepProducts(Actor actor, Company company, string what, string id)
    {
        var role = Acting.RoleOf(actor);
        if (role == Role.Coordinator) return;
        if (role == Role.IndustryRepresentative && actor.Company == company.Code) return;
        if (role == Role.IndustryRepresentative) throw new NotFoundException(what, id);
        throw new RequestException("companyCode", $"A {role} cannot change a company's products.");
    }
}
