using OneStop.Domain.Dossiers;
using OneStop.Domain.Ratings;

namespace OneStop.Domain.Tests;

public class RatingRulesTests
{
    public static TheoryData<bool, DossierStatus, bool, RatingRefusal?> FirstRatings => new()
    {
        { true, DossierStatus.Returned, false, null },
        { true, DossierStatus.Refused, false, null },
        { true, DossierStatus.Stopped, false, null },
        { true, DossierStatus.Withdrawn, false, null },
        { true, DossierStatus.Returned, true, RatingRefusal.AlreadyRated },
        { true, DossierStatus.Draft, false, RatingRefusal.NotFinished },
        { true, DossierStatus.Registered, false, RatingRefusal.NotFinished },
        { true, DossierStatus.Received, false, RatingRefusal.NotFinished },
        { true, DossierStatus.Processing, false, RatingRefusal.NotFinished },
        { true, DossierStatus.AwaitingSupplement, false, RatingRefusal.NotFinished },
        { true, DossierStatus.AwaitingPayment, false, RatingRefusal.NotFinished },
        { true, DossierStatus.Resolved, false, RatingRefusal.NotFinished }, // the result still waits at the desk
        { false, DossierStatus.Returned, false, RatingRefusal.NotTheApplicant },
        { false, DossierStatus.Processing, true, RatingRefusal.NotTheApplicant }, // nothing else is revealed
    };

    [Theory]
    [MemberData(nameof(FirstRatings))]
    public void Only_the_applicant_rates_a_finished_dossier_once(bool applicant, DossierStatus status, bool rated, RatingRefusal? expected) =>
        Assert.Equal(expected, RatingRules.MayRate(applicant, status, rated));

    private static readonly DateTimeOffset Rated = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(7));

    public static TheoryData<bool, bool, TimeSpan, RatingRefusal?> Changes => new()
    {
        { true, true, TimeSpan.Zero, null },
        { true, true, TimeSpan.FromDays(3), null },
        { true, true, TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1), null },
        { true, true, TimeSpan.FromDays(7), RatingRefusal.WindowClosed }, // never after: 7 days exactly is too late
        { true, true, TimeSpan.FromDays(30), RatingRefusal.WindowClosed },
        { true, false, TimeSpan.Zero, RatingRefusal.NotRated },
        { false, true, TimeSpan.FromDays(1), RatingRefusal.NotTheApplicant },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_rating_changes_within_seven_days_never_after(bool applicant, bool rated, TimeSpan after, RatingRefusal? expected) =>
        Assert.Equal(expected, RatingRules.MayChange(applicant, rated ? Rated : null, Rated + after));

    public static TheoryData<string?, Dictionary<string, int>?, string?, string[]> Inputs => new()
    {
        { "very-satisfied", null, null, [] },
        { "satisfied", new() { ["time"] = 2, ["contacts"] = 1, ["attitude"] = 0, ["information"] = 2 }, "Nhanh", [] },
        { "dissatisfied", new(), new string('x', 1000), [] },
        { "Satisfied ", null, null, [] }, // case and spaces forgiven
        { "happy", null, null, ["answer"] },
        { null, null, null, ["answer"] },
        { "satisfied", new() { ["time"] = 3 }, null, ["criteria.time"] },
        { "satisfied", new() { ["speed"] = 1 }, null, ["criteria.speed"] },
        { "satisfied", null, new string('x', 1001), ["comment"] },
        { "nope", new() { ["attitude"] = -1 }, new string('x', 1001), ["answer", "criteria.attitude", "comment"] },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Bad_input_names_its_field(string? answer, Dictionary<string, int>? criteria, string? comment, string[] paths) =>
        Assert.Equal(paths, RatingRules.Validate(answer, criteria, comment).Select(e => e.Path));

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(17, 20, 85.0)]
    [InlineData(2, 3, 66.67)]
    [InlineData(1, 3, 33.33)]
    [InlineData(5, 5, 100.0)]
    public void The_satisfied_share_is_rounded_to_two_decimals_and_NA_without_ratings(int satisfied, int total, double? expected) =>
        Assert.Equal(expected is null ? null : (decimal)expected, RatingRules.SatisfiedPercent(satisfied, total));

    [Theory]
    [InlineData(RatingAnswer.VerySatisfied, true)]
    [InlineData(RatingAnswer.Satisfied, true)]
    [InlineData(RatingAnswer.Dissatisfied, false)]
    public void Satisfied_means_very_satisfied_or_satisfied(RatingAnswer answer, bool satisfied) => Assert.Equal(satisfied, RatingRules.IsSatisfied(answer));

    [Theory]
    [InlineData("3f9a0c1be2d47788aa01", "3F9A0C1BE2")]
    [InlineData("short", null)]
    [InlineData(null, null)]
    public void The_kiosk_code_is_the_tracking_keys_first_ten_characters(string? key, string? code) => Assert.Equal(code, RatingRules.KioskCode(key));

    [Theory]
    [InlineData("3F9A0-C1BE2", "3f9a0c1be2")]
    [InlineData(" 3f9a0 c1be2 ", "3f9a0c1be2")]
    [InlineData("3F9AO-C1BE2", "3f9a0c1be2")] // O typed for 0
    [InlineData("3F9A0-C1BE", null)]
    [InlineData("3F9A0-C1BEZ", null)]
    [InlineData("", null)]
    public void A_typed_kiosk_code_is_normalised_or_refused(string typed, string? prefix) => Assert.Equal(prefix, RatingRules.TrackingKeyPrefix(typed));
}
