using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Staff;

/// <summary>
/// Operators: <c>dotnet OneStop.Web.dll create-staff --email E --name "Họ tên" [--agency CODE] --role R [--role R2…]</c>
/// creates a staff account through the same rules, transaction and audit entry as the administration page — the way a
/// Production database gets its first system administrator (demo accounts never exist there), and the way scripts seed
/// the accounts they need. The first password comes from the environment variable <c>ONESTOP_NEW_PASSWORD</c> (never
/// from the command line, which other users of the machine can read); without it the officer is e-mailed an invitation.
/// Exit code 0 when created, 2 with every reason when refused.
/// </summary>
public static class StaffCommand
{
    public const string Name = "create-staff";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var roles = args.Select((a, i) => (a, i)).Where(x => x.a == "--role" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
        using var scope = services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<StaffAdmin>();
        var operatorActor = new Actor(Guid.Empty, $"{Name} ({Environment.UserName}@{Environment.MachineName})", AccountKind.Staff, null, new HashSet<OneStop.Domain.Roles.StaffRole>());
        try
        {
            var id = await admin.CreateAsync(operatorActor, Value("--email"), Value("--name"), Value("--agency"), roles,
                Environment.GetEnvironmentVariable("ONESTOP_NEW_PASSWORD"), CancellationToken.None);
            Console.WriteLine($"Đã tạo tài khoản cán bộ / Staff account created: {Value("--email")} ({id}), {string.Join(", ", roles)}.");
            return 0;
        }
        catch (RuleViolationException e)
        {
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine($"{error.Path}: {error.Message}");
            }

            return 2;
        }
    }
}
