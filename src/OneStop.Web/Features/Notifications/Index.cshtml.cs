using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Notifications;

/// <summary>One line of the applicant's notification list.</summary>
public sealed record NotificationItem(Guid Id, Guid DossierId, string? DossierCode, string Subject, string Body, DateTimeOffset CreatedAt, bool Read);

/// <summary>Thông báo: the signed-in applicant's in-app notifications (only their own), newest first.</summary>
[Authorize(Policy = StaffRoles.ApplicantPolicy)]
public sealed class IndexModel(OneStopDbContext db, TimeProvider clock) : PageModel
{
    public const int Shown = 100;

    public IReadOnlyList<NotificationItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = Actor.From(User)!.Id;
        Items = await Mine(me).OrderByDescending(m => m.CreatedAt).Take(Shown)
            .Select(m => new NotificationItem(m.Id, m.DossierId ?? Guid.Empty, m.DossierCode, m.Subject, m.Body, m.CreatedAt, m.ReadAt != null))
            .ToListAsync(ct);
    }

    /// <summary>Marks every notification of the applicant read.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var me = Actor.From(User)!.Id;
        var now = clock.GetUtcNow();
        await Mine(me).Where(m => m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
        return Redirect("/thong-bao");
    }

    private IQueryable<OutboxMessage> Mine(Guid me) =>
        db.NotificationOutbox.AsNoTracking().Where(m => m.Channel == NotificationChannel.InApp && m.ApplicantId == me);
}
