using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Staff;

namespace OneStop.Web.Tests;

/// <summary>
/// The operator command `create-staff`: how a Production database gets its first administrator and how scripts seed
/// the accounts they use, through the administration page's own rules, transaction and audit entry.
/// </summary>
public sealed class StaffCommandTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_command_creates_a_working_account_once_and_refuses_bad_input_without_storing_anything()
    {
        const string email = "quantri.dautien@onestop.test";
        const string password = "Mat-khau-quan-tri-2026";
        var previous = Environment.GetEnvironmentVariable("ONESTOP_NEW_PASSWORD");
        Environment.SetEnvironmentVariable("ONESTOP_NEW_PASSWORD", password);
        try
        {
            Assert.Equal(2, await StaffCommand.RunAsync(app.Services, ["create-staff", "--email", "khong-hop-le", "--name", "X", "--role", "SystemAdministrator"]));
            Assert.Equal(2, await StaffCommand.RunAsync(app.Services, ["create-staff", "--email", email, "--name", "Lê Văn Đầu", "--role", "NoSuchRole"]));
            Assert.Equal(2, await StaffCommand.RunAsync(app.Services, ["create-staff", "--email", email, "--name", "Lê Văn Đầu", "--agency", "999.99.99.H26", "--role", "DeskOfficer"]));
            await AssertNoAccountAsync(email);

            Assert.Equal(0, await StaffCommand.RunAsync(app.Services, ["create-staff", "--email", email, "--name", "Lê Văn Đầu", "--role", "SystemAdministrator"]));
            Assert.Equal(2, await StaffCommand.RunAsync(app.Services, ["create-staff", "--email", email, "--name", "Lê Văn Đầu", "--role", "SystemAdministrator"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ONESTOP_NEW_PASSWORD", previous);
        }

        // The new administrator signs in and opens the staff administration page; the creation is in the audit log.
        var admin = app.Client();
        await OneStopAppFactory.SignInAsync(admin, email, password: password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/quan-tri/can-bo", UriKind.Relative))).StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Subject == email && e.Event == "staff.create");
        Assert.StartsWith("create-staff", entry.ActorName, StringComparison.Ordinal);
    }

    private async Task AssertNoAccountAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }
}
