using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Data;

/// <summary>
/// A handful of demo dossiers at different points of their life, made through <see cref="DossierService"/> exactly as
/// people would make them, so that a fresh demo shows full inboxes, history and forms. Development only.
/// </summary>
public sealed class DemoDossiers(OneStopDbContext db, DossierService service, Features.Dossiers.Filing filing, UserManager<Account> users, IUserClaimsPrincipalFactory<Account> principals, ILogger<DemoDossiers> log)
{
    private static readonly byte[] SamplePdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"u8.ToArray();

    public async Task SeedAsync(Guid communeId, CancellationToken ct)
    {
        if (await db.Dossiers.AnyAsync(ct))
        {
            return;
        }

        var citizen = await ActorAsync("congdan.a@onestop.test");
        var desk = await ActorAsync("motcua.xa@onestop.test");
        var specialist = await ActorAsync("chuyenvien.xa@onestop.test");
        var leader = await ActorAsync("lanhdao.xa@onestop.test");
        if (citizen is null || desk is null || specialist is null || leader is null)
        {
            return;
        }

        async Task<Dossier> FileAsync(string child)
        {
            var form = new Dictionary<string, string?>
            {
                ["requesterFullName"] = "Nguyễn Văn An",
                ["requesterPersonalId"] = "001090000001",
                ["relationshipToChild"] = "Cha",
                ["childFullName"] = child,
                ["childSex"] = "Nam",
                ["childDateOfBirth"] = "2026-11-01",
                ["placeOfBirthType"] = "Cơ sở y tế",
                ["healthFacilityName"] = "Bệnh viện Phụ sản Hà Nội",
                ["ethnicity"] = "Kinh",
                ["nationality"] = "Việt Nam",
                ["contactPhone"] = "0912345678",
            };
            return await filing.SaveAsync(citizen, null, new DraftInput
            {
                ProcedureCode = "1.001193",
                AgencyId = communeId,
                Form = form,
                Uploads = [new(1, Pdf("giay-chung-sinh.pdf")), new(4, Pdf("can-cuoc.pdf"))],
            }, submit: true, ct);
        }

        Task<Dossier> Act(Actor actor, Dossier d, DossierAction action, ActionInput? input = null) =>
            service.ActAsync(actor, d.Id, action, (input ?? new ActionInput()) with { Version = null }, ct);

        // 1. Waiting at the desk.
        await FileAsync("Nguyễn Minh Anh");
        // 2. Supplement requested.
        var waiting = await FileAsync("Nguyễn Minh Bảo");
        await Act(desk, waiting, DossierAction.RequestSupplement, new ActionInput { Missing = ["Giấy chứng sinh (bản chụp rõ nét, đủ bốn góc)"] });
        // 3. Received, with the specialist.
        var handling = await FileAsync("Nguyễn Minh Châu");
        handling = await Act(desk, handling, DossierAction.Receive);
        await Act(specialist, handling, DossierAction.Claim);
        // 4. Waiting for the leader's approval, result attached.
        var approving = await FileAsync("Nguyễn Minh Dũng");
        approving = await Act(desk, approving, DossierAction.Receive);
        approving = await Act(specialist, approving, DossierAction.Claim);
        approving = await Act(specialist, approving, DossierAction.AttachResult, new ActionInput { ResultTitle = "Giấy khai sinh (bản chính điện tử)", Uploads = [new(null, Pdf("giay-khai-sinh.pdf"))] });
        await Act(specialist, approving, DossierAction.Forward);
        // 5. Returned.
        var done = await FileAsync("Nguyễn Minh Hà");
        done = await Act(desk, done, DossierAction.Receive);
        done = await Act(specialist, done, DossierAction.Claim);
        done = await Act(specialist, done, DossierAction.AttachResult, new ActionInput { ResultTitle = "Giấy khai sinh (bản chính điện tử)", Uploads = [new(null, Pdf("giay-khai-sinh.pdf"))] });
        done = await Act(specialist, done, DossierAction.Forward);
        done = await Act(leader, done, DossierAction.Forward);
        await Act(desk, done, DossierAction.ReturnResult, new ActionInput { ReturnChannel = ReturnChannel.Online });
        // 6. Registered late: the specialist asks for the late-registration fee (status 6), to pay at the sandbox bank.
        var paying = await FileAsync("Nguyễn Minh Khoa");
        paying = await Act(desk, paying, DossierAction.Receive);
        paying = await Act(specialist, paying, DossierAction.Claim);
        await Act(specialist, paying, DossierAction.RequestPayment, new ActionInput
        {
            FeeQuantities = new Dictionary<int, int> { [1] = 1 },
            FeeAmounts = new Dictionary<int, long> { [1] = 8_000 },
            Note = "Đăng ký khai sinh quá hạn: nộp lệ phí theo mức của thành phố.",
        });
        log.LogInformation("Seeded 6 demo dossiers");
    }

    /// <summary>The actor exactly as that person's sign-in cookie would describe them.</summary>
    private async Task<Actor?> ActorAsync(string email) =>
        await users.FindByEmailAsync(email) is { } account ? Actor.From(await principals.CreateAsync(account)) : null;

    private static FormFile Pdf(string name) => new(new MemoryStream(SamplePdf), 0, SamplePdf.Length, "file", name)
    {
        Headers = new HeaderDictionary(),
        ContentType = "application/pdf",
    };
}
