using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OneStop.Web.Data;
using OpenIddict.Server;
using OpenIddict.Validation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OneStop.Web.Shared;

/// <summary>
/// Cold start (<c>bench/coldstart.sh</c>): most of a start is the JIT compiling code the first time it runs, one step
/// after another on one core. This runs on other cores, beside the main thread that migrates and seeds the database,
/// what the main path would otherwise do later, one after the other:
/// <list type="bullet">
/// <item>building the EF Core model (about a second; the first query needs it), as soon as the host is built;</item>
/// <item>what the host start and the first request build: the telemetry providers and the endpoint table of pages
/// and APIs; and, once the database is migrated (they read it), the data-protection key ring, the token server's
/// options with their keys, and one pass of the health checks.</item>
/// </list>
/// Everything here is a per-process cache of what the database and configuration say, built as the first use would
/// build it. Nothing here answers requests or changes readiness: the host starts, and /health answers, only after the
/// database is migrated and seeded. A warm-up that fails is logged and left to fail again, as before, where it is used.
/// </summary>
public sealed class StartupWarmUp
{
    private readonly WebApplication app;
    private readonly Task model;
    private readonly TaskCompletionSource migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task services = Task.CompletedTask;

    private StartupWarmUp(WebApplication app)
    {
        this.app = app;
        model = Task.Run(() =>
        {
            using var scope = app.Services.CreateScope();
            _ = scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Model;
        });
    }

    /// <summary>Starts building the EF Core model; call right after the host is built.</summary>
    public static StartupWarmUp Begin(WebApplication app) => new(app);

    /// <summary>Starts the rest; call once the pipeline and endpoints are mapped.</summary>
    public void PrepareServices() => services = Task.Run(async () =>
    {
        Try(() =>
        {
            _ = app.Services.GetService<TracerProvider>();
            _ = app.Services.GetService<MeterProvider>();
            foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
            {
                _ = source.Endpoints;
            }
        });

        await migrated.Task;
        Try(() => app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("OneStop.StartupWarmUp").Protect([1]));
        Try(() => _ = app.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue);
        Try(() => _ = app.Services.GetRequiredService<IOptionsMonitor<OpenIddictValidationOptions>>().CurrentValue);
        await TryAsync(() => app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync());
    });

    /// <summary>The database is migrated: the warm-ups that read it may go.</summary>
    public void DatabaseMigrated() => migrated.TrySetResult();

    /// <summary>Waits for every warm-up (also when the database was never migrated, e.g. start-up failed).</summary>
    public async Task CompleteAsync()
    {
        migrated.TrySetResult();
        await model;
        await services;
    }

    private void Try(Action warm)
    {
        try
        {
            warm();
        }
        catch (Exception e)
        {
            app.Logger.LogDebug(e, "Start-up warm-up failed; the first use will do the work");
        }
    }

    private async Task TryAsync(Func<Task> warm)
    {
        try
        {
            await warm();
        }
        catch (Exception e)
        {
            app.Logger.LogDebug(e, "Start-up warm-up failed; the first use will do the work");
        }
    }
}
