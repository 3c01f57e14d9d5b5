using OneStop.Web;
using OneStop.Web.Data;

// OneStop: Hanoi's online public-service portal and electronic one-stop shop.
// Program composes the features; each feature registers its own services and endpoints.
var builder = WebApplication.CreateBuilder(args);
builder.AddOneStop();

var app = builder.Build();
// Cold start: when serving, the EF Core model and other caches are built on other cores while the database is
// initialised (not for the operator commands below).
var serving = !args.Contains("migrate", StringComparer.Ordinal) && !args.Contains("audit-verify", StringComparer.Ordinal);
var warmUp = serving ? OneStop.Web.Shared.StartupWarmUp.Begin(app) : null;
app.UseOneStop();
warmUp?.PrepareServices();

if (args.Contains("migrate", StringComparer.Ordinal))
{
    // Operators: `dotnet OneStop.Web.dll migrate` applies migrations (and seeds when enabled), then exits.
    await app.Services.InitializeDatabaseAsync(forceMigrate: true, CancellationToken.None);
    return 0;
}

if (args.Contains("audit-verify", StringComparer.Ordinal))
{
    // Operators: `dotnet OneStop.Web.dll audit-verify` checks every audit chain; exit code 1 names the first broken entry.
    await app.Services.InitializeDatabaseAsync(forceMigrate: false, CancellationToken.None);
    using var scope = app.Services.CreateScope();
    var result = await scope.ServiceProvider.GetRequiredService<OneStop.Web.Features.Audit.AuditLog>().VerifyAsync(CancellationToken.None);
    Console.WriteLine(result.Intact
        ? $"Audit log intact: {result.Entries} entries in {OneStop.Web.Features.Audit.AuditLog.Chains} chains."
        : string.Join(Environment.NewLine, result.Breaks.Select(b => $"Chain {b.Chain}, entry {b.Seq}{(b.EntryId is { } id ? $" (id {id})" : "")}: {b.Reason}")));
    return result.Intact ? 0 : 1;
}

await app.Services.InitializeDatabaseAsync(forceMigrate: false, CancellationToken.None, warmUp!.DatabaseMigrated);
await warmUp.CompleteAsync();
await app.RunAsync();
return 0;

public partial class Program;
