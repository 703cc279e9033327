using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Quartermaster.Web.Hosting;

/// <summary>
/// Running behind a TLS-terminating reverse proxy. X-Forwarded-For/-Proto are honoured only from the proxies named in
/// configuration (<c>ForwardedHeaders:KnownProxies</c> addresses, <c>ForwardedHeaders:KnownNetworks</c> CIDR ranges,
/// comma-separated); from anyone else they are ignored, so a client cannot choose its own address (rate limits) or claim
/// HTTPS. <c>PublicBaseUrl</c> (e.g. https://qm.example.org) fixes the scheme and host every request is taken to have
/// (origin checks, cookies' Secure flag); <c>AllowedHosts</c> (semicolon-separated) refuses other Host headers with 400.
/// Redirects are always relative (see <see cref="Security"/>), so no Host header ever reaches a Location.
/// </summary>
public sealed record ProxySettings(IReadOnlyList<IPAddress> Proxies, IReadOnlyList<System.Net.IPNetwork> Networks, Uri? PublicBaseUrl, IReadOnlyList<string> AllowedHosts)
{
    public static ProxySettings From(IConfiguration configuration)
    {
        static IEnumerable<string> List(string? value, params char[] separators)
            => (value ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var proxies = List(configuration["ForwardedHeaders:KnownProxies"], ',', ';').Select(p => IPAddress.TryParse(p, out var a)
            ? a : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = List(configuration["ForwardedHeaders:KnownNetworks"], ',', ';').Select(n => System.Net.IPNetwork.TryParse(n, out var net)
            ? net : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a CIDR range (e.g. 10.0.0.0/8).")).ToList();
        Uri? publicBase = null;
        if (configuration["PublicBaseUrl"] is { Length: > 0 } url
            && !(Uri.TryCreate(url, UriKind.Absolute, out publicBase) && publicBase.Scheme is "http" or "https"))
            throw new InvalidOperationException($"PublicBaseUrl: '{url}' is not an absolute http(s) address.");
        var hosts = List(configuration["AllowedHosts"], ';').Where(h => h != "*").ToList();
        return new ProxySettings(proxies, networks, publicBase, hosts);
    }

    public void AddServices(IServiceCollection services)
    {
        if (AllowedHosts.Count > 0)
            services.AddHostFiltering(o =>
            {
                o.AllowedHosts = AllowedHosts.ToList();
                o.AllowEmptyHosts = false;
                o.IncludeFailureMessage = false;
            });
    }

    public void Use(IApplicationBuilder app)
    {
        if (Proxies.Count > 0 || Networks.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var p in Proxies) forwarded.KnownProxies.Add(p);
            foreach (var n in Networks) forwarded.KnownIPNetworks.Add(n);
            app.UseForwardedHeaders(forwarded);
        }
        if (AllowedHosts.Count > 0) app.UseHostFiltering();
        if (PublicBaseUrl is { } b)
        {
            var host = b.IsDefaultPort ? new HostString(b.Host) : new HostString(b.Host, b.Port);
            app.Use((http, next) =>
            {
                http.Request.Scheme = b.Scheme;
                http.Request.Host = host;
                return next(http);
            });
        }
    }
}
