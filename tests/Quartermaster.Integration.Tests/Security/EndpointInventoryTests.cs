using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Security;

/// <summary>The app's own list of endpoints: every one names who may call it, and only a short public list is anonymous.</summary>
public abstract class EndpointInventoryTests<TKind>(SecurityFixture<TKind> fx) : IClassFixture<SecurityFixture<TKind>> where TKind : IDbKind
{
    /// <summary>The only routes anybody may reach without signing in.</summary>
    public static readonly IReadOnlySet<string> PublicRoutes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "/signin", "/denied", "/health", "/health/live", "/health/ready", "/error/{code:int?}" };

    public static string RouteOf(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").Trim('/');

    public static IReadOnlyList<string> MethodsOf(Endpoint e) => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];

    public static IReadOnlyList<string> PoliciesOf(Endpoint e)
        => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "(authenticated)").Distinct().ToList();

    [Fact]
    public void Every_endpoint_requires_authorization_unless_it_is_an_explicitly_public_page()
    {
        var endpoints = fx.RouteEndpoints();
        Assert.NotEmpty(endpoints);
        var failures = new List<string>();
        foreach (var e in endpoints)
        {
            var route = RouteOf(e);
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorized = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0 || e.Metadata.GetMetadata<AuthorizationPolicy>() is not null;
            if (anonymous)
            {
                if (!PublicRoutes.Contains(route)) failures.Add($"{string.Join(",", MethodsOf(e))} {route} allows anonymous callers but is not in the public list");
            }
            else if (!authorized)
                failures.Add($"{string.Join(",", MethodsOf(e))} {route} ({e.DisplayName}) carries no authorization metadata");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The public list is exactly what is public: a page in it that no longer allows anonymous callers is noticed too.
        var reallyPublic = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(RouteOf).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Equal(PublicRoutes.Order(), reallyPublic.Order());
        TestContext.Current.SendDiagnosticMessage($"{endpoints.Count} route endpoints checked");
    }

    [Fact]
    public void Every_api_write_endpoint_names_a_write_policy_beyond_plain_sign_in()
    {
        string[] writePolicies = [Policies.Coordinate, Policies.Pledge, Policies.Requirements, Policies.OwnTokens, Policies.Ship, Policies.Receive, Policies.Deliver, Policies.Witness, Policies.Training, Policies.TrainingProgress, Policies.Industry];
        var failures = new List<string>();
        var writes = 0;
        foreach (var e in fx.RouteEndpoints().Where(e => RouteOf(e).StartsWith("/api/", StringComparison.Ordinal)))
        {
            var methods = MethodsOf(e);
            if (methods.All(m => m is "GET" or "HEAD")) continue;
            writes++;
            var policies = PoliciesOf(e);
            if (!policies.Any(writePolicies.Contains))
                failures.Add($"{string.Join(",", methods)} {RouteOf(e)} has only [{string.Join(", ", policies)}]");
        }
        Assert.True(writes > 10, $"only {writes} write endpoints found: the inventory is not the app's");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Static_assets_are_not_endpoints()
        => Assert.DoesNotContain(fx.RouteEndpoints(), e => RouteOf(e).StartsWith("/assets", StringComparison.OrdinalIgnoreCase));
}

public sealed class EndpointInventoryOnSqlite(SecurityFixture<OnSqlite> fx) : EndpointInventoryTests<OnSqlite>(fx);

public sealed class EndpointInventoryOnPostgres(SecurityFixture<OnPostgres> fx) : EndpointInventoryTests<OnPostgres>(fx);
