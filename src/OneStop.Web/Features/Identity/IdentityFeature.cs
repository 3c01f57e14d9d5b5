using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.PasswordReset;
using OneStop.Web.Features.Identity.Sso;
using OneStop.Web.Features.Identity.Tokens;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// Sign-in for citizens and staff: accounts (ASP.NET Core Identity) with their password rules and reset links, the
/// session cookie and its limits, the authorisation policies, citizen single sign-on and OneStop's token server.
/// (Named <c>…Feature</c> because <c>AddIdentity</c> is ASP.NET Core Identity's own.)
/// </summary>
public static class IdentityFeature
{
    /// <summary>A session ends this long after the password was last given, however active it is.</summary>
    public static readonly TimeSpan AbsoluteSessionLimit = TimeSpan.FromHours(12);

    public static IServiceCollection AddIdentityFeature(this IServiceCollection services, OneStopOptions settings, IHostEnvironment env)
    {
        // Accounts: staff and applicants.
        services.AddIdentityCore<Account>(o =>
            {
                // ASVS 6.2: length and the common-password list, no composition rules (CommonPasswordValidator).
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
                o.Tokens.PasswordResetTokenProvider = PasswordResetTokenProviderOptions.ProviderName;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<OneStopDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProviderOptions.ProviderName)
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProviderOptions.ProviderName);
        services.AddScoped<PasswordResets>();
        services.AddSingleton<CommonPasswords>();

        // Sessions: the Identity cookie; citizen single sign-on (OpenID Connect) and OneStop's token server (API clients,
        // development provider).
        var authentication = services.AddAuthentication(IdentityConstants.ApplicationScheme);
        authentication.AddIdentityCookies();
        services.AddOneStopSso(authentication, settings, env);
        services.AddOneStopTokenServer(settings, env);
        services.AddBackgroundJob<SignInSessionSweep>(settings);
        // The stamp is checked on every request (one primary-key read), so disabling an account ends its sessions at once.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            o.OnRefreshingPrincipal = RecentSignIn.KeepSignInClaims;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/dang-nhap";
            o.LogoutPath = "/dang-xuat";
            o.AccessDeniedPath = "/khong-co-quyen";
            o.Cookie.Name = "onestop.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request came over HTTPS (at the load balancer: X-Forwarded-Proto), and always in Production.
            o.Cookie.SecurePolicy = env.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            // Idle timeout: 30 minutes without a request ends the session (sliding); the absolute limit is below.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            o.SlidingExpiration = true;
            // API callers get status codes, not a redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnValidatePrincipal = async ctx =>
            {
                // Absolute timeout: a session ends 12 hours after the password was last given, however active it is. (The
                // cookie's issue time moves on every renewal, so the time comes from the sign-in claim; no claim, no session.)
                if (RecentSignIn.AuthTime(ctx.Principal!) is not { } signedIn || ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() - signedIn > AbsoluteSessionLimit)
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                // A signed-out session (its row ended) is refused, whoever replays a copy of its cookie.
                if (!await SignInSessions.IsOpenAsync(ctx.HttpContext, ctx.Principal!))
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                // A changed security stamp (password change, disabled account, role change) ends the session at once.
                await SecurityStampValidator.ValidatePrincipalAsync(ctx);
            };
            // Sign-out ends the session on the server, not only the browser's cookie (the page, and a lockout at re-confirmation).
            o.Events.OnSigningOut = ctx => SignInSessions.EndAsync(ctx.HttpContext, ctx.HttpContext.User);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });

        // Policies: roles held as grants, the applicant kind, and the machine clients' scope.
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.CataloguePolicy, p => p.RequireRole(StaffRoles.CatalogueAdministrator))
            .AddPolicy(StaffRoles.SystemPolicy, p => p.RequireRole(StaffRoles.SystemAdministrator))
            .AddPolicy(StaffRoles.StaffPolicy, StaffRoles.Officer)
            .AddPolicy(StaffRoles.SupervisionPolicy, StaffRoles.Supervisor)
            .AddPolicy(StaffRoles.StaffReaderPolicy, StaffRoles.Reader)
            .AddPolicy(StaffRoles.ApplicantPolicy, p => p.RequireClaim(Actor.KindClaim, nameof(AccountKind.Applicant)))
            // Machine clients: a bearer access token (never the cookie) with the scope the route needs.
            .AddPolicy(ApiScopes.SyncPolicy, p => p.AddAuthenticationSchemes(TokenServer.BearerScheme).RequireAuthenticatedUser()
                .RequireAssertion(ctx => OpenIddict.Abstractions.OpenIddictExtensions.HasScope(ctx.User, ApiScopes.DossiersRead)));
        return services;
    }

    /// <summary>The token endpoint, the start of single sign-on and, when it is on, the development identity provider.</summary>
    public static IEndpointRouteBuilder MapIdentityFeature(this IEndpointRouteBuilder app)
    {
        app.MapTokenEndpoint();
        app.MapSsoStart();
        if (DevIdentityProvider.IsEnabled(app.ServiceProvider.GetRequiredService<IOptions<OneStopOptions>>().Value, app.ServiceProvider.GetRequiredService<IHostEnvironment>()))
        {
            app.MapDevIdentityProvider();
        }

        return app;
    }

    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
