using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Access;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;

namespace Quartermaster.Application.Funding;

public sealed record FundingView(Guid Id, string DonorCode, string Pool, decimal Amount, string Currency, DateOnly PledgedOn,
    bool NonLethalOnly, string? Note, string Status, string Releasability, IReadOnlyList<string> ReleasedTo, long Version);

[StoredAs(typeof(FundingPledge))]
public sealed record FundingInput(string? DonorCode, string? Pool, decimal Amount, string? Currency, DateOnly? PledgedOn,
    bool NonLethalOnly = false, string? Note = null, Releasability? Releasability = null, IReadOnlyList<string>? ReleasedTo = null);

/// <summary>Use cases on funding pledges. A non-lethal-only donor's money is always restricted to non-lethal items.</summary>
public sealed class FundingService(QuartermasterDb db)
{
    private static readonly Dictionary<string, Expression<Func<FundingPledge, object?>>> Sorts = new()
    {
        ["donor"] = f => f.DonorCode,
        ["pool"] = f => f.Pool,
        ["pledgedon"] = f => f.PledgedOn,
        ["status"] = f => f.Status,
    };

    public Task<Page<FundingView>> List(PageQuery page, string? donor = null, string? pool = null, CancellationToken ct = default)
    {
        var q = db.FundingPledges.AsQueryable();
        if (!string.IsNullOrWhiteSpace(donor)) q = q.Where(f => f.DonorCode == donor.ToUpper());
        if (!string.IsNullOrWhiteSpace(pool)) q = q.Where(f => f.Pool == pool);
        if (!string.IsNullOrWhiteSpace(page.Search))
        {
            var like = Queries.Like(page.Search);
            q = q.Where(f => EF.Functions.Like(f.Pool.ToLower(), like, "\\") || EF.Functions.Like(f.DonorCode.ToLower(), like, "\\"));
        }
        return q.ToPage(page, "pledgedon", Sorts, View, ct);
    }

    public async Task<FundingView> Get(Guid id, CancellationToken ct = default) => View(await Find(id, ct));

    public async Task<FundingPledge> Find(Guid id, CancellationToken ct = default)
        => await db.FundingPledges.FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("Funding pledge", id.ToString());

    public Task<FundingView> Create(Actor actor, FundingInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"create funding {input.DonorCode} {input.Pool}", async () =>
        {
            var code = Acting.DonorFor(actor, input.DonorCode);
            var donor = await db.Nations.FirstOrDefaultAsync(n => n.Code == code, ct)
                        ?? throw new RequestException("donorCode", $"No nation has the code '{code}'.");
            var pledge = new FundingPledge(Guid.NewGuid(), donor.Code, input.Pool!, new Money(input.Amount, await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct)),
                input.PledgedOn ?? throw new RequestException("pledgedOn", "pledgedOn is required (yyyy-MM-dd)."),
                donor.Policy.NonLethalOnly || input.NonLethalOnly);
            pledge.Change(pledge.Money, input.Note);
            pledge.Release(input.Releasability ?? Releasability.Coordinators, input.ReleasedTo);
            db.FundingPledges.Add(pledge);
            return pledge;
        }, p => Task.FromResult(View(p)), ct);

    public Task<FundingView> Update(Actor actor, Guid id, long expectedVersion, FundingInput input, CancellationToken ct = default)
        => CommandRunner.Run(db, actor, $"update funding {id}", async () =>
        {
            var pledge = await Find(id, ct);
            Acting.EnsureMayChange(actor, pledge.DonorCode, "Funding pledge", id.ToString());
            db.ExpectVersion(pledge, expectedVersion);
            if (input.DonorCode is not null && NationCode.Parse(input.DonorCode, "donorCode") != pledge.DonorCode)
                throw new RequestException("donorCode", "The donor of a pledge cannot change.");
            pledge.Change(new Money(input.Amount, await new Importing.ExchangeRatesService(db).Require(input.Currency, "currency", ct)), input.Note);
            if (input.NonLethalOnly) pledge.RestrictToNonLethal();
            if (input.Releasability is { } release) pledge.Release(release, input.ReleasedTo);
            return pledge;
        }, p => Task.FromResult(View(p)), ct);

    private static FundingView View(FundingPledge f) => new(f.Id, f.DonorCode, f.Pool, f.Amount, f.Currency, f.PledgedOn,
        f.NonLethalOnly, f.Note, f.Status.ToString(), f.Releasability.ToString(), ReleaseList.Decode(f.ReleasedTo), f.Version);
}
