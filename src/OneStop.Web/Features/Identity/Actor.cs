using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

/// <summary>Who is acting, read from the sign-in cookie (no database read per request).</summary>
public sealed record Actor(Guid Id, string Name, AccountKind Kind, Guid? AgencyId, IReadOnlySet<StaffRole> Roles)
{
    public const string AgencyClaim = "onestop:agency";
    public const string KindClaim = "onestop:kind";
    public const string NameClaim = "onestop:name";

    public static Actor System { get; } = new(Guid.Empty, "Hệ thống OneStop", AccountKind.Staff, null, new HashSet<StaffRole>());

    public bool IsApplicant => Kind == AccountKind.Applicant;
    public bool IsStaff => Kind == AccountKind.Staff && Id != Guid.Empty;
    public bool IsSystem => Id == Guid.Empty;

    public bool Has(StaffRole role) => Roles.Contains(role);

    /// <summary>The actor of a signed-in user, or null for anonymous requests.</summary>
    public static Actor? From(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }

        var kind = Enum.TryParse<AccountKind>(user.FindFirstValue(KindClaim), out var k) ? k : AccountKind.Staff;
        Guid? agency = Guid.TryParse(user.FindFirstValue(AgencyClaim), out var a) ? a : null;
        var roles = user.FindAll(ClaimTypes.Role)
            .Select(c => Enum.TryParse<StaffRole>(c.Value, out var r) ? r : (StaffRole?)null)
            .Where(r => r is not null).Select(r => r!.Value).ToHashSet();
        return new Actor(id, user.FindFirstValue(NameClaim) ?? user.Identity.Name ?? "", kind, agency, roles);
    }

    /// <summary>The role name shown in history ("Applicant" for the applicant).</summary>
    public string RoleFor(StaffRole? acting) => IsSystem ? "System" : IsApplicant ? "Applicant" : acting?.ToString() ?? Roles.Order().Select(r => r.ToString()).FirstOrDefault() ?? "Staff";
}

/// <summary>Adds the account's kind, full name and agency to the sign-in cookie.</summary>
public sealed class AccountClaimsFactory(UserManager<Account> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Actor.KindClaim, user.Kind.ToString()));
        identity.AddClaim(new Claim(Actor.NameClaim, string.IsNullOrEmpty(user.FullName) ? user.Email ?? "" : user.FullName));
        if (user.AgencyId is { } agency)
        {
            identity.AddClaim(new Claim(Actor.AgencyClaim, agency.ToString()));
        }

        return identity;
    }
}
