using Microsoft.AspNetCore.Mvc.RazorPages;

using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Tra cứu hồ sơ: public status by code and phone number (or the QR key), nothing personal.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Tracking)]
public sealed class TrackModel(DossierQueries queries) : PageModel
{
    public string? Code { get; private set; }
    public string? Phone { get; private set; }
    public TrackingView? Result { get; private set; }
    public bool Searched { get; private set; }
    /// <summary>The QR code's key: with it a finished dossier offers its rating slip (Features/Ratings).</summary>
    public string? Key { get; private set; }

    public async Task OnGetAsync(string? ma, string? dienThoai, string? k, CancellationToken ct)
    {
        Code = ma;
        Phone = dienThoai;
        Key = k;
        if (!string.IsNullOrWhiteSpace(ma))
        {
            Searched = true;
            Result = await queries.TrackAsync(ma, dienThoai, k, ct);
            if (Result is null)
            {
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
    }
}
