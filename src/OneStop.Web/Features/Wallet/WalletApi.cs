using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Wallet;

/// <summary>The signed-in applicant's document wallet over HTTP: only their own documents (anyone else's id is 404).</summary>
public static class WalletApi
{
    public static void MapWalletApi(this RouteGroupBuilder api)
    {
        var wallet = api.MapGroup("/wallet").WithTags("Kho giấy tờ / Document wallet").RequireAuthorization(StaffRoles.ApplicantPolicy);

        wallet.MapGet("/", async (HttpContext http, DocumentWallet documents, CancellationToken ct) =>
            Results.Ok(await documents.ListAsync(http.RequireActor().Id, ct)))
            .WithSummary("Giấy tờ trong kho của tôi / My wallet documents");

        wallet.MapGet("/{id:guid}/file", async (Guid id, HttpContext http, DocumentWallet documents, CancellationToken ct) =>
        {
            var doc = await documents.FindAsync(http.RequireActor(), id, ct);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(await documents.OpenAsync(doc, ct), doc.ContentType, doc.FileName);
        }).WithSummary("Tải giấy tờ trong kho / Download a wallet document");
    }
}
