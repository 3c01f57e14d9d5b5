using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// Actions offered = actions accepted, over HTTP: for every status a dossier can be in, original or transferred from
/// another agency, and every kind of person who may look at it, each action the API lists for that person succeeds, and
/// each action it does not list is refused (403 for a role the person lacks, 404 for a dossier they cannot see, 409
/// otherwise) and changes nothing: neither the dossier's version nor its history.
/// </summary>
public abstract class OfferedActionsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static readonly string[] Actions = Enum.GetValues<DossierAction>().Where(DossierService.IsDirect).Select(a => a.ToString()).ToArray();

    private static readonly string[] People = [CitizenA, Desk, Specialist, Leader, Police];

    /// <summary>(name, status, step, results, fees due).</summary>
    private static readonly (string Name, DossierStatus Status, int Step, int Results, long FeeDue)[] States =
    [
        ("registered", DossierStatus.Registered, 0, 0, 0),
        ("registered, fees due at submission", DossierStatus.Registered, 0, 0, 8_000),
        ("received", DossierStatus.Received, 1, 0, 0),
        ("processing by the specialist", DossierStatus.Processing, 1, 0, 0),
        ("processing by the leader, result attached", DossierStatus.Processing, 2, 1, 0),
        ("awaiting a supplement", DossierStatus.AwaitingSupplement, 1, 0, 0),
        ("awaiting payment", DossierStatus.AwaitingPayment, 1, 0, 8_000),
        ("resolved", DossierStatus.Resolved, 3, 1, 0),
        ("refused", DossierStatus.Refused, 0, 0, 0),
        ("withdrawn", DossierStatus.Withdrawn, 1, 0, 0),
        ("stopped", DossierStatus.Stopped, 1, 0, 0),
        ("returned", DossierStatus.Returned, 3, 1, 0),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_offered_action_is_accepted_and_every_other_is_refused_without_change(bool transferred)
    {
        var citizen = await app.SignInAsync(CitizenA);
        var template = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var clients = new Dictionary<string, HttpClient> { [CitizenA] = citizen };
        foreach (var person in People.Skip(1))
        {
            clients[person] = await app.SignInAsync(person);
        }

        var failures = new List<string>();
        var accepted = 0;
        foreach (var state in States)
        {
            foreach (var person in People)
            {
                var client = clients[person];
                var probe = await CopyAsync(template.Id, state, transferred);
                var read = await client.GetAsync(new Uri($"/api/v1/dossiers/{probe}", UriKind.Relative));
                var offered = read.StatusCode == HttpStatusCode.OK
                    ? (await read.Content.ReadFromJsonAsync<DossierView>(Json))!.Actions
                    : [];
                foreach (var action in Actions.Where(a => !offered.Contains(a)))
                {
                    var before = await SnapshotAsync(probe);
                    var r = await ActAsync(client, probe, action, await InputAsync(action, probe));
                    if (r.StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                    {
                        failures.Add($"{state.Name}{(transferred ? " (transferred)" : "")}, {person}: {action} not offered but answered {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                    }
                    else if (await SnapshotAsync(probe) != before)
                    {
                        failures.Add($"{state.Name}{(transferred ? " (transferred)" : "")}, {person}: refused {action} changed the dossier");
                    }
                }

                foreach (var action in offered)
                {
                    var fresh = await CopyAsync(template.Id, state, transferred);
                    var r = await ActAsync(client, fresh, action, await InputAsync(action, fresh));
                    if (r.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"{state.Name}{(transferred ? " (transferred)" : "")}, {person}: offered {action} answered {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                    }

                    accepted++;
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        // The table offers real work: the desk, the specialist, the leader and the applicant each have actions somewhere.
        Assert.True(accepted >= (transferred ? 15 : 25), $"only {accepted} actions were offered");
    }

    [Fact]
    public async Task A_transferred_dossier_is_not_the_applicants_and_its_agency_cannot_charge_apologise_or_ask_the_applicant()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var template = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var child = await CopyAsync(template.Id, States[3], transferred: true);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync(new Uri($"/api/v1/dossiers/{child}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(citizen, child, "Withdraw", new ActionRequest(null, null, null, null, null, null, null))).StatusCode);
        var specialist = await app.SignInAsync(Specialist);
        var offered = (await specialist.GetFromJsonAsync<DossierView>(new Uri($"/api/v1/dossiers/{child}", UriKind.Relative), Json))!.Actions;
        Assert.Contains("Forward", offered);
        foreach (var action in new[] { "RequestPayment", "RequestSupplement", "Transfer" })
        {
            Assert.DoesNotContain(action, offered);
            var r = await ActAsync(specialist, child, action, await InputAsync(action, child));
            Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        }

        // The leader may apologise for the agency's own dossiers, not for one it works for another agency.
        var leader = await app.SignInAsync(Leader);
        Assert.DoesNotContain("Apologise", (await leader.GetFromJsonAsync<DossierView>(new Uri($"/api/v1/dossiers/{child}", UriKind.Relative), Json))!.Actions);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(leader, child, "Apologise", await InputAsync("Apologise", child))).StatusCode);
    }

    [Theory]
    [InlineData("Stop", 3)]
    [InlineData("Refuse", 0)]
    public async Task A_transfer_stopped_or_refused_by_its_agency_releases_the_original(string action, int state)
    {
        var citizen = await app.SignInAsync(CitizenA);
        var template = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var child = await CopyAsync(template.Id, States[state], transferred: true);
        var officer = await app.SignInAsync(action == "Stop" ? Leader : Desk);
        var r = await ActAsync(officer, child, action, await InputAsync(action, child));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var parent = await db.Dossiers.AsNoTracking().FirstAsync(d => d.OpenTransferId == null && db.Dossiers.Any(c => c.Id == child && c.ParentId == d.Id));
        Assert.Equal(DossierStatus.Processing, parent.Status);
        var last = await db.DossierEvents.AsNoTracking().Where(e => e.DossierId == parent.Id).OrderBy(e => e.Id).LastAsync();
        Assert.Equal(DossierAction.TransferReturned, last.Action);
        Assert.Contains(action == "Stop" ? "Dừng xử lý" : "Không được tiếp nhận", last.Note, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string action, object input) => input switch
    {
        MultipartFormDataContent form => client.PostAsync(new Uri($"/api/v1/dossiers/{id}/{(action == "Supplement" ? "supplement?document=1" : "result")}", UriKind.Relative), form),
        _ => client.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{id}/actions/{action}", UriKind.Relative), (ActionRequest)input, Json),
    };

    /// <summary>Input that is valid for the action, so that a refusal can only come from the rules.</summary>
    private async Task<object> InputAsync(string action, Guid id)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var d = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == id);
        if (action is "Supplement" or "AttachResult")
        {
            return new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "giay-to.pdf" } };
        }

        var assignee = await db.StaffWithRole(d.AgencyId, d.CurrentRole).Select(u => (Guid?)u.Id).FirstOrDefaultAsync();
        return new ActionRequest(null, "Ghi chú của cán bộ", ["Giấy chứng sinh"], assignee, "000.00.17.H26", ReturnChannel.Online, (d.DueAt ?? DateTimeOffset.UtcNow).AddDays(2),
            new Dictionary<int, int> { [1] = 1 }, new Dictionary<int, long> { [1] = 8_000 });
    }

    /// <summary>A copy of the template dossier in the given state (its own code), as a transfer from another agency when asked.</summary>
    private async Task<Guid> CopyAsync(Guid templateId, (string Name, DossierStatus Status, int Step, int Results, long FeeDue) state, bool transferred)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var t = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == templateId);
        var now = DateTimeOffset.UtcNow;
        var received = state.Status is not (DossierStatus.Registered or DossierStatus.Refused);
        Dossier Copy(Guid agency, DossierStatus status, int step) => new()
        {
            Id = Guid.CreateVersion7(),
            Code = $"{t.Code}-{Guid.NewGuid().ToString("N")[..8]}",
            ProcedureVersionId = t.ProcedureVersionId,
            ProcedureCode = t.ProcedureCode,
            ProcedureName = t.ProcedureName,
            AgencyId = agency,
            Channel = Channel.Online,
            Status = status,
            Step = step,
            CurrentRole = WorkflowNavigator.RoleFor(status, t.Steps, step),
            Steps = [.. t.Steps],
            TimeLimit = t.TimeLimit,
            ApplicantId = t.ApplicantId,
            ApplicantName = t.ApplicantName,
            ApplicantPhone = t.ApplicantPhone,
            ApplicantEmail = t.ApplicantEmail,
            FormData = new(t.FormData),
            TrackingKey = Guid.NewGuid().ToString("N")[..20],
            CreatedAt = now,
            UpdatedAt = now,
            SubmittedAt = now,
            ReceivedAt = received ? now : null,
            DueAt = received ? now.AddDays(10) : null,
            ResultCount = state.Results,
            FeeDueVnd = state.FeeDue,
            Version = Guid.NewGuid(),
        };
        var dossier = Copy(t.AgencyId, state.Status, state.Step);
        if (transferred)
        {
            var police = await db.Agencies.AsNoTracking().Where(a => a.Code == "000.00.17.H26").Select(a => a.Id).FirstAsync();
            var parent = Copy(police, DossierStatus.Processing, 1);
            parent.OpenTransferId = dossier.Id;
            dossier.ParentId = parent.Id;
            dossier.ParentStep = 1;
            dossier.Channel = Channel.Transfer;
            db.Dossiers.Add(parent);
        }

        db.Dossiers.Add(dossier);
        await db.SaveChangesAsync();
        return dossier.Id;
    }

    private async Task<(Guid Version, int Events)> SnapshotAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        return (await db.Dossiers.Where(d => d.Id == id).Select(d => d.Version).FirstAsync(), await db.DossierEvents.CountAsync(e => e.DossierId == id));
    }
}

public sealed class SqliteOfferedActionsTests(SqliteApp app) : OfferedActionsTests<SqliteApp>(app);

public sealed class PostgresOfferedActionsTests(PostgresApp app) : OfferedActionsTests<PostgresApp>(app);
