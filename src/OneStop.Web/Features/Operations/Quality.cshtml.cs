namespace OneStop.Web.Features.Operations;

/// <summary>Đánh giá chất lượng phục vụ: the public dashboard (aggregates only, no personal data).</summary>
public sealed class QualityModel(Dashboards dashboards) : DashboardPage(dashboards)
{
    public override bool ForStaff => false;

    public override string Route => "/danh-gia-chat-luong";
}
