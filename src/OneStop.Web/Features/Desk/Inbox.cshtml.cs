using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Desk;

/// <summary>The officer's inboxes: to receive, to handle, to approve, to return, waiting, due soon, overdue, mine.</summary>
[Authorize(Policy = StaffRoles.StaffPolicy)]
public sealed class InboxModel(DossierQueries queries) : PageModel
{
    public static readonly (Inbox Box, string Slug, string Vietnamese, string English)[] Boxes =
    [
        (Inbox.ToReceive, "cho-tiep-nhan", "Chờ tiếp nhận", "To receive"),
        (Inbox.ToHandle, "can-xu-ly", "Cần xử lý", "To handle"),
        (Inbox.ToApprove, "cho-phe-duyet", "Chờ phê duyệt", "To approve"),
        (Inbox.ToReturn, "cho-tra-ket-qua", "Chờ trả kết quả", "To return"),
        (Inbox.Waiting, "cho-bo-sung", "Chờ công dân bổ sung", "Waiting for the applicant"),
        (Inbox.DueSoon, "sap-den-han", "Sắp đến hạn", "Due soon"),
        (Inbox.Overdue, "qua-han", "Quá hạn", "Overdue"),
        (Inbox.Mine, "cua-toi", "Tôi đang xử lý", "Mine"),
        (Inbox.All, "tat-ca", "Tất cả", "All"),
    ];

    public Inbox Box { get; private set; }
    public IReadOnlyList<DossierListItem> Items { get; private set; } = [];
    public Dictionary<Inbox, int> Counts { get; private set; } = [];
    public Actor Actor { get; private set; } = null!;
    public int PageNumber { get; private set; } = 1;

    public async Task OnGetAsync(string? hop, int? trang, CancellationToken ct)
    {
        Actor = Actor.From(User)!;
        Box = Boxes.FirstOrDefault(b => b.Slug == hop).Slug is null ? DefaultBox(Actor) : Boxes.First(b => b.Slug == hop).Box;
        PageNumber = Math.Max(1, trang ?? 1);
        Counts = await queries.InboxCountsAsync(Actor, ct);
        Items = await queries.InboxAsync(Actor, Box, PageNumber, ct);
    }

    private static Inbox DefaultBox(Actor a) =>
        a.Has(StaffRole.DeskOfficer) ? Inbox.ToReceive : a.Has(StaffRole.Specialist) ? Inbox.ToHandle : Inbox.ToApprove;
}
