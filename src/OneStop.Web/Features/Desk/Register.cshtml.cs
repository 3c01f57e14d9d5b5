using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Desk;

/// <summary>Tiếp nhận trực tiếp: the desk registers a walk-in or postal dossier, scanning the paper documents.</summary>
[Authorize(Policy = StaffRoles.StaffPolicy)]
public sealed class RegisterModel(OneStopDbContext db, DeskRegistration registration, TimeProvider clock) : PageModel
{
    public IReadOnlyList<(string Code, string Name)> Procedures { get; private set; } = [];
    public ProcedureVersion? Version { get; private set; }
    public FormDefinition? Form { get; private set; }
    public string? Code { get; private set; }
    public WalkInApplicant Applicant { get; private set; } = new(null, null, null, null, null, Channel.InPerson);
    public Dictionary<string, string> Values { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];

    public async Task OnGetAsync(string? thuTuc, CancellationToken ct) => await LoadAsync(thuTuc, ct);

    public async Task<IActionResult> OnPostAsync(string? thuTuc, string? applicantName, string? applicantPersonalId, string? applicantPhone,
        string? applicantEmail, string? applicantAddress, Channel channel, CancellationToken ct)
    {
        Applicant = new WalkInApplicant(applicantName, applicantPersonalId, applicantPhone, applicantEmail, applicantAddress, channel);
        var values = PostedDossierForm.Values(Request.Form);
        var scans = PostedDossierForm.Uploads(Request.Form).Where(u => u.DocumentIndex is not null).ToList();
        // Broken rules are shown on the form; any other refusal goes to the status page.
        return await this.TryActAsync(Errors, "", async () =>
        {
            var d = await registration.RegisterAsync(Actor.From(User)!, thuTuc, Applicant, values, scans, ct);
            TempData["message"] = Ui.T($"Đã đăng ký hồ sơ {d.Code}. Kiểm tra và tiếp nhận để in giấy hẹn.", $"Dossier {d.Code} registered. Check and receive it to print the appointment slip.");
            return Redirect($"/can-bo/ho-so/{d.Id}");
        }, async () =>
        {
            Values = values.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
            await LoadAsync(thuTuc, ct);
        }, shown: ex => ex is RuleViolationException);
    }

    private async Task LoadAsync(string? code, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == actor.AgencyId, ct);
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        var versions = await db.ProcedureVersions.AsNoTracking().InForce(today).OrderBy(v => v.Name).ToListAsync(ct);
        var mine = versions.Where(v => v.Content.IsHandledBy(agency.Code, agency.Level)).ToList();
        Procedures = mine.Select(v => (v.Code, v.Name)).ToList();
        Code = code;
        Version = mine.FirstOrDefault(v => v.Code == code);
        Form = Version is null ? null : FormDataRules.OnlineForm(Version.Content);
    }
}
