using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Identity;

/// <summary>One role granted for an agency (null: city-wide), optionally over the agency's sub-tree, as the cookie carries it.</summary>
public sealed record Grant(string Role, Guid? AgencyId, bool IncludeSubTree)
{
    /// <summary>Compact claim value: <c>Role|agencyId|1</c> (sub-tree) or <c>Role|agencyId|0</c>; no agency for city-wide roles.</summary>
    public string Format() => $"{Role}|{AgencyId}|{(IncludeSubTree ? 1 : 0)}";

    /// <summary>The grant a claim value describes, or null for anything malformed (which then grants nothing).</summary>
    public static Grant? Parse(string value)
    {
        var parts = value.Split('|');
        if (parts.Length != 3 || !StaffRoles.All.Contains(parts[0]) || parts[2] is not ("0" or "1"))
        {
            return null;
        }

        if (parts[1].Length == 0)
        {
            return new Grant(parts[0], null, parts[2] == "1");
        }

        return Guid.TryParse(parts[1], out var agency) ? new Grant(parts[0], agency, parts[2] == "1") : null;
    }
}

/// <summary>Who is acting, read from the sign-in cookie (no database read per request).</summary>
public sealed record Actor(Guid Id, string Name, AccountKind Kind, Guid? AgencyId, IReadOnlySet<StaffRole> Roles)
{
    public const string AgencyClaim = "onestop:agency";
    public const string KindClaim = "onestop:kind";
    public const string NameClaim = "onestop:name";
    public const string GrantClaim = "onestop:grant";

    public static Actor System { get; } = new(Guid.Empty, "Hệ thống OneStop", AccountKind.Staff, null, new HashSet<StaffRole>());

    /// <summary>Every role the account holds, with its agency and sub-tree flag.</summary>
    public IReadOnlyList<Grant> Grants { get; init; } = [];

    public bool IsApplicant => Kind == AccountKind.Applicant;
    public bool IsStaff => Kind == AccountKind.Staff && Id != Guid.Empty;
    public bool IsSystem => Id == Guid.Empty;

    /// <summary>Holds a workflow role at their own agency: has inboxes and acts on that agency's dossiers.</summary>
    public bool IsOfficer => IsStaff && AgencyId is not null && Roles.Count > 0;

    /// <summary>Holds an agency leader, division head or report viewer grant: may use the supervision list.</summary>
    public bool IsSupervisor => IsStaff && SupervisionGrants.Any();

    public bool Has(StaffRole role) => Roles.Contains(role);

    private IEnumerable<Grant> SupervisionGrants => Grants.Where(g => g.AgencyId is not null && StaffRoles.Supervises(g.Role));

    /// <summary>
    /// Agencies whose dossiers this person reads, known from the cookie alone: their own agency (officers) and the
    /// agencies of supervision grants. Agencies under a sub-tree grant are not listed: only the database knows the tree.
    /// </summary>
    public IReadOnlyList<Guid> ReadableAgencies =>
        (IsOfficer ? [AgencyId!.Value] : Array.Empty<Guid>()).Concat(SupervisionGrants.Select(g => g.AgencyId!.Value)).Distinct().ToList();

    /// <summary>Roots of the sub-trees this person supervises (read-only).</summary>
    public IReadOnlyList<Guid> SupervisedSubTrees => SupervisionGrants.Where(g => g.IncludeSubTree).Select(g => g.AgencyId!.Value).Distinct().ToList();

    /// <summary>
    /// "May I read the dossiers of this agency?" answered without the database where it can be: true for a readable
    /// agency, false when no sub-tree grant could include it, null when only the agency tree can tell.
    /// </summary>
    public bool? MayReadWithoutTree(Guid agencyId) =>
        !IsStaff ? false : ReadableAgencies.Contains(agencyId) ? true : SupervisedSubTrees.Count == 0 ? false : null;

    /// <summary>The actor of a signed-in user, or null for anonymous requests.</summary>
    public static Actor? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        var kind = Enum.TryParse<AccountKind>(user.FindFirstValue(KindClaim), out var k) ? k : AccountKind.Staff;
        Guid? agency = Guid.TryParse(user.FindFirstValue(AgencyClaim), out var a) ? a : null;
        var grants = user.FindAll(GrantClaim).Select(c => Grant.Parse(c.Value)).OfType<Grant>().ToList();
        // Workflow roles act only at the officer's own agency.
        var roles = grants.Where(g => agency is not null && g.AgencyId == agency && StaffRoles.IsWorkflow(g.Role))
            .Select(g => Enum.Parse<StaffRole>(g.Role)).ToHashSet();
        return new Actor(id, user.FindFirstValue(NameClaim) ?? user.Identity.Name ?? "", kind, agency, roles) { Grants = grants };
    }

    /// <summary>The role name shown in history ("Applicant" for the applicant).</summary>
    public string RoleFor(StaffRole? acting) => IsSystem ? "System" : IsApplicant ? "Applicant" : acting?.ToString() ?? Roles.Order().Select(r => r.ToString()).FirstOrDefault() ?? "Staff";
}

/// <summary>
/// Adds the account's kind, full name, agency and grants to the sign-in cookie. Roles come only from the account's
/// grants (StaffGrants): one <see cref="ClaimTypes.Role"/> claim per role for the role policies, and one compact
/// <see cref="Actor.GrantClaim"/> per grant with its agency and sub-tree flag.
/// </summary>
public sealed class AccountClaimsFactory(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, OneStopDbContext db)
    : UserClaimsPrincipalFactory<Account, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        // A role claim left in the user-claims table (from before grants) must not grant anything.
        foreach (var stale in identity.FindAll(ClaimTypes.Role).ToList())
        {
            identity.RemoveClaim(stale);
        }

        identity.AddClaim(new Claim(Actor.KindClaim, user.Kind.ToString()));
        identity.AddClaim(new Claim(Actor.NameClaim, string.IsNullOrEmpty(user.FullName) ? user.Email ?? "" : user.FullName));
        if (user.AgencyId is { } agency)
        {
            identity.AddClaim(new Claim(Actor.AgencyClaim, agency.ToString()));
        }

        if (user.Kind == AccountKind.Staff)
        {
            var grants = await db.StaffGrants.AsNoTracking().Where(g => g.AccountId == user.Id).OrderBy(g => g.Id)
                .Select(g => new Grant(g.Role, g.AgencyId, g.IncludeSubTree)).ToListAsync();
            foreach (var role in grants.Select(g => g.Role).Distinct())
            {
                identity.AddClaim(new Claim(ClaimTypes.Role, role));
            }

            foreach (var grant in grants)
            {
                identity.AddClaim(new Claim(Actor.GrantClaim, grant.Format()));
            }
        }

        return identity;
    }
}
