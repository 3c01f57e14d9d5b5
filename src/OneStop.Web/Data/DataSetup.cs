using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OneStop.Web.Features.Identity.Tokens;

namespace OneStop.Web.Data;

/// <summary>The settings, the database and what lives in it for the whole host (data-protection keys), and start-up migration and seeding.</summary>
public static class DataSetup
{
    /// <summary>
    /// Binds the "OneStop" section once (with ONESTOP_DATABASE as the one environment variable for the database). The
    /// instance is what <see cref="IOptions{OneStopOptions}"/> hands every service, validated at start, and what the
    /// features read while they register (which database, which sign-in providers, whether this instance runs the jobs).
    /// </summary>
    public static OneStopOptions AddOneStopSettings(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var settings = new OneStopOptions();
        config.GetSection(OneStopOptions.Section).Bind(settings);
        if (!string.IsNullOrWhiteSpace(config["ONESTOP_DATABASE"]))
        {
            settings.Database = config["ONESTOP_DATABASE"];
        }

        // A developer's or a test's machine has a public address by default; Production must name its own (the validator says so).
        if (string.IsNullOrWhiteSpace(settings.PublicUrl) && !builder.Environment.IsProduction())
        {
            settings.PublicUrl = OneStopOptions.DevelopmentPublicUrl;
        }

        var services = builder.Services;
        services.AddOptions<OneStopOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OneStopOptions>, OneStopOptionsValidator>();
        services.AddSingleton<IOptionsFactory<OneStopOptions>>(sp => ActivatorUtilities.CreateInstance<BoundSettings>(sp, settings));
        return settings;
    }

    /// <summary>One context type for the features, one subclass per provider for its migrations.</summary>
    public static IServiceCollection AddDatabase(this IServiceCollection services, OneStopOptions settings)
    {
        // EF Core interceptors registered in DI (auditing, fault injection in tests) are added to every context.
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<OneStopDbContext, PostgresOneStopDbContext>((sp, o) => o
                .UseNpgsql(PostgresConnection.Tuned(settings.Database!), n => n.MigrationsHistoryTable("__EFMigrationsHistory"))
                .AddInterceptors(sp.GetServices<IInterceptor>())
                .AddInterceptors(FileWrites(sp)));
        }
        else
        {
            services.AddDbContext<OneStopDbContext, SqliteOneStopDbContext>((sp, o) => o
                .UseSqlite(settings.SqliteConnectionString())
                .AddInterceptors(sp.GetServices<IInterceptor>())
                .AddInterceptors(FileWrites(sp)));
        }

        services.AddScoped<DatabaseInitializer>();
        // Keys that protect sign-in cookies and anti-forgery tokens live in the database, so that every instance behind
        // the load balancer reads the cookies the others wrote. (Production: also encrypt them at rest with
        // ProtectKeysWithCertificate from configuration.)
        services.AddDataProtection().SetApplicationName("OneStop").PersistKeysToDbContext<OneStopDbContext>();
        services.AddScoped<DemoDossiers>();
        services.AddHealthChecks().AddDbContextCheck<OneStopDbContext>("database");
        return services;
    }

    /// <summary>The scope's file writes, kept only when the transaction they happened in commits.</summary>
    private static IInterceptor[] FileWrites(IServiceProvider sp) =>
        sp.GetService<Shared.Files.UncommittedFiles>() is { } files ? [files] : [];

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

        // A database once seeded for a demonstration keeps its demo accounts: in Production they are disabled (audited, logged).
        if (scope.ServiceProvider.GetRequiredService<IHostEnvironment>().IsProduction())
        {
            await Features.Identity.DemoAccountGuard.DisableAsync(scope.ServiceProvider, ct);
        }
    }

    /// <summary>The options system's factory, handing out the instance bound at composition instead of binding another; validators still run on it.</summary>
    private sealed class BoundSettings(
        OneStopOptions settings,
        IEnumerable<IConfigureOptions<OneStopOptions>> setups,
        IEnumerable<IPostConfigureOptions<OneStopOptions>> postConfigures,
        IEnumerable<IValidateOptions<OneStopOptions>> validations)
        : OptionsFactory<OneStopOptions>(setups, postConfigures, validations)
    {
        protected override OneStopOptions CreateInstance(string name) => settings;
    }
}

/// <summary>What OneStop adds to a PostgreSQL connection string unless the operator set it.</summary>
public static class PostgresConnection
{
    /// <summary>
    /// Statements run often are prepared on the server once per connection (Npgsql automatic preparation: parsed and
    /// planned once, then only bound and executed): the tracking, search and dossier queries are the same few statements
    /// over and over. An explicit <c>Max Auto Prepare</c> in the configuration wins (0 turns it off).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase) && !connectionString.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 100;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
