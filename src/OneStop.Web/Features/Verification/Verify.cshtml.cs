using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Verification;

/// <summary>Xác minh văn bản: anyone uploads a PDF (or types a result code) and learns whether its signature holds.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Verification)]
[RequestSizeLimit(UploadInspector.MaxBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = UploadInspector.MaxBytes + 64 * 1024)]
public sealed class VerifyModel(DocumentVerifier verifier) : PageModel
{
    public string? Code { get; private set; }
    public VerificationView? Result { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public async Task OnGetAsync(string? ma, CancellationToken ct)
    {
        Code = ma;
        if (!string.IsNullOrWhiteSpace(ma))
        {
            try
            {
                Result = await verifier.VerifyResultAsync(ma, ct);
            }
            catch (RuleViolationException ex)
            {
                Errors.AddRange(ex.Errors);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            if (Result is null)
            {
                Errors.Add(new("ma", Ui.T("Không tìm thấy kết quả có mã này.", "No result has this code.")));
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
        }
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        try
        {
            Result = await verifier.VerifyAsync(file, ct);
        }
        catch (RuleViolationException ex)
        {
            Errors.AddRange(ex.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
