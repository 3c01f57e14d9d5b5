using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Documents.Signing;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Verification;

/// <summary>The answer of the public verification page and API: what the last signature says, in plain words.</summary>
public sealed record VerificationView(
    bool Signed,
    bool Valid,
    bool SignatureIntact,
    bool TrustedSigner,
    bool ModifiedAfterSigning,
    bool DevelopmentCertificate,
    string? Signer,
    DateTimeOffset? SigningTime,
    string? DocumentCode,
    int SignatureCount,
    string Verdict,
    string? Problem)
{
    public static VerificationView Of(PdfVerification v)
    {
        var last = v.Last;
        var verdict = !v.Signed ? Ui.T("Văn bản không có chữ ký số.", "The document has no digital signature.")
            : v.Valid ? Ui.T("Chữ ký số hợp lệ: văn bản không bị thay đổi sau khi ký.", "The signature is valid: the document has not been changed since it was signed.")
            : !last!.SignatureValid ? Ui.T("Chữ ký số KHÔNG hợp lệ: nội dung đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng.", "The signature is NOT valid: the content was changed after signing or the signature is damaged.")
            : v.ModifiedAfterSigning ? Ui.T("Văn bản đã bị thêm nội dung sau khi ký: phần thêm vào không được chữ ký bảo đảm.", "Content was added after signing: the addition is not covered by the signature.")
            : Ui.T("Chữ ký đúng với nội dung nhưng người ký không thuộc cơ quan chứng thực được tin cậy.", "The signature matches the content but the signer's certificate is not from a trusted authority.");
        return new(v.Signed, v.Valid, last?.SignatureValid ?? false, last?.Trusted ?? false, v.ModifiedAfterSigning,
            last?.Signer?.Contains(SigningCertificateSource.DevelopmentMark, StringComparison.Ordinal) ?? false,
            last?.Signer, last?.SigningTime, last?.DocumentCode, v.Signatures.Count, verdict, last?.Problem);
    }
}

/// <summary>
/// Verifies an uploaded PDF or a stored result found by its code (the result itself is never handed out). Each
/// verification has <see cref="OneStopOptions.VerificationTimeBudget"/> (and the request's own cancellation); a file
/// that cannot be a signed PDF or that takes longer is refused with an error on "file".
/// </summary>
public sealed class DocumentVerifier(OneStopDbContext db, IFileStore store, DocumentSigning signing, Microsoft.Extensions.Options.IOptions<OneStopOptions> options)
{
    public async Task<VerificationView> VerifyAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            throw new RuleViolationException([new("file", Ui.T("Chọn tệp PDF cần xác minh.", "Choose the PDF to verify."))]);
        }

        if (file.Length > UploadInspector.MaxBytes)
        {
            throw new RuleViolationException([new("file", Ui.T("Tệp lớn hơn 10 MB.", "The file is larger than 10 MB."))]);
        }

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (!bytes.AsSpan().StartsWith("%PDF-"u8))
        {
            throw new RuleViolationException([new("file", Ui.T("Tệp không phải PDF.", "The file is not a PDF."))]);
        }

        return await WithinBudgetAsync(bytes, ct);
    }

    /// <summary>The stored result with this code, verified; null when no result has it.</summary>
    public async Task<VerificationView?> VerifyResultAsync(string code, CancellationToken ct)
    {
        var key = await db.DossierFiles.AsNoTracking().Where(f => f.ResultCode == code.Trim() && f.ContentType == "application/pdf")
            .Select(f => f.StorageKey).FirstOrDefaultAsync(ct);
        if (key is null)
        {
            return null;
        }

        await using var stream = await store.OpenAsync(key, ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return await WithinBudgetAsync(buffer.ToArray(), ct);
    }

    private async Task<VerificationView> WithinBudgetAsync(byte[] pdf, CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(options.Value.VerificationTimeBudget);
        try
        {
            return VerificationView.Of(await signing.VerifyAsync(pdf, budget.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RuleViolationException([new("file", Ui.T(
                "Xác minh tệp này quá thời gian cho phép: tệp không phải văn bản ký số hợp lệ.",
                "Verifying this file took longer than allowed: it is not a plausibly signed document."))]);
        }
        catch (PdfFormatException)
        {
            throw new RuleViolationException([new("file", Ui.T(
                "Tệp không phải văn bản PDF có chữ ký số hợp lệ (cấu trúc chữ ký không đúng).",
                "The file is not a plausibly signed PDF (its signature structure is wrong)."))]);
        }
    }
}

public static class DocumentVerificationApi
{
    public static void MapDocumentVerificationApi(this RouteGroupBuilder api)
    {
        api.MapPost("/documents/verify", async (IFormFile? file, DocumentVerifier verifier, CancellationToken ct) =>
                Results.Ok(await verifier.VerifyAsync(file, ct)))
            .DisableAntiforgery() // no cookie is used: the answer depends only on the uploaded bytes
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Verification)
            .WithMetadata(new RequestSizeLimitAttribute(UploadInspector.MaxBytes + 64 * 1024))
            .WithTags("Xác minh văn bản / Document verification")
            .WithSummary("Xác minh chữ ký số của văn bản PDF (multipart, trường \"file\", tối đa 10 MB) / Verify a signed PDF");
    }
}
