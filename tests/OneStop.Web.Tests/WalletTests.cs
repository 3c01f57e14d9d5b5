using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Wallet;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// The document wallet (Kho giấy tờ): filled by result return and desk digitisation in the action's transaction, by the
/// applicant from their own dossiers; reused when filing (the dossier file records the wallet document); only ever the
/// owner's (404 for anyone else, on pages and API); removal leaves the dossiers' files alone.
/// </summary>
public abstract class WalletTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private static async Task<T> ReadAsync<T>(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"Expected {expected}, got {(int)r.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string action, Guid version, ReturnChannel? channel = null) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{id}/actions/{action}", UriKind.Relative), new ActionRequest(version, null, null, null, null, channel, null), Json);

    private static Task<List<WalletDocumentView>> WalletAsync(HttpClient client) =>
        client.GetFromJsonAsync<List<WalletDocumentView>>(new Uri("/api/v1/wallet", UriKind.Relative), Json)!;

    /// <summary>A page with a form for any applicant (an empty wallet page has none): where tests take the person's anti-forgery token.</summary>
    private const string TokenPage = "/nop-ho-so/" + Birth;

    /// <summary>"Lưu vào kho" on a dossier page (the anti-forgery token is the person's, taken from a page they can open).</summary>
    private static Task<HttpResponseMessage> SaveToWalletAsync(HttpClient client, Guid dossier, Guid file) =>
        OneStopAppFactory.PostFormAsync(client, TokenPage, $"/ho-so-cua-toi/{dossier}?handler=SaveToWallet", [new("fileId", file.ToString())]);

    /// <summary>Citizen A's submitted dossier with one of its files saved to A's wallet from the dossier page.</summary>
    private async Task<(HttpClient Citizen, DossierView Dossier, WalletDocumentView Document)> SavedAsync()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var file = d.Files.First(f => f.DocumentIndex == 1);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveToWalletAsync(citizen, d.Id, file.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveToWalletAsync(citizen, d.Id, file.Id)).StatusCode); // a second click keeps one
        var doc = Assert.Single(await WalletAsync(citizen), w => w.SourceDossierId == d.Id);
        Assert.Equal(WalletDocumentKind.FromDossier, doc.Kind);
        Assert.False(doc.Verified); // the applicant's own upload
        Assert.Equal(file.Sha256, doc.Sha256);
        Assert.Equal(d.Code, doc.SourceDossierCode);
        return (citizen, d, doc);
    }

    [Fact]
    public async Task A_returned_result_goes_to_the_applicants_wallet_with_the_signed_bytes()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var desk = await app.SignInAsync(Desk);
        var specialist = await app.SignInAsync(Specialist);
        var leader = await app.SignInAsync(Leader);
        var v = await ReadAsync<DossierView>(await ActAsync(desk, d.Id, "Receive", d.Version));
        v = await ReadAsync<DossierView>(await ActAsync(specialist, d.Id, "Claim", v.Version));
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(new PdfFormRenderer().Render(PdfFormRendererTests.SampleForm01())), "file", "trich-luc-khai-sinh.pdf");
            form.Add(new StringContent("Trích lục khai sinh"), "title");
            v = await ReadAsync<DossierView>(await specialist.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/result", UriKind.Relative), form));
        }

        v = await ReadAsync<DossierView>(await ActAsync(specialist, d.Id, "Forward", v.Version));
        v = await ReadAsync<DossierView>(await ActAsync(leader, d.Id, "Forward", v.Version));
        Assert.Equal(DossierStatus.Resolved, v.Status);
        Assert.DoesNotContain(await WalletAsync(citizen), w => w.SourceDossierId == d.Id); // not handed over yet
        v = await ReadAsync<DossierView>(await ActAsync(desk, d.Id, "ReturnResult", v.Version, ReturnChannel.Online));
        Assert.Equal(DossierStatus.Returned, v.Status);

        var result = Assert.Single(v.Files, f => f.ResultCode == $"{d.Code}-KQ1");
        var doc = Assert.Single(await WalletAsync(citizen), w => w.SourceDossierId == d.Id);
        Assert.Equal(WalletDocumentKind.Result, doc.Kind);
        Assert.True(doc.Verified);
        Assert.Equal(result.ResultCode, doc.ResultCode);
        Assert.Equal("Trích lục khai sinh", doc.Title);
        var signed = await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/files/{result.Id}", UriKind.Relative));
        var kept = await citizen.GetByteArrayAsync(new Uri($"/api/v1/wallet/{doc.Id}/file", UriKind.Relative));
        Assert.Equal(signed, kept);
        Assert.Equal(doc.Sha256, Convert.ToHexStringLower(SHA256.HashData(kept)));
        Assert.Contains("/ByteRange", System.Text.Encoding.Latin1.GetString(kept), StringComparison.Ordinal); // the signed one

        // The wallet page lists it with its download link; citizen B sees none of it.
        var page = await citizen.GetStringAsync(new Uri("/kho-giay-to", UriKind.Relative));
        Assert.Contains($"/api/v1/wallet/{doc.Id}/file", page, StringComparison.Ordinal);
        var other = await app.SignInAsync(CitizenB);
        Assert.DoesNotContain(await WalletAsync(other), w => w.Id == doc.Id);
        Assert.DoesNotContain(doc.Id.ToString(), await other.GetStringAsync(new Uri("/kho-giay-to", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desk_scans_go_verified_to_the_wallet_of_an_identity_verified_account_and_never_to_a_self_declared_one()
    {
        // Citizen B's personal ID came from the national identity provider; citizen A's local account typed its own.
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Users.Where(u => u.Email == CitizenB)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.AssuranceLevel, "LoA2"));
        }

        var desk = await app.SignInAsync(Desk);
        async Task<DossierView> RegisterAsync(string personalId)
        {
            var r = await RegisterWalkInAsync(desk, "Trần Thị Bình", "0987654321", personalId);
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            var id = Guid.Parse(r.Headers.Location!.OriginalString.Split('/')[^1]);
            return await ReadAsync<DossierView>(await desk.GetAsync(new Uri($"/api/v1/dossiers/{id}", UriKind.Relative)));
        }

        var d = await RegisterAsync("001190000002");
        var citizen = await app.SignInAsync(CitizenB);
        var doc = Assert.Single(await WalletAsync(citizen), w => w.SourceDossierId == d.Id);
        Assert.Equal(WalletDocumentKind.Digitised, doc.Kind);
        Assert.True(doc.Verified);
        Assert.Equal(d.Code, doc.SourceDossierCode);
        Assert.Equal(Pdf, await citizen.GetByteArrayAsync(new Uri($"/api/v1/wallet/{doc.Id}/file", UriKind.Relative)));
        // The walk-in dossier is now also among B's own dossiers.
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync(new Uri($"/ho-so-cua-toi/{d.Id}", UriKind.Relative))).StatusCode);

        // Citizen A's number typed at the desk links nothing: A's account never proved it.
        var unlinked = await RegisterAsync("001090000001");
        var a = await app.SignInAsync(CitizenA);
        Assert.DoesNotContain(await WalletAsync(a), w => w.SourceDossierId == unlinked.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync(new Uri($"/ho-so-cua-toi/{unlinked.Id}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Filing_with_wallet_documents_creates_files_that_record_their_origin_and_the_reuse_is_audited()
    {
        var (citizen, first, doc) = await SavedAsync();
        var commune = await DemoCommuneIdAsync(app.Services);

        // The filing page offers the wallet document beside each upload.
        var page = await citizen.GetStringAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative));
        Assert.Contains("name=\"wallet[1]\"", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{doc.Id}\"", page, StringComparison.Ordinal);

        using var form = new MultipartFormDataContent
        {
            { new StringContent(OneStopAppFactory.Token(page)), "__RequestVerificationToken" },
            { new StringContent(commune.ToString()), "agencyId" },
            { new StringContent(Guid.NewGuid().ToString("N")), "idempotencyKey" },
            { new StringContent("submit"), "action" },
            { new StringContent(doc.Id.ToString()), "wallet[1]" },
            { new StringContent(doc.Id.ToString()), "wallet[4]" },
        };
        foreach (var (k, value) in BirthForm())
        {
            form.Add(new StringContent(value!), "f." + k);
        }

        var r = await citizen.PostAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var id = Guid.Parse(r.Headers.Location!.OriginalString.Split('/')[^1].Split('?')[0]);
        var d = await ReadAsync<DossierView>(await citizen.GetAsync(new Uri($"/api/v1/dossiers/{id}", UriKind.Relative)));
        Assert.Equal(DossierStatus.Registered, d.Status);
        Assert.NotEqual(first.Id, d.Id);
        Assert.Equal([1, 4], d.Files.Select(f => f.DocumentIndex!.Value).Order().ToArray());
        Assert.All(d.Files, f =>
        {
            Assert.Equal(doc.Id, f.WalletDocumentId);
            Assert.Equal(doc.Sha256, f.Sha256);
            Assert.False(f.Digitised);
        });
        Assert.Equal(Pdf, await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{id}/files/{d.Files[0].Id}", UriKind.Relative)));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.Equal(2, await db.DossierFiles.CountAsync(f => f.DossierId == id && f.WalletDocumentId == doc.Id));
        var audit = await db.Set<OneStop.Web.Features.Audit.AuditEntry>().AsNoTracking().Where(e => e.Event == "wallet.reuse").ToListAsync();
        Assert.Contains(audit, e => e.Details!.Contains(doc.Id.ToString(), StringComparison.Ordinal) && e.Subject == id.ToString());
        // The dossier page says where the files came from.
        Assert.Contains("Dùng lại từ kho giấy tờ", await citizen.GetStringAsync(new Uri($"/ho-so-cua-toi/{id}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filing_through_the_api_reuses_a_wallet_document_but_another_citizens_is_refused_and_nothing_is_created()
    {
        var (_, _, doc) = await SavedAsync();
        var commune = await DemoCommuneIdAsync(app.Services);
        var other = await app.SignInAsync(CitizenB);
        var created = await other.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, commune, BirthForm(), null), Json);
        var draft = await ReadAsync<DossierView>(created, HttpStatusCode.Created);

        using (var form = new MultipartFormDataContent { { new StringContent(doc.Id.ToString()), "wallet[1]" } })
        {
            var refused = await other.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/files", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("wallet[1]", out _), errors.ToString());
        }

        var unchanged = await ReadAsync<DossierView>(await other.GetAsync(new Uri($"/api/v1/dossiers/{draft.Id}", UriKind.Relative)));
        Assert.Empty(unchanged.Files);
        Assert.Equal(draft.Version, unchanged.Version);

        // Through the filing page: the error summary names it, and no dossier is made.
        int Count() { using var s = app.Services.CreateScope(); return s.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.Count(); }
        var before = Count();
        var page = await other.GetStringAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative));
        using (var form = new MultipartFormDataContent
        {
            { new StringContent(OneStopAppFactory.Token(page)), "__RequestVerificationToken" },
            { new StringContent(commune.ToString()), "agencyId" },
            { new StringContent("submit"), "action" },
            { new StringContent(doc.Id.ToString()), "wallet[1]" },
        })
        {
            var r = await other.PostAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("Không tìm thấy giấy tờ đã chọn trong kho giấy tờ của bạn.", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(before, Count());

        // The owner may: the API attaches it to A's own draft.
        var owner = await app.SignInAsync(CitizenA);
        var mine = await ReadAsync<DossierView>(await owner.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, commune, BirthForm(), null), Json), HttpStatusCode.Created);
        using (var form = new MultipartFormDataContent { { new StringContent(doc.Id.ToString()), "wallet[1]" } })
        {
            var attached = await ReadAsync<DossierView>(await owner.PostAsync(new Uri($"/api/v1/dossiers/{mine.Id}/files", UriKind.Relative), form));
            Assert.Equal(doc.Id, Assert.Single(attached.Files).WalletDocumentId);
        }
    }

    [Fact]
    public async Task Another_citizens_document_is_not_found_on_the_page_and_the_api()
    {
        var (citizen, d, doc) = await SavedAsync();
        var other = await app.SignInAsync(CitizenB);
        var file = await other.GetAsync(new Uri($"/api/v1/wallet/{doc.Id}/file", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        Assert.Equal("application/problem+json", file.Content.Headers.ContentType?.MediaType);
        var remove = await OneStopAppFactory.PostFormAsync(other, TokenPage, "/kho-giay-to?handler=Remove", [new("id", doc.Id.ToString())]);
        Assert.Equal(HttpStatusCode.NotFound, remove.StatusCode);
        // Nor can B put A's dossier file in B's wallet.
        Assert.Equal(HttpStatusCode.NotFound, (await SaveToWalletAsync(other, d.Id, d.Files[0].Id)).StatusCode);
        // Staff have no wallet.
        var desk = await app.SignInAsync(Desk);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.GetAsync(new Uri($"/api/v1/wallet/{doc.Id}/file", UriKind.Relative))).StatusCode);
        Assert.Contains(await WalletAsync(citizen), w => w.Id == doc.Id);
    }

    [Fact]
    public async Task Removing_a_document_leaves_the_dossier_files_it_came_from_and_went_to()
    {
        var (citizen, d, doc) = await SavedAsync();
        var commune = await DemoCommuneIdAsync(app.Services);
        var reuser = await ReadAsync<DossierView>(await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, commune, BirthForm(), null), Json), HttpStatusCode.Created);
        using (var form = new MultipartFormDataContent { { new StringContent(doc.Id.ToString()), "wallet[1]" } })
        {
            reuser = await ReadAsync<DossierView>(await citizen.PostAsync(new Uri($"/api/v1/dossiers/{reuser.Id}/files", UriKind.Relative), form));
        }

        var r = await OneStopAppFactory.PostFormAsync(citizen, TokenPage, "/kho-giay-to?handler=Remove", [new("id", doc.Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.DoesNotContain(await WalletAsync(citizen), w => w.Id == doc.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync(new Uri($"/api/v1/wallet/{doc.Id}/file", UriKind.Relative))).StatusCode);

        var source = d.Files.First(f => f.DocumentIndex == 1);
        Assert.Equal(Pdf, await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/files/{source.Id}", UriKind.Relative)));
        var after = await ReadAsync<DossierView>(await citizen.GetAsync(new Uri($"/api/v1/dossiers/{reuser.Id}", UriKind.Relative)));
        var reused = Assert.Single(after.Files);
        Assert.Equal(doc.Id, reused.WalletDocumentId); // the record of the reuse stays
        Assert.Equal(Pdf, await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{reuser.Id}/files/{reused.Id}", UriKind.Relative)));

        // It can be saved again from the dossier page.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveToWalletAsync(citizen, d.Id, source.Id)).StatusCode);
        Assert.Contains(await WalletAsync(citizen), w => w.SourceDossierId == d.Id);
    }
}

public sealed class SqliteWalletTests(SqliteApp app) : WalletTests<SqliteApp>(app);

public sealed class PostgresWalletTests(PostgresApp app) : WalletTests<PostgresApp>(app);
