using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Application.Common;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Web.Api;

/// <summary>
/// The REST API under /api/v1: one file per area (<c>NationsApi</c>, <c>OffersApi</c>, …), each a thin call into
/// that area's application services. This file only mounts them.
/// </summary>
public static class Endpoints
{
    public static void MapQuartermasterApi(this IEndpointRouteBuilder app)
    {
        // Every API endpoint needs a signed-in person; writes add the policy of their area (see Policies).
        var api = app.MapGroup("/api/v1").DisableAntiforgery().RequireAuthorization(Policies.Read).ValidateInput();
        NationsApi.Map(api.MapGroup("/nations").WithTags("Nations"));
        CatalogueApi.Map(api.MapGroup("/catalogue").WithTags("Catalogue"));
        RequirementsApi.Map(api.MapGroup("/requirements").WithTags("Requirements"));
        OffersApi.Map(api.MapGroup("/offers").WithTags("Offers"));
        FundingApi.Map(api.MapGroup("/funding").WithTags("Funding"));
        FundingApi.MapPools(api.MapGroup("/pools").WithTags("Funding"));
        FundingApi.MapPackages(api.MapGroup("/packages").WithTags("Funding"));
        IndustryApi.Map(api.MapGroup("/industry").WithTags("Industry"));
        HubsApi.Map(api.MapGroup("/hubs").WithTags("Logistics"));
        ImportApi.Map(api.MapGroup("/import").WithTags("Import"));
        api.MapGet("/me", (CurrentActor a) => new { user = a.Actor.Name, role = a.Actor.Role, nation = a.Actor.Nation }).WithTags("Access");
        ReportsApi.Map(api.MapGroup("/reports").WithTags("Reports"));
        LedgerApi.Map(api.MapGroup("/ledger").WithTags("Ledger"));
        AccessApi.Map(api.MapGroup("/tokens").WithTags("Access").RequireAuthorization(Policies.OwnTokens).RequireRateLimiting(Policies.TokenLimit));
        PlansApi.Map(api.MapGroup("/plans").WithTags("Planning"));
        DeliveryApi.Map(api);
        AccountabilityApi.Map(api);
        TrainingApi.Map(api.MapGroup("/training").WithTags("Training"));
        TechnologyApi.Map(api.MapGroup("/technology").WithTags("Technology"));
        ReadinessApi.Map(api.MapGroup("/readiness").WithTags("Readiness"));
    }
}

/// <summary>Query-string conventions shared by every list endpoint.</summary>
public static class ApiQuery
{
    public static PageQuery Page(int? page, int? pageSize, string? sort, string? search) => new(page ?? 1, pageSize ?? 50, sort, search);
}
