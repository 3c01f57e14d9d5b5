using OneStop.Web;
using OneStop.Web.Data;

// OneStop: Hanoi's online public-service portal and electronic one-stop shop.
// Program composes the features; each feature registers its own services and endpoints.
var builder = WebApplication.CreateBuilder(args);
builder.AddOneStop();

var app = builder.Build();
// Cold start: when serving, the EF Core model and other caches are built on other cores while the database is
// initialised (not for the operator commands below).
string[] commands = ["migrate", "audit-verify", "generate-history", OneStop.Web.Features.Staff.StaffCommand.Name];
var serving = !args.Any(a => commands.Contains(a, StringComparer.Ordinal));
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
    // Operators: `dotnet OneStop.Web.dll audit-verify` seals what can be sealed (as any instance's sealer would), then
    // checks the whole log; exit code 1 names each broken place. The last block's hash is printed so that it can be
    // kept outside the database (an anchor): a rewritten log would no longer end with it.
    await app.Services.InitializeDatabaseAsync(forceMigrate: false, CancellationToken.None);
    using var scope = app.Services.CreateScope();
    await scope.ServiceProvider.GetRequiredService<OneStop.Web.Features.Audit.AuditSealing>().SealAllAsync(CancellationToken.None);
    var result = await scope.ServiceProvider.GetRequiredService<OneStop.Web.Features.Audit.AuditLog>().VerifyAsync(CancellationToken.None);
    Console.WriteLine(result.Intact
        ? $"Audit log intact: {result.Entries} entries sealed, {result.Pending} waiting for their transactions; last block {result.LastBlockHash ?? "(none)"}."
        : string.Join(Environment.NewLine, result.Breaks));
    return result.Intact ? 0 : 1;
}

if (args.Contains(OneStop.Web.Features.Staff.StaffCommand.Name, StringComparer.Ordinal))
{
    await app.Services.InitializeDatabaseAsync(forceMigrate: false, CancellationToken.None);
    return await OneStop.Web.Features.Staff.StaffCommand.RunAsync(app.Services, args);
}

if (args.Contains("generate-history", StringComparer.Ordinal))
{
    // Demo and benchmarks: `dotnet OneStop.Web.dll generate-history --years 10 --dossiers 10000000` bulk-loads generated
    // dossiers (marked as such) and their indicator counters into PostgreSQL.
    int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    await app.Services.InitializeDatabaseAsync(forceMigrate: true, CancellationToken.None);
    using var scope = app.Services.CreateScope();
    var started = System.Diagnostics.Stopwatch.StartNew();
    var written = await scope.ServiceProvider.GetRequiredService<OneStop.Web.Features.Operations.HistoryGenerator>()
        .GenerateAsync(Arg("--years", 10), Arg("--dossiers", 100_000), Console.Out, CancellationToken.None);
    Console.WriteLine($"generate-history: {written:N0} dossiers in {started.Elapsed.TotalSeconds:N0} s");
    return 0;
}

await app.Services.InitializeDatabaseAsync(forceMigrate: false, CancellationToken.None, warmUp!.DatabaseMigrated);
await warmUp.CompleteAsync();
await app.RunAsync();
return 0;

public partial class Program;
