using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// Production start-up: the demo accounts (<see cref="DatabaseInitializer.DemoAccounts"/>, public password) left in a
/// database once seeded for a demonstration are disabled, each in its own transaction with a new security stamp (open
/// sessions end) and an audit entry, and named in a warning with the remedy. Disabled rather than refusing to start:
/// the addresses are under the reserved <c>.test</c> domain, so no real officer or citizen is ever locked out, while a
/// refusal would keep every instance down until someone edits the identity tables by hand. Idempotent: an account already
/// disabled is left alone, and two instances starting together disable it once (the concurrency stamp).
/// </summary>
public static class DemoAccountGuard
{
    public const string AuditEvent = "account.demo-disabled";

    /// <summary>A lockout that ends after this is a disabled account (as the staff page writes it: the largest date).</summary>
    private static readonly DateTimeOffset Forever = DateTimeOffset.MaxValue.AddYears(-1);

    /// <summary>Disables every enabled demo account; returns the addresses disabled by this call.</summary>
    public static async Task<IReadOnlyList<string>> DisableAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<Account>>();
        var db = services.GetRequiredService<OneStopDbContext>();
        var audit = services.GetRequiredService<Audit.AuditLog>();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAccountGuard));
        var emails = DatabaseInitializer.DemoAccounts.Select(d => users.NormalizeEmail(d.Email)).ToList();
        var demo = await users.Users.Where(u => emails.Contains(u.NormalizedEmail!)).ToListAsync(ct);
        var disabled = new List<string>();
        foreach (var account in demo)
        {
            if (account.LockoutEnabled && account.LockoutEnd >= Forever)
            {
                continue;
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            account.LockoutEnabled = true;
            account.LockoutEnd = DateTimeOffset.MaxValue;
            if (!(await users.UpdateSecurityStampAsync(account)).Succeeded)
            {
                db.Entry(account).State = EntityState.Detached;
                continue; // another instance starting at the same time disabled it
            }

            await audit.StageAsync(AuditEvent, null, "system", account.Email, "demo account found in Production", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            disabled.Add(account.Email!);
        }

        if (disabled.Count > 0)
        {
            log.LogWarning(
                "Production: demo accounts with the public demo password were found in the database and have been disabled: {Accounts}. "
                + "Remedy: give real officers their own accounts and roles, then delete the demo accounts, or start from a database never seeded with demo data.",
                string.Join(", ", disabled));
        }

        return disabled;
    }
}
