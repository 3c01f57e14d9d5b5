using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity.Tokens;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>A dossier's status as a synchronising client sees it: no personal data.</summary>
public sealed record DossierStatusView(
    string Code, string ProcedureCode, string ProcedureName, string AgencyCode, string Channel, int Status, string StatusName, string NationalStatus,
    DateTimeOffset? SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, DateTimeOffset UpdatedAt);

/// <summary>One page of changes, oldest first, and the cursor for the next page (null when caught up).</summary>
public sealed record DossierChangesPage(IReadOnlyList<DossierStatusView> Items, string? Next);

/// <summary>
/// Machine API for the national portal and other clients holding an access token with the
/// <see cref="ApiScopes.DossiersRead"/> scope (client credentials at /connect/token). A client bound to agencies sees
/// only their dossiers; any other dossier answers 404.
/// </summary>
public static class DossierSyncApi
{
    public const int MaxPage = 500;

    public static void MapDossierSyncApi(this RouteGroupBuilder api)
    {
        var sync = api.MapGroup("/sync/dossiers").WithTags("Đồng bộ / Synchronisation").RequireAuthorization(ApiScopes.SyncPolicy);

        sync.MapGet("/", async (DateTimeOffset? since, string? cursor, int? limit, HttpContext http, OneStopDbContext db, CancellationToken ct) =>
        {
            var size = Math.Clamp(limit ?? 100, 1, MaxPage);
            var q = Scoped(db, http.User);
            if (cursor is not null)
            {
                var (at, id) = ReadCursor(cursor);
                q = q.Where(d => d.UpdatedAt > at || (d.UpdatedAt == at && d.Id.CompareTo(id) > 0));
            }
            else if (since is { } s)
            {
                q = q.Where(d => d.UpdatedAt > s);
            }

            var rows = await q.OrderBy(d => d.UpdatedAt).ThenBy(d => d.Id).Take(size + 1).Select(Projection).ToListAsync(ct);
            var more = rows.Count > size;
            var items = rows.Take(size).Select(r => Named(r.View)).ToList();
            var last = rows.Take(size).LastOrDefault();
            return Results.Ok(new DossierChangesPage(items, more && last is not null ? WriteCursor(last.View.UpdatedAt, last.Id) : null));
        }).WithSummary("Thay đổi trạng thái hồ sơ / Dossier status changes (keyset paging: since, then cursor)");

        sync.MapGet("/{code}", async (string code, HttpContext http, OneStopDbContext db, CancellationToken ct) =>
        {
            var row = await Scoped(db, http.User).Where(d => d.Code == code).Select(Projection).FirstOrDefaultAsync(ct);
            return row is null
                ? throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."))
                : Results.Ok(Named(row.View));
        }).WithSummary("Trạng thái một hồ sơ / One dossier's status");
    }

    private static DossierStatusView Named(DossierStatusView v) =>
        v with { StatusName = DossierStatuses.Of((DossierStatus)v.Status).Vietnamese, NationalStatus = DossierStatuses.National((DossierStatus)v.Status) };

    private sealed record Row(Guid Id, DossierStatusView View);

    private static readonly System.Linq.Expressions.Expression<Func<Dossier, Row>> Projection = d => new Row(d.Id, new DossierStatusView(
        d.Code!, d.ProcedureCode, d.ProcedureName, d.Agency!.Code, d.Channel.ToString(), (int)d.Status, "", "",
        d.SubmittedAt, d.ReceivedAt, d.DueAt, d.CompletedAt, d.UpdatedAt));

    /// <summary>Filed dossiers the client may see: all, or those of the agencies it is bound to.</summary>
    private static IQueryable<Dossier> Scoped(OneStopDbContext db, ClaimsPrincipal client)
    {
        var agencies = client.FindAll(ApiScopes.AgencyClaim).Select(c => c.Value).ToList();
        var q = db.Dossiers.AsNoTracking().Where(d => d.Status != DossierStatus.Draft && d.Code != null);
        return agencies.Count == 0 ? q : q.Where(d => agencies.Contains(d.Agency!.Code));
    }

    private static string WriteCursor(DateTimeOffset at, Guid id) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(at.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + id.ToString("N")));

    private static (DateTimeOffset At, Guid Id) ReadCursor(string cursor)
    {
        try
        {
            var parts = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(cursor)).Split(':');
            return (new DateTimeOffset(long.Parse(parts[0], CultureInfo.InvariantCulture), TimeSpan.Zero), Guid.ParseExact(parts[1], "N"));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new RuleViolationException([new("cursor", Ui.T("Con trỏ trang không hợp lệ.", "The cursor is not valid."))]);
        }
    }
}
