namespace OneStop.Web.Features.Wallet;

/// <summary>How a document came into the wallet.</summary>
public enum WalletDocumentKind
{
    /// <summary>A result issued to the applicant (signed by the agency), put in when it was returned.</summary>
    Result = 0,
    /// <summary>Paper scanned at a one-stop desk (số hoá), put in when the walk-in dossier was registered.</summary>
    Digitised = 1,
    /// <summary>A file of one of the applicant's own dossiers that they saved themselves ("Lưu vào kho").</summary>
    FromDossier = 2,
}

/// <summary>
/// One document of an applicant's wallet (Kho dữ liệu cá nhân): declared once, reused for later dossiers. The bytes are
/// those of the dossier file it came from, under the same storage key: the file store never deletes, and dossier files
/// already share keys (transfers, returned results), so removing a wallet document deletes only this row and never a
/// dossier's file, nor the other way round. A store that ever deletes bytes must first count the keys' other users.
/// </summary>
public sealed class WalletDocument
{
    public Guid Id { get; set; }
    /// <summary>The applicant account the document belongs to; every query filters on it.</summary>
    public Guid OwnerId { get; set; }
    /// <summary>What the document is (the required document's or the result's name).</summary>
    public required string Title { get; set; }
    public WalletDocumentKind Kind { get; set; }
    /// <summary>Name as uploaded, for display only; never used as a path.</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string StorageKey { get; set; }
    public Guid? SourceDossierId { get; set; }
    public string? SourceDossierCode { get; set; }
    /// <summary>The dossier file it came from; one wallet document per owner and file.</summary>
    public Guid? SourceFileId { get; set; }
    /// <summary>For results: the result code {dossier}-KQ{n} that the verification page accepts.</summary>
    public string? ResultCode { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    /// <summary>Issued or digitised by an agency (results, desk scans); the applicant's own uploads are not verified.</summary>
    public bool Verified { get; set; }
}
