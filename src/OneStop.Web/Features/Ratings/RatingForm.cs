using Microsoft.AspNetCore.Http;

namespace OneStop.Web.Features.Ratings;

/// <summary>What the slip shows and what a posted slip says (answer, "c.{criterion}" scores, comment).</summary>
public sealed class RatingFormModel
{
    public string? Answer { get; set; }
    public Dictionary<string, int> Criteria { get; set; } = [];
    public string? Comment { get; set; }

    public RatingRequest ToRequest() => new(Answer, Criteria, Comment);

    /// <summary>Reads a posted slip; an unreadable score is kept out-of-range so that the rules name its field.</summary>
    public static RatingFormModel From(IFormCollection form)
    {
        var criteria = new Dictionary<string, int>();
        foreach (var (name, value) in form)
        {
            if (name.StartsWith("c.", StringComparison.Ordinal) && !string.IsNullOrEmpty(value))
            {
                criteria[name[2..]] = int.TryParse(value, out var score) ? score : -1;
            }
        }

        return new RatingFormModel { Answer = form["answer"], Criteria = criteria, Comment = form["comment"] };
    }

    public static RatingFormModel Of(RatingView view) => new() { Answer = view.Answer, Criteria = view.Criteria, Comment = view.Comment };
}
