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

    /// <summary>
    /// <see cref="SyncAsync"/> in a scope of its own, again in a fresh scope (fresh context and OpenIddict cache) when
    /// another instance starting at the same moment registered or changed the same client first: the second look then
    /// finds the client as wanted, or updates it over the other instance's row.
    /// </summary>
    public static async Task SyncAsync(IServiceProvider services, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var scope = services.CreateScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ApiClientRegistry>().SyncAsync(ct);
                return;
            }
            catch (Exception e) when (attempt < 3 && e is OpenIddictExceptions.ConcurrencyException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                scope.ServiceProvider.GetRequiredService<ILogger<ApiClientRegistry>>()
                    .LogInformation(e, "API clients changed by another instance during start-up; reading them again");
            }
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
        else if (!await IsUnchangedAsync(existing, descriptor, ct))
        {
            await applications.UpdateAsync(existing, descriptor, ct);
            log.LogInformation("Updated API client {ClientId}", descriptor.ClientId);
        }
    }

    /// <summary>
    /// Cold start: an update hashes the client secret anew (PBKDF2 with a fresh salt), validates the whole application
    /// again (more queries) and rewrites the row, on every start of every instance, and two instances starting at once
    /// then collide on the row's concurrency token. Nothing is written when the stored application already matches the
    /// configuration: every field but the secret compared as stored, and the configured secret verified against the
    /// stored hash (one PBKDF2 check; nothing about the secret is kept besides OpenIddict's own hash, so a changed
    /// secret is always noticed). A changed secret, scope, agency or name is written as before.
    /// </summary>
    private async Task<bool> IsUnchangedAsync(object existing, OpenIddictApplicationDescriptor wanted, CancellationToken ct)
    {
        var stored = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(stored, existing, ct);
        if (!string.Equals(Fingerprint(stored), Fingerprint(wanted), StringComparison.Ordinal))
        {
            return false;
        }

        return wanted.ClientSecret is null
            ? stored.ClientSecret is null
            : stored.ClientSecret is not null && await applications.ValidateClientSecretAsync(existing, wanted.ClientSecret, ct);
    }

    /// <summary>Every field of an application except its secret, in a fixed order (sets sorted).</summary>
    private static string Fingerprint(OpenIddictApplicationDescriptor d) => JsonSerializer.Serialize(new object?[]
    {
        d.ClientId, d.ClientType, d.ApplicationType, d.ConsentType, d.DisplayName,
        d.DisplayNames.OrderBy(n => n.Key.Name, StringComparer.Ordinal).Select(n => n.Key.Name + "=" + n.Value),
        d.Permissions.Order(StringComparer.Ordinal),
        d.Requirements.Order(StringComparer.Ordinal),
        d.RedirectUris.Select(u => u.AbsoluteUri).Order(StringComparer.Ordinal),
        d.PostLogoutRedirectUris.Select(u => u.AbsoluteUri).Order(StringComparer.Ordinal),
        d.Settings.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value),
        d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.GetRawText()),
        d.JsonWebKeySet?.Keys.Select(k => k.Kid),
    });
}
