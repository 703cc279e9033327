using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;

namespace Quartermaster.Application.Nations;

public sealed record NationView(string Code, string Name, string Kind, string Status, bool NonLethalOnly,
    IReadOnlyList<string> ForbiddenCategories, IReadOnlyList<string> LicenceRequiredCategories, long Version, DateOnly? NatoMemberSince = null)
{
    public static NationView Of(Nation n) => new(n.Code, n.Name, n.Kind.ToString(), n.Status.ToString(), n.Policy.NonLethalOnly,
        n.Policy.ForbiddenCategories, n.Policy.LicenceRequiredCategories, n.Version, n.NatoMemberSince);
}

public sealed record NationInput(string? Code, string? Name, NationStatus? Status, bool NonLethalOnly = false,
    IReadOnlyList<string>? ForbiddenCategories = null, IReadOnlyList<string>? LicenceRequiredCategories = null);

/// <summary>A nation as a filter or picker shows it.</summary>
public sealed record NationName(string Code, string Name);

/// <summary>Use cases on nations: list, read, create, update.</summary>
public sealed class NationsService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<Nation, object?>>> Sorts = new()
    {
        ["code"] = n => n.Code,
        ["name"] = n => n.Name,
        ["status"] = n => n.Status,
    };

    public Task<Page<NationView>> List(PageQuery page, NationStatus? status = null, CancellationToken ct = default)
    {
        var q = db.Nations.AsQueryable();
        if (status is not null) q = q.Where(n => n.Status == status);
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            q = q.Where(n => EF.Functions.Like(n.Name.ToLower(), like, "\\") || EF.Functions.Like(n.Code.ToLower(), like, "\\"));
        }
        return q.ToPage(db, page, "name", Sorts, NationView.Of, ct);
    }

    /// <summary>Every nation's code and name, by name: for filters and pickers (no policy, no paging, no count).</summary>
    public async Task<IReadOnlyList<NationName>> Names(CancellationToken ct = default)
        => await db.Nations.AsNoTracking().OrderBy(n => n.Name).Select(n => new NationName(n.Code, n.Name)).ToListAsync(ct);

    public async Task<NationView> Get(string code, CancellationToken ct = default)
        => NationView.Of(await Find(code, ct));

    public async Task<Nation> Find(string code, CancellationToken ct = default)
        => await db.Nations.FirstOrDefaultAsync(n => n.Code == code.ToUpper(), ct) ?? throw new NotFoundException("Nation", code);

    public Task<NationView> Create(Actor actor, NationInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create nation {input.Code}", async () =>
        {
            var code = NationCode.Parse(input.Code);
            if (await db.Nations.AnyAsync(n => n.Code == code, ct))
                throw new ConflictException($"Nation {code} already exists.");
            var nation = new Nation(code, input.Name!, input.Status ?? throw new RequestException("status", "status is required (Member, Partner or Recipient)."));
            nation.SetPolicy(input.NonLethalOnly, input.ForbiddenCategories, input.LicenceRequiredCategories);
            db.Nations.Add(nation);
            return nation;
        }, n => Task.FromResult(NationView.Of(n)), ct);

    public Task<NationView> Update(Actor actor, string code, long expectedVersion, NationInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update nation {code}", async () =>
        {
            var nation = await Find(code, ct);
            db.ExpectVersion(nation, expectedVersion);
            nation.Rename(input.Name!);
            if (input.Status is { } s) nation.ChangeStatus(s);
            nation.SetPolicy(input.NonLethalOnly, input.ForbiddenCategories, input.LicenceRequiredCategories);
            return nation;
        }, n => Task.FromResult(NationView.Of(n)), ct);
}
