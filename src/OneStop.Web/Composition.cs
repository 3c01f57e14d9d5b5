using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OneStop.Web.Features.Agencies;
using OneStop.Web.Documents;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Features.Identity.Sso;
using OneStop.Web.Features.Identity.Tokens;
using OneStop.Web.Shared;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OneStop.Web;

/// <summary>Wiring of the whole host in one place: services first, then the request pipeline.</summary>
public static class Composition
{
    public static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static WebApplicationBuilder AddOneStop(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        // Settings: OneStop section, with ONESTOP_DATABASE as the one environment variable for the database.
        services.AddOptions<OneStopOptions>()
            .Bind(config.GetSection(OneStopOptions.Section))
            .PostConfigure(o =>
            {
                var env = config["ONESTOP_DATABASE"];
                if (!string.IsNullOrWhiteSpace(env))
                {
                    o.Database = env;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OneStopOptions>, OneStopOptionsValidator>();
        services.AddSingleton<IValidateOptions<Features.Payments.PaymentOptions>, Features.Payments.PaymentOptionsValidator>();
        var settings = new OneStopOptions();
        config.GetSection(OneStopOptions.Section).Bind(settings);
        if (!string.IsNullOrWhiteSpace(config["ONESTOP_DATABASE"]))
        {
            settings.Database = config["ONESTOP_DATABASE"];
        }

        services.AddSingleton(TimeProvider.System);

        // Data: one context type for the features, one subclass per provider for its migrations. EF Core interceptors
        // registered in DI (auditing, fault injection in tests) are added to every context.
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<OneStopDbContext, PostgresOneStopDbContext>((sp, o) => o
                .UseNpgsql(settings.Database, n => n.MigrationsHistoryTable("__EFMigrationsHistory"))
                .AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        }
        else
        {
            services.AddDbContext<OneStopDbContext, SqliteOneStopDbContext>((sp, o) => o
                .UseSqlite(settings.SqliteConnectionString())
                .AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        }

        services.AddScoped<DatabaseInitializer>();
        // Keys that protect sign-in cookies and anti-forgery tokens live in the database, so that every instance behind
        // the load balancer reads the cookies the others wrote. (Production: also encrypt them at rest with
        // ProtectKeysWithCertificate from configuration.)
        services.AddDataProtection().SetApplicationName("OneStop").PersistKeysToDbContext<OneStopDbContext>();
        services.AddScoped<DemoDossiers>();
        services.AddHealthChecks().AddDbContextCheck<OneStopDbContext>("database");

        // Identity: staff accounts (minimal until citizen SSO arrives).
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
                o.Tokens.PasswordResetTokenProvider = Features.Identity.PasswordReset.PasswordResetTokenProviderOptions.ProviderName;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<OneStopDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<Features.Identity.PasswordReset.PasswordResetTokenProvider>(Features.Identity.PasswordReset.PasswordResetTokenProviderOptions.ProviderName)
            .AddTokenProvider<Features.Identity.PasswordReset.InvitationTokenProvider>(Features.Identity.PasswordReset.InvitationTokenProviderOptions.ProviderName);
        services.AddScoped<Features.Identity.PasswordReset.PasswordResets>();
        services.AddSingleton<CommonPasswords>();
        var authentication = services.AddAuthentication(IdentityConstants.ApplicationScheme);
        authentication.AddIdentityCookies();
        // Citizen single sign-on (OpenID Connect) and OneStop's token server (API clients, development provider).
        services.AddOneStopSso(authentication, settings, builder.Environment);
        services.AddOneStopTokenServer(settings, builder.Environment);
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
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
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

                // A changed security stamp (password change, disabled account, role change) ends the session at once.
                await SecurityStampValidator.ValidatePrincipalAsync(ctx);
            };
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
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

        // Pages, localisation (Vietnamese first, English second).
        services.AddRazorPages(o =>
        {
            // Pages live beside the rest of their feature; each page states its own Vietnamese route.
            o.RootDirectory = "/Features";
            o.Conventions.AuthorizeFolder("/Admin", StaffRoles.CataloguePolicy);
        }).AddRazorOptions(o =>
        {
            o.PageViewLocationFormats.Add("/Shared/{0}.cshtml");
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Vietnamese);
            o.SupportedCultures = [Vietnamese, English];
            o.SupportedUICultures = [Vietnamese, English];
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider()];
        });
        services.AddAntiforgery(o => o.Cookie.Name = "onestop.af");
        services.AddOneStopRateLimits();
        services.AddOneStopTransport();
        // Vietnamese text is written as UTF-8 characters, not as numeric entities (pages stay readable and smaller).
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        // API: problem details everywhere, OpenAPI document.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "OneStop API";
            doc.Info.Description = "API công khai của Cổng dịch vụ công Hà Nội (OneStop). / Public API of the Hanoi public-service portal.";
            doc.Info.Version = "v1";
            return Task.CompletedTask;
        }));

        // Features.
        services.AddScoped<CatalogueQueries>();
        services.AddScoped<CatalogueWriter>();
        services.AddScoped<CatalogueExport>();
        services.AddScoped<AgencyQueries>();
        services.AddHttpContextAccessor();
        services.AddScoped<Features.Audit.AuditLog>();
        services.AddScoped<Features.Staff.StaffAdmin>();
        services.AddScoped<CalendarService>();
        services.AddScoped<DossierService>();
        services.AddScoped<DossierAccess>();
        services.AddScoped<DossierLedger>();
        services.AddScoped<DossierFiles>();
        services.AddScoped<Filing>();
        services.AddScoped<DeskRegistration>();
        services.AddScoped<SupplementStep>();
        services.AddScoped<ProcessingSteps>();
        services.AddScoped<TransferSteps>();
        services.AddScoped<PaymentSteps>();
        services.AddScoped<IDeskPayments, Features.Payments.DeskPayments>();
        services.AddScoped<DossierQueries>();
        services.AddScoped<DeskForms>();
        services.AddScoped<Features.Wallet.DocumentWallet>();
        services.AddSingleton<PdfFormRenderer>();
        services.AddSingleton<IFileStore, LocalFileStore>();
        services.Configure<Documents.Signing.SigningOptions>(builder.Configuration.GetSection(Documents.Signing.SigningOptions.Section));
        services.AddSingleton<Documents.Signing.ISigningCertificateSource, Documents.Signing.SigningCertificateSource>();
        services.AddScoped<Documents.Signing.DocumentSigning>();
        services.AddScoped<Features.Verification.DocumentVerifier>();
        services.AddScoped<Features.Notifications.NotificationOutbox>();
        services.AddScoped<Features.Notifications.NotificationDelivery>();
        // No SMTP host: the log-only sender, which notes e-mails without their bodies in Development and refuses
        // elsewhere (they wait in the outbox); the choice is read when the sender is first needed.
        services.AddSingleton<Features.Notifications.IMailSender>(sp =>
            string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<OneStopOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<Features.Notifications.LogMailSender>(sp)
                : ActivatorUtilities.CreateInstance<Features.Notifications.SmtpMailSender>(sp));
        // No SMS gateway adapter yet: the log-only sender, likewise Development only (elsewhere SMS wait in the outbox).
        services.AddSingleton<Features.Notifications.ISmsSender, Features.Notifications.LogSmsSender>();
        services.AddOptions<Features.Payments.PaymentOptions>().Bind(builder.Configuration.GetSection("OneStop:Payments")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Features.Payments.IPaymentProtocol, Features.Payments.VnPayProtocol>();
        services.AddSingleton<Features.Payments.IPaymentProtocol, Features.Payments.NationalPlatformProtocol>();
        services.AddScoped<Features.Payments.PaymentService>();
        services.AddScoped<Features.Payments.PaymentReceipts>();
        services.AddScoped<Features.Payments.PaymentReconciliation>();
        services.AddScoped<Features.Payments.SandboxBank>();
        services.AddHttpClient(Features.Payments.SandboxBank.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        if (settings.RunBackgroundJobs)
        {
            services.AddHostedService<DeadlineJob>();
            services.AddHostedService<Features.Notifications.NotificationDeliveryJob>();
            services.AddHostedService<Features.Payments.PaymentJobs>();
        }

        // Observability: structured logs (JSON in production), OpenTelemetry traces and metrics; OTLP when configured.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        // Framework categories that would write query strings, handler arguments, codes or tokens stay quiet (LogFloors).
        builder.Logging.AddLogFloors();

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("OneStop.Web"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddSource("Npgsql"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter("Microsoft.AspNetCore.Hosting", "Npgsql"));
        if (!string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }

    public static readonly TimeSpan AbsoluteSessionLimit = TimeSpan.FromHours(12);

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseOneStop(this WebApplication app)
    {
        // Behind the city's load balancer: the client's address and scheme first, for everything after (Transport).
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // API paths answer status codes with problem details; pages re-execute the friendly status page.
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), pages => pages.UseStatusCodePagesWithReExecute("/trang-thai/{0}"));
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapRazorPages();
        app.MapTokenEndpoint();
        app.MapSsoStart();
        if (DevIdentityProvider.IsEnabled(app.Services.GetRequiredService<IOptions<OneStopOptions>>().Value, app.Environment))
        {
            app.MapDevIdentityProvider();
        }

        var api = app.MapGroup("/api/v1");
        api.MapCatalogueApi();
        api.MapAgencyApi();
        api.MapCalendarApi();
        api.MapDossierApi();
        api.MapDossierSyncApi();
        Features.Payments.PaymentApi.MapPaymentApi(api);
        Features.Verification.DocumentVerificationApi.MapDocumentVerificationApi(api);
        Features.Wallet.WalletApi.MapWalletApi(api);
        app.MapLanguageSwitch();
        app.MapTemplateDownloads();
        return app;
    }

    /// <summary>Migrates (when enabled), seeds and registers the API clients; <paramref name="migrated"/> is told once the schema is in place.</summary>
    public static async Task InitializeDatabaseAsync(this IServiceProvider services, bool forceMigrate, CancellationToken ct, Action? migrated = null)
    {
        using var scope = services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<IOptions<OneStopOptions>>().Value;
        var init = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        if (settings.MigrateOnStart || forceMigrate)
        {
            await init.MigrateAsync(ct);
        }

        migrated?.Invoke();

        // Cold start: seeding and the API clients touch different tables and neither needs the other, so they run side
        // by side (the clients on another thread, started first: SQLite's async calls often finish synchronously).
        var clients = Task.Run(() => ApiClientRegistry.SyncAsync(services, ct), ct);
        await Task.WhenAll(init.SeedAsync(ct), clients);
    }
}
