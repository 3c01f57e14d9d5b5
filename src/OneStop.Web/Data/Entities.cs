using Microsoft.AspNetCore.Identity;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Web.Data;

/// <summary>Which local-government model an agency belongs to; city-level bodies belong to both.</summary>
public enum AgencyModel
{
    /// <summary>Three levels, in force until 30/6/2025: city, 30 districts, communes.</summary>
    ThreeLevel = 3,
    /// <summary>Two levels, from 1/7/2025: city and 126 communes.</summary>
    TwoLevel = 2,
}

/// <summary>A body in the agency tree (any depth), with its one-stop desk.</summary>
public sealed class Agency
{
    public Guid Id { get; set; }
    /// <summary>Identifier used in dossier codes (QĐ 20/2020 shape).</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public AgencyLevel Level { get; set; }
    /// <summary>Null for bodies of both models (the city and its departments).</summary>
    public AgencyModel? Model { get; set; }
    public Guid? ParentId { get; set; }
    public Agency? Parent { get; set; }
    /// <summary>Official administrative-unit code for districts and communes (e.g. 00001).</summary>
    public string? UnitCode { get; set; }
    public int SortOrder { get; set; }
    public required string DeskName { get; set; }
    public string? DeskAddress { get; set; }
    public string? DeskPhone { get; set; }
    /// <summary>The identifier is OneStop's sample numbering, not the official register.</summary>
    public bool CodeIsSample { get; set; }
}

/// <summary>A procedure's identity; what it says lives in its versions.</summary>
public sealed class Procedure
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<ProcedureVersion> Versions { get; set; } = [];
}

/// <summary>
/// One version of a procedure. Drafts may change; once published a version's content never changes, so a dossier
/// that references it keeps the rules it was filed under. Columns beside <see cref="Content"/> are copies for querying.
/// </summary>
public sealed class ProcedureVersion
{
    public Guid Id { get; set; }
    public Guid ProcedureId { get; set; }
    public Procedure? Procedure { get; set; }
    public int Version { get; set; }
    public ProcedureStatus Status { get; set; }
    public DateOnly EffectiveFrom { get; set; }
    public DateOnly? EffectiveTo { get; set; }
    public required ProcedureContent Content { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Field { get; set; }
    public ServiceLevel ServiceLevel { get; set; }
    public OnlineScope OnlineScope { get; set; }
    /// <summary>Bit set of <see cref="AgencyLevel"/> values (1 &lt;&lt; level).</summary>
    public int AgencyLevels { get; set; }
    /// <summary>Specific implementing agencies, each wrapped in '|' for containment search ("|000.00.01.H26|").</summary>
    public string AgencyCodes { get; set; } = string.Empty;
    /// <summary>Folded name, code and field for diacritics-insensitive search.</summary>
    public required string SearchText { get; set; }
    public bool CodeIsSample { get; set; }
    /// <summary>How many things an import could not understand (<see cref="ProcedureContent.ReviewIssues"/>); 0 when none.</summary>
    public int ReviewIssueCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? ChangedBy { get; set; }
    /// <summary>Optimistic concurrency: two administrators editing the same draft cannot overwrite each other.</summary>
    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>A rollout batch: procedures going online at a level on a date (applied as new versions).</summary>
public sealed class RolloutBatch
{
    public Guid Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public ServiceLevel ServiceLevel { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public string? Decision { get; set; }
    public List<string> ProcedureCodes { get; set; } = [];
}

/// <summary>Who an account belongs to.</summary>
public enum AccountKind
{
    Staff = 0,
    /// <summary>A citizen or business filing dossiers (chủ hồ sơ).</summary>
    Applicant = 1,
}

/// <summary>A sign-in account: staff of an agency, or an applicant (local account until national SSO arrives).</summary>
public sealed class Account : IdentityUser<Guid>
{
    public AccountKind Kind { get; set; }
    public string FullName { get; set; } = string.Empty;
    /// <summary>Staff: the agency they work for.</summary>
    public Guid? AgencyId { get; set; }
    /// <summary>Applicant: 12-digit personal identification number (or a business's tax code).</summary>
    public string? PersonalId { get; set; }
    public string? Address { get; set; }
    /// <summary>Applicant: date of birth as the identity provider states it.</summary>
    public DateOnly? BirthDate { get; set; }
    /// <summary>Applicant that is a business (or household business): its tax code.</summary>
    public string? TaxCode { get; set; }
    /// <summary>Level of assurance of the last single sign-on (e.g. LoA1, LoA2); null for local accounts.</summary>
    public string? AssuranceLevel { get; set; }
    /// <summary>When the profile was last refreshed from an identity provider.</summary>
    public DateTimeOffset? ProfileSyncedAt { get; set; }
}

/// <summary>
/// A key that signs (or encrypts) the tokens OneStop's OpenID Connect server issues. Stored in the database so that
/// every instance signs with, and accepts, the same keys. Generated keys are development keys; production uses
/// certificates from configuration.
/// </summary>
public sealed class TokenKey
{
    public required string Id { get; set; }
    /// <summary>"sig" or "enc".</summary>
    public required string Use { get; set; }
    /// <summary>The RSA private key as PKCS#8, protected with the shared data-protection key ring.</summary>
    public required string ProtectedKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One role granted to a staff account for an agency, optionally over its whole sub-tree (cấp quyền theo đơn vị). Workflow
/// roles are granted at the officer's own agency; the sub-tree flag gives agency leaders, division heads and report viewers
/// read-only supervision of the dossiers of every agency under it. Administrative roles are city-wide (no agency).
/// </summary>
public sealed class StaffGrant
{
    public long Id { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>A <see cref="StaffRole"/> name, or CatalogueAdministrator, SystemAdministrator, ReportViewer.</summary>
    public required string Role { get; set; }
    /// <summary>Null for the city-wide administrative roles.</summary>
    public Guid? AgencyId { get; set; }
    public bool IncludeSubTree { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    /// <summary>Who granted it (the administrator's email, "seed" or "migration").</summary>
    public required string GrantedBy { get; set; }
}

/// <summary>
/// A row of the agency tree's closure: <see cref="AncestorId"/> is the agency itself or one of its ancestors. Computed by
/// a recursive query over <c>Agencies.ParentId</c> on every use (no table, nothing cached), so a change to the tree
/// is seen at once by every instance.
/// </summary>
public sealed class AgencyLineage
{
    public Guid AgencyId { get; set; }
    public Guid AncestorId { get; set; }
}

/// <summary>A per-date change to the working calendar made by the government (extra day off, or a working Saturday).</summary>
public sealed class CalendarOverrideEntry
{
    public DateOnly Date { get; set; }
    public OneStop.Domain.Calendar.CalendarOverrideKind Kind { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
