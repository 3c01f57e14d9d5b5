using OneStop.Web.Data;
using OneStop.Web.Shared;

namespace OneStop.Web.Documents.Signing;

/// <summary>Signs the documents an agency issues (desk forms, results) and verifies documents brought back to it.</summary>
public sealed class DocumentSigning(ISigningCertificateSource certificates, IFileStore store, TimeProvider clock)
{
    /// <summary>The agency's key; throws <see cref="SigningUnavailableException"/> (nothing to save) when it has none.</summary>
    public Task<ISigningKey> KeyForAsync(Agency agency, CancellationToken ct) => certificates.ForAgencyAsync(agency.Code, agency.Name, ct);

    /// <summary>A PDF made by OneStop, signed with the agency's certificate for the dossier or result code, its stamp where the layout left room.</summary>
    public async Task<byte[]> SignAsync(Agency agency, RenderedPdf pdf, string documentCode, CancellationToken ct) =>
        Sign(pdf, await KeyForAsync(agency, ct), documentCode);

    /// <summary>The same with a key fetched beforehand (inside a transaction, where a development key cannot be made).</summary>
    public byte[] Sign(RenderedPdf pdf, ISigningKey key, string documentCode) =>
        PdfSigner.Sign(pdf.Bytes, key, documentCode, clock.GetUtcNow(), pdf.Stamp);

    /// <summary>
    /// Signs a stored result PDF with <paramref name="key"/> and points the file row at the signed copy (new storage key,
    /// size and hash). The caller saves the row in its own transaction, so a failure leaves the dossier as it was.
    /// Images are not signed (a PDF signature needs a PDF).
    /// </summary>
    public async Task SignResultAsync(DossierFile file, ISigningKey key, CancellationToken ct)
    {
        if (file.ContentType != PdfFormRenderer.ContentType || file.ResultCode is null)
        {
            return;
        }

        byte[] original;
        await using (var stream = await store.OpenAsync(file.StorageKey, ct))
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, ct);
            original = buffer.ToArray();
        }

        byte[] signed;
        try
        {
            signed = PdfSigner.Sign(original, key, file.ResultCode, clock.GetUtcNow());
        }
        catch (PdfFormatException)
        {
            throw new ConflictException(Ui.T(
                $"Không ký số được tệp kết quả \"{file.FileName}\": cấu trúc PDF không được hỗ trợ (ví dụ nén bảng tham chiếu). Hãy đính kèm lại kết quả dưới dạng PDF chuẩn (in ra PDF) rồi phê duyệt.",
                $"The result file \"{file.FileName}\" could not be signed: its PDF structure is not supported (e.g. compressed cross-references). Attach the result again as a plain PDF (print to PDF) and approve."));
        }

        file.StorageKey = await store.SaveAsync(new MemoryStream(signed), ct);
        file.Size = signed.Length;
        file.Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(signed));
    }

    public async Task<PdfVerification> VerifyAsync(byte[] pdf, CancellationToken ct) =>
        PdfSignatureVerifier.Verify(pdf, await certificates.TrustAnchorsAsync(ct), ct);
}
