using OneStop.Web;
using OneStop.Web.Data;

// OneStop: Hanoi's online public-service portal and electronic one-stop shop.
// Program composes the features; each feature registers its own services and endpoints.
var builder = WebApplication.CreateBuilder(args);
builder.AddOneStop();

var app = builder.Build();
app.UseOneStop();

if (args.Contains("migrate", StringComparer.Ordinal))
{
    // Operators: `dotnet OneStop.Web.dll migrate` applies migrations (and seeds when enabled), then exits.
    await app.Services.InitializeDatabaseAsync(forceMigrate: true, CancellationToken.None);
    return;
}

await app.Services.InitializeDatabaseAsync(forceMigrate: false, CancellationToken.None);
await app.RunAsync();

public partial class Program;
