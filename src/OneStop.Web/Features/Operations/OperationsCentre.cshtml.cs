using Microsoft.AspNetCore.Authorization;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Operations;

/// <summary>Trung tâm điều hành: the staff dashboard (officers and supervisors).</summary>
[Authorize(Policy = StaffRoles.StaffReaderPolicy)]
public sealed class OperationsCentreModel(Dashboards dashboards) : DashboardPage(dashboards)
{
    public override bool ForStaff => true;

    public override string Route => "/trung-tam-dieu-hanh";
}
