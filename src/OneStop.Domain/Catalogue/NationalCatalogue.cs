using System.Globalization;
using System.Text.RegularExpressions;

namespace OneStop.Domain.Catalogue;

/// <summary>One row of the national database's submission-methods table: the channel, its time limit and its fee, verbatim.</summary>
public sealed record NationalSubmissionMethod(string? Method, string? Time, string? Fee);

/// <summary>One row of the national database's document table (case heading, name, template file, quantity), verbatim.</summary>
public sealed record NationalDocumentDetail(string? Case, string? Name, string? Template, string? Quantity);

/// <summary>A procedure of the national procedure database (Cơ sở dữ liệu quốc gia về TTHC) as crawled: every text verbatim.</summary>
public sealed record NationalProcedureRecord
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Field { get; init; }
    public IReadOnlyList<string> AgencyLevels { get; init; } = [];
    public string? ImplementingAgency { get; init; }
    public string? TimeLimitText { get; init; }
    public string? FeesText { get; init; }
    public IReadOnlyList<NationalSubmissionMethod> SubmissionMethods { get; init; } = [];
    public string? SubmissionMethodsText { get; init; }
    public IReadOnlyList<string>? Documents { get; init; }
    public IReadOnlyList<NationalDocumentDetail>? DocumentDetails { get; init; }
    public IReadOnlyList<string>? Result { get; init; }
    public IReadOnlyList<string>? LegalBasis { get; init; }
    public string? LegalBasisText { get; init; }
    public string? Steps { get; init; }
    public string? Requirements { get; init; }
    public string? SourceUrl { get; init; }
    public string? DecisionNumber { get; init; }
}

/// <summary>What a parser made of one text: the value (null when nothing usable) and what it did not understand.</summary>
public sealed record Parsed<T>(T? Value, string? Problem);

/// <summary>
/// Readers of the national database's flattened texts. Pure functions: a text in, a value and the reason it is doubtful
/// out. What is not understood is never guessed: it is kept verbatim and named, so a person can complete it.
/// </summary>
public static partial class NationalTextParsers
{
    [GeneratedRegex(@"^\s*(?<n>\d+(?:[.,]\d+)?)\s*(?<unit>ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\s*(?<n>\d{1,3}(?:,\d{3})+|\d+)\s*(?<cur>VNĐ|VND|Việt Nam Đồng|đồng|USD|EUR|[A-Z]{3})\s*(?:\((?<note>.*)\))?\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FeePattern();

    [GeneratedRegex(@"^\s*Miễn phí\s*(?:\((?<note>.*)\))?\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FreePattern();

    /// <summary>An amount of money written in a note: "20.000 đồng", "02 triệu đồng", "500.000đ".</summary>
    [GeneratedRegex(@"\d[\d.]*\s*(?:triệu\s*)?(?:đồng|đ\b|VNĐ|vnđ)", RegexOptions.CultureInvariant)]
    private static partial Regex AmountInNote();

    /// <summary>The leading bullet of a document row: "-", "+", "a)", "1.", "(8)", "++", "+)".</summary>
    [GeneratedRegex(@"^\s*(?:[-+•*]+\)?|\(?[0-9a-zđA-Z]{1,3}[.)]|\([0-9]{1,2}\))\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Bullet();

    /// <summary>
    /// Thời hạn giải quyết: "7 Ngày làm việc" → 7 working days; "15 Ngày" → 15 calendar days; "1.5 Ngày làm việc" → 12
    /// working hours; "8 Giờ" → 8 working hours; "Trong ngày" → same day. Months, years and anything else are not
    /// understood (the text is kept and the problem named); no text at all is "not stated".
    /// </summary>
    public static Parsed<TimeLimit> TimeLimit(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("Không có thông tin", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, "Nguồn không ghi thời hạn giải quyết.");
        }

        var t = text.Trim();
        if (t.Equals("Trong ngày", StringComparison.OrdinalIgnoreCase) || t.Equals("Ngay trong ngày", StringComparison.OrdinalIgnoreCase))
        {
            return new(new TimeLimit(TimeLimitUnit.SameDay, 0, false, t), null);
        }

        var m = TimePattern().Match(t);
        if (!m.Success)
        {
            return new(null, $"Không đọc được thời hạn \"{t}\".");
        }

        var amount = decimal.Parse(m.Groups["n"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToLowerInvariant();
        switch (unit)
        {
            case "ngày làm việc" when decimal.IsInteger(amount):
                return Checked(new TimeLimit(TimeLimitUnit.WorkingDays, (int)amount, false, t), t);
            case "ngày làm việc" when decimal.IsInteger(amount * Catalogue.TimeLimit.WorkingHoursPerDay):
                return Checked(new TimeLimit(TimeLimitUnit.WorkingHours, (int)(amount * Catalogue.TimeLimit.WorkingHoursPerDay), false, t), t);
            case "ngày" when decimal.IsInteger(amount):
                return Checked(new TimeLimit(TimeLimitUnit.CalendarDays, (int)amount, false, t), t);
            case "giờ" or "giờ làm việc" when decimal.IsInteger(amount):
                return Checked(new TimeLimit(TimeLimitUnit.WorkingHours, (int)amount, false, t), t);
            default:
                return new(null, $"Thời hạn \"{t}\" tính theo đơn vị OneStop chưa hỗ trợ (tháng, năm hoặc số lẻ).");
        }
    }

    private static Parsed<TimeLimit> Checked(TimeLimit limit, string text) =>
        limit.Amount is < 1 or > 365 * 3 ? new(null, $"Thời hạn \"{text}\" nằm ngoài khoảng 1–1.095.") : new(limit, null);

    /// <summary>
    /// Phí, lệ phí of one submission channel: "Miễn phí" → free; "20,000 Việt Nam Đồng(…)" → 20,000 VND with the note kept.
    /// Flagged and kept as text (amount unknown): another currency, an amount under 1,000 VND (the portal drops the
    /// thousands: "20 VNĐ(20.000 vnđ / tờ khai)"), a "free" whose note states an amount or leaves the amount to the
    /// provincial council, and anything else it cannot read.
    /// </summary>
    public static Parsed<Fee> Fee(string? text, SubmissionChannel? channel)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(null, "Nguồn không ghi phí, lệ phí.");
        }

        var t = text.Trim();
        const string name = "Phí, lệ phí";
        var free = FreePattern().Match(t);
        if (free.Success)
        {
            var note = NoteOf(free);
            if (note is not null && AmountInNote().IsMatch(note))
            {
                return new(new Fee(name, null, Note: t, Channel: channel), $"Ghi \"Miễn phí\" nhưng phần ghi chú nêu số tiền: \"{Short(note)}\".");
            }

            if (note is not null && note.Contains("Hội đồng nhân dân", StringComparison.OrdinalIgnoreCase))
            {
                return new(new Fee(name, null, Note: t, Channel: channel), "Ghi \"Miễn phí\" nhưng mức thu do Hội đồng nhân dân cấp tỉnh quy định: cần ghi mức của Hà Nội.");
            }

            return new(new Fee(name, 0, Note: note, Channel: channel), null);
        }

        var m = FeePattern().Match(t);
        if (!m.Success)
        {
            return new(new Fee(name, null, Note: t, Channel: channel), $"Không đọc được phí, lệ phí \"{Short(t)}\".");
        }

        var currency = m.Groups["cur"].Value;
        var amount = long.Parse(m.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
        if (currency is not ("VNĐ" or "VND" or "Việt Nam Đồng" or "đồng"))
        {
            return new(new Fee(name, null, Note: t, Channel: channel), $"Phí tính bằng ngoại tệ ({currency}): giữ nguyên văn bản.");
        }

        if (amount < 1000)
        {
            return new(new Fee(name, null, Note: t, Channel: channel), $"Số tiền {amount} đồng đáng ngờ (nguồn có thể đã bỏ mất phần nghìn).");
        }

        return new(new Fee(name, amount, Note: NoteOf(m), Channel: channel), null);
    }

    private static string? NoteOf(Match m) =>
        m.Groups["note"].Success && !string.IsNullOrWhiteSpace(m.Groups["note"].Value) ? m.Groups["note"].Value.Trim() : null;

    private static string Short(string text) => text.Length <= 120 ? text : text[..120] + "…";

    /// <summary>The channel a method of the source names; null when it names none OneStop knows.</summary>
    public static SubmissionChannel? Channel(string? method) => method?.Trim() switch
    {
        "Trực tiếp" => SubmissionChannel.InPerson,
        "Dịch vụ bưu chính" => SubmissionChannel.Post,
        "Trực tuyến" => SubmissionChannel.Online,
        _ => null,
    };

    /// <summary>
    /// Whether a row of the document list is a note rather than a paper to hand in: it starts (after its bullet) with
    /// "Trường hợp", "Lưu ý", "Ghi chú", "Chú ý", "Nếu", or says a paper need not be handed in.
    /// </summary>
    public static bool IsDocumentNote(string row)
    {
        var text = Bullet().Replace(row, string.Empty, 1).TrimStart();
        string[] starts = ["Trường hợp", "Trong trường hợp", "Lưu ý", "Ghi chú", "Chú ý", "Nếu ", "*Lưu ý", "Đối với trường hợp"];
        return starts.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase))
               || text.Contains("không phải nộp", StringComparison.OrdinalIgnoreCase)
               || text.Contains("không phải xuất trình", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The number of copies a quantity cell asks for ("1 bản chính,1 bản sao" → 2; "0 bản chính" → 1).</summary>
    public static int Copies(string? quantity)
    {
        if (string.IsNullOrWhiteSpace(quantity))
        {
            return 1;
        }

        var total = 0;
        foreach (Match m in CopyCount().Matches(quantity))
        {
            total += int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return Math.Clamp(total, 1, 20);
    }

    [GeneratedRegex(@"(\d+)\s*bản", RegexOptions.CultureInvariant)]
    private static partial Regex CopyCount();
}

/// <summary>A national procedure turned into OneStop's content, with everything the parsers could not understand.</summary>
public sealed record MappedProcedure(ProcedureContent Content, bool NationalOnly);

/// <summary>Turns a record of the national database into a version's content (Hanoi's agency levels, parsed terms, verbatim texts).</summary>
public static class NationalCatalogueMapping
{
    /// <summary>Who changes the catalogue when the national file is imported; later versions by anyone else are a person's work and win.</summary>
    public const string ImportActor = "national-import";

    public static MappedProcedure Map(NationalProcedureRecord r)
    {
        var issues = new List<string>();
        var levels = new List<AgencyLevel>();
        if (r.AgencyLevels.Contains("Cấp tỉnh"))
        {
            levels.Add(AgencyLevel.Department);
        }

        if (r.AgencyLevels.Contains("Cấp xã"))
        {
            levels.Add(AgencyLevel.Commune);
        }

        var nationalOnly = levels.Count == 0;
        if (nationalOnly)
        {
            levels.Add(AgencyLevel.Ministry);
        }

        var (timeLimit, channelLimits) = TimeLimits(r, issues);
        var fees = Fees(r, issues);
        var (documents, notes) = Documents(r);
        if (documents.Count == 0)
        {
            issues.Add("Nguồn không có thành phần hồ sơ.");
        }

        var content = new ProcedureContent
        {
            Code = r.Code.Trim(),
            Name = r.Name.Trim(),
            Field = r.Field.Trim(),
            AgencyLevels = levels,
            ServiceLevel = ServiceLevel.Information,
            OnlineScope = OnlineScope.None,
            TimeLimit = timeLimit,
            ChannelTimeLimits = channelLimits,
            Fees = fees,
            Documents = documents,
            DocumentNotes = notes,
            Result = r.Result is { Count: > 0 } ? string.Join("\n", r.Result) : null,
            LegalBasis = !string.IsNullOrWhiteSpace(r.LegalBasisText) ? r.LegalBasisText : r.LegalBasis is { Count: > 0 } ? string.Join("; ", r.LegalBasis) : null,
            Steps = r.Steps,
            Conditions = r.Requirements,
            ImplementingAgencyText = r.ImplementingAgency,
            Sources = string.IsNullOrWhiteSpace(r.SourceUrl) ? [] : [r.SourceUrl.Trim()],
            ReviewIssues = issues.Distinct(StringComparer.Ordinal).ToList(),
        };
        return new MappedProcedure(content, nationalOnly);
    }

    /// <summary>
    /// The desk's time limit (the first in-person row, else the first row read), and per-channel limits when the rows
    /// differ. Several rows of one channel with different limits (by case) are named for review: the longest is used.
    /// </summary>
    private static (TimeLimit, IReadOnlyList<ChannelTimeLimit>) TimeLimits(NationalProcedureRecord r, List<string> issues)
    {
        var rows = new List<(SubmissionChannel? Channel, TimeLimit Limit)>();
        foreach (var m in r.SubmissionMethods)
        {
            if (m.Time is null)
            {
                continue;
            }

            var parsed = NationalTextParsers.TimeLimit(m.Time);
            if (parsed.Value is null)
            {
                issues.Add($"{m.Method}: {parsed.Problem}");
                continue;
            }

            rows.Add((NationalTextParsers.Channel(m.Method), parsed.Value));
        }

        if (rows.Count == 0)
        {
            var whole = NationalTextParsers.TimeLimit(r.TimeLimitText);
            if (whole.Value is null)
            {
                issues.Add(whole.Problem!);
                return (new TimeLimit(TimeLimitUnit.NotStated, 0, false, r.TimeLimitText ?? string.Empty), []);
            }

            return (whole.Value, []);
        }

        var perChannel = rows.GroupBy(x => x.Channel).Select(g =>
        {
            var distinct = g.Select(x => x.Limit).Distinct().ToList();
            if (distinct.Count > 1)
            {
                issues.Add($"{ChannelName(g.Key)}: nhiều thời hạn theo từng trường hợp ({string.Join(", ", distinct.Select(d => d.Text))}); tạm dùng thời hạn dài nhất.");
            }

            return (Channel: g.Key, Limit: distinct.OrderByDescending(Length).First());
        }).ToList();
        var desk = perChannel.FirstOrDefault(x => x.Channel == SubmissionChannel.InPerson);
        var main = desk.Limit ?? perChannel[0].Limit;
        if (perChannel.All(x => x.Limit == main))
        {
            return (main, []);
        }

        return (main, perChannel.Where(x => x.Channel is not null).Select(x => new ChannelTimeLimit(x.Channel!.Value, x.Limit)).ToList());
    }

    /// <summary>A rough length for choosing the longest of several limits: working hours, a calendar day as a working day.</summary>
    private static int Length(TimeLimit t) => t.WorkingHours ?? t.Amount * TimeLimit.WorkingHoursPerDay;

    private static string ChannelName(SubmissionChannel? c) => c switch
    {
        SubmissionChannel.InPerson => "Trực tiếp",
        SubmissionChannel.Post => "Dịch vụ bưu chính",
        SubmissionChannel.Online => "Trực tuyến",
        _ => "Hình thức khác",
    };

    /// <summary>Fee lines: one for every channel when all rows say the same, else one per channel and distinct text.</summary>
    private static List<Fee> Fees(NationalProcedureRecord r, List<string> issues)
    {
        var rows = r.SubmissionMethods.Where(m => m.Fee is not null).ToList();
        if (rows.Count == 0)
        {
            issues.Add("Nguồn không ghi phí, lệ phí (hoặc không tách được khỏi thời hạn).");
            return [];
        }

        var sameEverywhere = rows.Select(m => m.Fee).Distinct().Count() == 1;
        var fees = new List<Fee>();
        var seen = new HashSet<(SubmissionChannel?, string)>();
        foreach (var m in rows)
        {
            var channel = sameEverywhere ? null : NationalTextParsers.Channel(m.Method);
            if (!seen.Add((channel, m.Fee!)))
            {
                continue;
            }

            var parsed = NationalTextParsers.Fee(m.Fee, channel);
            if (parsed.Problem is not null)
            {
                issues.Add(sameEverywhere ? parsed.Problem : $"{m.Method}: {parsed.Problem}");
            }

            if (parsed.Value is { } fee)
            {
                fees.Add(fee);
            }
        }

        return fees;
    }

    /// <summary>Papers from the document table (with copies), notes apart; the rows verbatim.</summary>
    private static (List<RequiredDocument>, List<string>) Documents(NationalProcedureRecord r)
    {
        var documents = new List<RequiredDocument>();
        var notes = new List<string>();
        if (r.DocumentDetails is { Count: > 0 } details)
        {
            foreach (var d in details.Where(d => !string.IsNullOrWhiteSpace(d.Name)))
            {
                var name = d.Name!.Trim();
                if (NationalTextParsers.IsDocumentNote(name))
                {
                    notes.Add(name);
                }
                else
                {
                    documents.Add(new RequiredDocument(name, Copies: NationalTextParsers.Copies(d.Quantity)));
                }
            }
        }
        else
        {
            foreach (var row in (r.Documents ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()))
            {
                if (NationalTextParsers.IsDocumentNote(row))
                {
                    notes.Add(row);
                }
                else
                {
                    documents.Add(new RequiredDocument(row));
                }
            }
        }

        return (documents, notes);
    }
}
