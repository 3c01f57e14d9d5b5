using OneStop.Domain.Ratings;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Ratings;

/// <summary>Where an applicant rates a dossier: their own page when they have an account, else the kiosk code's page (the link in an SMS or e-mail).</summary>
public static class RatingLinks
{
    public static string For(string publicUrl, Dossier dossier)
    {
        var root = publicUrl.TrimEnd('/');
        return dossier.ApplicantId is not null || RatingRules.KioskCode(dossier.TrackingKey) is not { } code
            ? $"{root}/ho-so-cua-toi/{dossier.Id}/danh-gia"
            : $"{root}/danh-gia/{code}?nguon=lien-ket";
    }

    /// <summary>The kiosk's address for a dossier, printed as a QR code and a short code on form 01.</summary>
    public static string Kiosk(string publicUrl, string trackingKey) =>
        RatingRules.KioskCode(trackingKey) is { } code ? $"{publicUrl.TrimEnd('/')}/danh-gia/{code}" : "";
}
