using System.Text.Json;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.Sso;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace OneStop.Web.Features.Identity.Tokens;

/// <summary>
/// Keeps the token server's registered applications in line with configuration at start-up: the machine clients of
/// "OneStop:ApiClients", the demo client when demo accounts are on, and the portal itself as a client of the
/// development identity provider.
/// </summary>
public sealed class ApiClientRegistry(IOpenIddictApplicationManager applications, IOptions<OneStopOptions> options, IHostEnvironment env, ILogger<ApiClientRegistry> log)
{
    public const string AgenciesProperty = "agencies";
    /// <summary>The demo synchronisation client (secret: the demo password); only with demo accounts, never in Production.</summary>
    public const string DemoClientId = "demo-dvcqg-sync";

    public async Task SyncAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var clients = settings.ApiClients.ToList();
        if (settings.DemoAccounts && !string.IsNullOrEmpty(settings.DemoPassword) && !env.IsProduction())
        {
            clients.Add(new ApiClientOptions
            {
                ClientId = DemoClientId,
                DisplayName = "Cổng DVC quốc gia (đồng bộ thử nghiệm)",
                Secret = settings.DemoPassword,
                Scopes = [ApiScopes.DossiersRead],
            });
        }

        foreach (var client in clients)
        {
            if (string.IsNullOrWhiteSpace(client.ClientId) || string.IsNullOrWhiteSpace(client.Secret))
            {
                throw new InvalidOperationException($"OneStop:ApiClients: client '{client.ClientId}' needs a ClientId and a Secret (from the environment).");
            }

            var unknown = client.Scopes.Except(ApiScopes.All).ToList();
            if (unknown.Count > 0)
            {
                throw new InvalidOperationException($"OneStop:ApiClients: client '{client.ClientId}' asks for unknown scopes {string.Join(", ", unknown)}.");
            }

            var descriptor = new OpenIddictApplicationDescriptor
            {
                ClientId = client.ClientId,
                ClientSecret = client.Secret,
                ClientType = ClientTypes.Confidential,
                DisplayName = client.DisplayName ?? client.ClientId,
            };
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials, .. client.Scopes.Select(s => Permissions.Prefixes.Scope + s)]);
            descriptor.Properties[AgenciesProperty] = JsonSerializer.SerializeToElement(client.Agencies);
            await UpsertAsync(descriptor, ct);
        }

        if (DevIdentityProvider.IsEnabled(settings, env))
        {
            var portal = new OpenIddictApplicationDescriptor
            {
                ClientId = DevIdentityProvider.PortalClientId,
                ClientType = ClientTypes.Public,
                DisplayName = "OneStop (cổng dịch vụ công)",
            };
            portal.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Scopes.Email, Permissions.Scopes.Phone, Permissions.Scopes.Address]);
            portal.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            var existing = await applications.FindByClientIdAsync(portal.ClientId, ct);
            if (existing is not null)
            {
                // Keep the redirect addresses already learnt (EnsureRedirectUriAsync).
                foreach (var uri in await applications.GetRedirectUrisAsync(existing, ct))
                {
                    portal.RedirectUris.Add(new Uri(uri));
                }
            }

            await UpsertAsync(portal, ct);
        }
    }

    /// <summary>
    /// The development provider accepts the portal's own callback on whatever address this instance serves
    /// (a random port in tests). Never used with a real provider.
    /// </summary>
    public async Task EnsureRedirectUriAsync(Uri redirectUri, CancellationToken ct)
    {
        var portal = await applications.FindByClientIdAsync(DevIdentityProvider.PortalClientId, ct)
            ?? throw new InvalidOperationException("The development identity provider has no portal client: restart to register it.");
        var uris = await applications.GetRedirectUrisAsync(portal, ct);
        if (uris.Contains(redirectUri.AbsoluteUri, StringComparer.Ordinal))
        {
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, portal, ct);
        descriptor.RedirectUris.Add(redirectUri);
        try
        {
            await applications.UpdateAsync(portal, descriptor, ct);
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
            // Another instance added an address at the same moment: read again and add ours.
            await EnsureRedirectUriAsync(redirectUri, ct);
        }
    }

    private async Task UpsertAsync(OpenIddictApplicationDescriptor descriptor, CancellationToken ct)
    {
        var existing = await applications.FindByClientIdAsync(descriptor.ClientId!, ct);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, ct);
            log.LogInformation("Registered API client {ClientId}", descriptor.ClientId);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, ct);
        }
    }
}
