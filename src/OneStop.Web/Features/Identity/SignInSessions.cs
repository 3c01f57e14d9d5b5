using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// One sign-in: a row per session, named by a random id carried in the cookie (<see cref="SignInSessions.Claim"/>).
/// Sign-out marks it ended, so a copy of the cookie kept from before is refused on its next request.
/// </summary>
public sealed class SignInSession
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>When the person proved who they are (the cookie's <c>onestop:auth_time</c>).</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>When the session was signed out or replaced by a new sign-in; null while it is open.</summary>
    public DateTimeOffset? EndedAt { get; set; }
}

public sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> builder)
    {
        builder.ToTable("SignInSessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        // The sweep removes sessions past the absolute limit.
        builder.HasIndex(s => s.StartedAt);
        builder.HasIndex(s => s.AccountId);
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Server-side sessions: begun at every sign-in (<see cref="RecentSignIn.SignInAsync"/>), checked on every request
/// beside the security stamp (one primary-key read, no write), ended by sign-out. Ending one session leaves the
/// account's other sessions (another browser, another device) open; the security stamp ends them all.
/// </summary>
public static class SignInSessions
{
    /// <summary>The session's id in the cookie.</summary>
    public const string Claim = "onestop:sid";

    /// <summary>Records a new session for the account and returns the claim that names it.</summary>
    public static async Task<Claim> BeginAsync(HttpContext http, Guid accountId, DateTimeOffset now)
    {
        var db = http.RequestServices.GetRequiredService<OneStopDbContext>();
        var session = new SignInSession { Id = Guid.NewGuid(), AccountId = accountId, StartedAt = now };
        db.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        db.Entry(session).State = EntityState.Detached;
        return new Claim(Claim, session.Id.ToString());
    }

    /// <summary>True when the principal names a session of its own account that has not ended.</summary>
    public static Task<bool> IsOpenAsync(HttpContext http, ClaimsPrincipal user) =>
        Id(user) is { } id && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var account)
            ? http.RequestServices.GetRequiredService<OneStopDbContext>().Set<SignInSession>()
                .AnyAsync(s => s.Id == id && s.AccountId == account && s.EndedAt == null, http.RequestAborted)
            : Task.FromResult(false);

    /// <summary>Ends the session the principal names (sign-out, or a new sign-in replacing it); nothing when it names none.</summary>
    public static async Task EndAsync(HttpContext http, ClaimsPrincipal user)
    {
        if (Id(user) is not { } id)
        {
            return;
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await http.RequestServices.GetRequiredService<OneStopDbContext>().Set<SignInSession>()
            .Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), CancellationToken.None);
    }

    private static Guid? Id(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(Claim), out var id) ? id : null;
}

/// <summary>
/// Removes sessions that can no longer be used (older than <see cref="IdentityFeature.AbsoluteSessionLimit"/>, ended
/// or not) once an hour; a missing row is refused like an ended one. Idempotent: several instances may run it.
/// </summary>
public sealed class SignInSessionSweep(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SignInSessionSweep> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                var before = clock.GetUtcNow() - IdentityFeature.AbsoluteSessionLimit;
                await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Set<SignInSession>()
                    .Where(s => s.StartedAt < before).ExecuteDeleteAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Session sweep failed; it will run again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
