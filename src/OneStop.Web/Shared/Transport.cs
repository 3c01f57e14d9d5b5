using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;

namespace OneStop.Web.Shared;

/// <summary>
/// TLS ends at the city's load balancer. Its X-Forwarded-For and X-Forwarded-Proto headers are believed only when the
/// request comes from an address in <c>OneStop:TrustedProxies</c>, so the rate limits, the audit log and secure cookies
/// see the client's address and scheme, and nobody else can claim another address. Outside Development: HSTS for a
/// year with subdomains, and plain HTTP is redirected to HTTPS when the server knows its HTTPS port. In Production only
/// the Host names of <c>AllowedHosts</c> are answered (by default the host of <c>OneStop:PublicUrl</c>).
/// </summary>
public static class Transport
{
    public static IServiceCollection AddOneStopTransport(this IServiceCollection services, IHostEnvironment env)
    {
        // Production answers only for its own name: "AllowedHosts" left at "*" (appsettings.json) becomes the host of
        // OneStop:PublicUrl, so a request with another Host header is answered 400 before anything reads it. Operators who
        // also reach instances by another name (a health probe by address) list every name in AllowedHosts.
        if (env.IsProduction())
        {
            services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<OneStopOptions>>((o, settings) =>
            {
                if ((o.AllowedHosts.Count == 0 || o.AllowedHosts.Contains("*")) && OneStopOptions.IsPublicUrl(settings.Value.PublicUrl))
                {
                    o.AllowedHosts = [settings.Value.PublicBase().Host];
                }
            });
        }

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<OneStopOptions>>((o, settings) =>
        {
            // Only the configured proxies (not the loopback default); every trusted hop is peeled, the first other one is the client.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.ForwardLimit = null;
            foreach (var entry in settings.Value.TrustedProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    o.KnownProxies.Add(address);
                }
                else if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    o.KnownIPNetworks.Add(network);
                }
            }

            // With no trusted proxy the middleware would believe every peer: the headers are then not read at all.
            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
        // No "Server: Kestrel" header: nothing tells a prober which server answers.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return services;
    }

    /// <summary>An IP address ("10.0.0.5") or a CIDR network ("10.0.0.0/16") as <c>OneStop:TrustedProxies</c> takes them.</summary>
    public static bool IsProxyEntry(string? entry) =>
        IPAddress.TryParse(entry, out _) || System.Net.IPNetwork.TryParse(entry, out _);
}
