namespace OneStop.Domain.Indicators;

/// <summary>A group of the QĐ 766 index (publicity, progress, online services, online payment, digitisation, satisfaction).</summary>
public sealed record IndexGroup(string Id, string Name, string NameEn, string? ParentId = null);

/// <summary>
/// One indicator of the index: its group, what it measures (numerator ÷ denominator, in words), the threshold at or above
/// which it earns its full points, and its maximum points. <see cref="Source"/> names the measure OneStop computes for it;
/// an indicator whose source OneStop does not have shows "no data".
/// </summary>
public sealed record IndexIndicator(string Id, string Group, string Name, string NameEn, string Numerator, string Denominator, decimal Threshold,
    decimal MaxPoints, string? Source);

/// <summary>The index table in force from a month on (an administrator edits it; each edit is a new version).</summary>
public sealed record IndexTable(string EffectiveFrom, IReadOnlyList<IndexGroup> Groups, IReadOnlyList<IndexIndicator> Indicators);

public sealed record IndicatorScore(IndexIndicator Indicator, long? Numerator, long? Denominator, double? Ratio, decimal Points)
{
    /// <summary>Points this indicator costs the unit (its maximum less what it earned).</summary>
    public decimal Lost => Indicator.MaxPoints - Points;

    public bool HasData => Ratio is not null;
}

public sealed record GroupScore(IndexGroup Group, decimal MaxPoints, decimal Points, IReadOnlyList<IndicatorScore> Indicators);

public sealed record Scorecard(decimal Total, string Band, IReadOnlyList<GroupScore> Groups)
{
    /// <summary>The indicators with data that cost points, the costliest first.</summary>
    public IReadOnlyList<IndicatorScore> CostingPoints =>
        Groups.SelectMany(g => g.Indicators).Where(i => i.HasData && i.Lost > 0).OrderByDescending(i => i.Lost).ThenBy(i => i.Indicator.Id, StringComparer.Ordinal).ToList();
}

/// <summary>
/// The QĐ 766/QĐ-TTg service index (DOMAIN.md §8, §10): each indicator is a ratio; at or above its threshold it earns its
/// full points, below it earns ratio × maximum ÷ threshold, rounded to 2 decimals; a denominator of 0 (or a measure
/// OneStop does not have) is "no data" and earns nothing. The total is out of 100 and falls in a band.
/// </summary>
public static class ServiceIndex
{
    public static decimal Points(double ratio, decimal threshold, decimal maxPoints)
    {
        if (threshold <= 0 || (decimal)ratio >= threshold)
        {
            return maxPoints;
        }

        return Math.Round((decimal)Math.Max(0, ratio) * maxPoints / threshold, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Bands seen in production: ≥ 90 excellent, 80–90 good, 70–80 fair, 50–70 average, &lt; 50 weak.</summary>
    public static (string Vietnamese, string English) Band(decimal total) => total switch
    {
        >= 90 => ("Xuất sắc", "Excellent"),
        >= 80 => ("Tốt", "Good"),
        >= 70 => ("Khá", "Fair"),
        >= 50 => ("Trung bình", "Average"),
        _ => ("Yếu", "Weak"),
    };

    /// <summary>Why a table cannot be used: maximum points not summing to 100, thresholds outside (0, 1], unknown groups, repeated ids.</summary>
    public static IReadOnlyList<string> Problems(IndexTable table)
    {
        var problems = new List<string>();
        var sum = table.Indicators.Sum(i => i.MaxPoints);
        if (sum != 100)
        {
            problems.Add($"Tổng điểm tối đa là {sum}, phải bằng 100. / The maximum points add up to {sum}, not 100.");
        }

        foreach (var i in table.Indicators)
        {
            if (i.Threshold is <= 0 or > 1)
            {
                problems.Add($"Chỉ số {i.Id}: ngưỡng phải trong khoảng (0, 1]. / Indicator {i.Id}: the threshold must be in (0, 1].");
            }

            if (i.MaxPoints < 0)
            {
                problems.Add($"Chỉ số {i.Id}: điểm tối đa không được âm. / Indicator {i.Id}: negative maximum points.");
            }

            if (table.Groups.All(g => g.Id != i.Group))
            {
                problems.Add($"Chỉ số {i.Id}: không có nhóm {i.Group}. / Indicator {i.Id}: no group {i.Group}.");
            }
        }

        foreach (var id in table.Indicators.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            problems.Add($"Chỉ số {id} lặp lại. / Indicator {id} appears twice.");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(table.EffectiveFrom, @"^\d{4}-(0[1-9]|1[0-2])$"))
        {
            problems.Add("Tháng áp dụng theo dạng yyyy-MM. / EffectiveFrom must be yyyy-MM.");
        }

        return problems;
    }

    /// <summary>Scores a unit for a period from the measures OneStop has (by source name).</summary>
    public static Scorecard Score(IndexTable table, IReadOnlyDictionary<string, Measure> measures)
    {
        var groups = table.Groups.Select(g =>
        {
            var scores = table.Indicators.Where(i => i.Group == g.Id).Select(i =>
            {
                var m = i.Source is not null && measures.TryGetValue(i.Source, out var found) ? found : null;
                var ratio = m?.Ratio;
                return new IndicatorScore(i, m?.Numerator, m?.Denominator, ratio, ratio is { } r ? Points(r, i.Threshold, i.MaxPoints) : 0m);
            }).ToList();
            return new GroupScore(g, scores.Sum(s => s.Indicator.MaxPoints), scores.Sum(s => s.Points), scores);
        }).ToList();
        var total = groups.Sum(g => g.Points);
        return new Scorecard(total, Band(total).Vietnamese, groups);
    }

    /// <summary>The table of DOMAIN.md §10 (points of sub-indicators partly unconfirmed: kept as data, editable).</summary>
    public static IndexTable Default { get; } = new("2022-07",
    [
        new("1", "Công khai, minh bạch", "Publicity and transparency"),
        new("2", "Tiến độ giải quyết", "Progress of resolution"),
        new("3", "Dịch vụ công trực tuyến", "Online public services"),
        new("3b", "Thanh toán trực tuyến", "Online payment", "3"),
        new("4", "Số hóa hồ sơ", "Digitisation of dossiers"),
        new("5", "Mức độ hài lòng", "Satisfaction"),
    ],
    [
        new("1.1", "1", "TTHC được công bố đúng hạn", "Procedures published on time", "TTHC công bố đúng hạn", "TTHC được công bố", 1m, 6m, null),
        new("1.2", "1", "TTHC được cập nhật, công khai đúng hạn", "Procedures updated and made public on time", "TTHC công khai đúng hạn", "TTHC phải công khai", 1m, 4m, null),
        new("1.3", "1", "TTHC được công khai đầy đủ", "Procedures published in full", "TTHC đủ 7 bộ phận", "TTHC", 1m, 2m, null),
        new("1.4", "1", "Hồ sơ đồng bộ lên Cổng DVC quốc gia", "Dossiers synced to the national portal", "Hồ sơ đã đồng bộ", "Hồ sơ tiếp nhận", 1m, 6m, "synced"),
        new("2.1", "2", "Hồ sơ giải quyết trước và đúng hạn", "Dossiers resolved early or on time", "Hồ sơ đúng hạn (đã và đang giải quyết)", "Hồ sơ đã và đang giải quyết", 1m, 20m, "onTime"),
        new("3.1", "3", "TTHC cung cấp trực tuyến", "Procedures offered online", "TTHC trực tuyến một phần hoặc toàn trình", "TTHC", 0.8m, 2m, "proceduresOnline"),
        new("3.2", "3", "DVC trực tuyến phát sinh hồ sơ", "Online services that generated dossiers", "DVC trực tuyến có hồ sơ trực tuyến", "DVC trực tuyến", 1m, 4m, "servicesUsed"),
        new("3.3", "3", "Hồ sơ nộp trực tuyến", "Dossiers filed online", "Hồ sơ nộp trực tuyến", "Hồ sơ tiếp nhận", 0.5m, 6m, "onlineFiling"),
        new("3.5", "3b", "TTHC có phí cho phép thanh toán trực tuyến", "Fee-bearing procedures offering online payment", "TTHC có thanh toán trực tuyến", "TTHC có phí, lệ phí", 0.8m, 4m, "proceduresPayOnline"),
        new("3.6", "3b", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online", "Hồ sơ thanh toán trực tuyến", "Hồ sơ có phí, lệ phí", 1m, 6m, "onlinePayment"),
        new("4.1", "4", "Kết quả điện tử", "Electronic results", "Hồ sơ có kết quả điện tử", "Hồ sơ có kết quả", 1m, 6m, "electronicResult"),
        new("4.2", "4", "Hồ sơ được số hóa", "Digitised dossiers", "Hồ sơ có thành phần và kết quả số hóa", "Hồ sơ tiếp nhận", 0.8m, 4m, "digitised"),
        new("4.x", "4", "Bản sao điện tử có chứng thực", "Electronic certified copies", "—", "—", 1m, 2m, null),
        new("4.3", "4", "Tái sử dụng dữ liệu số hóa", "Reuse of digitised data", "Hồ sơ có thành phần tái sử dụng", "Hồ sơ tiếp nhận", 0.8m, 2m, "reused"),
        new("4.4", "4", "Số hóa kết nối kho dữ liệu quốc gia", "Connected digitisation", "Hồ sơ lấy từ/đồng bộ kho quốc gia", "Hồ sơ", 1m, 4m, null),
        new("4.5a", "4", "TTHC khai thác dữ liệu dân cư", "Procedures using population data", "TTHC dùng VNeID/CSDL dân cư", "TTHC", 1m, 2m, null),
        new("4.5b", "4", "Hồ sơ khai thác dữ liệu dân cư", "Dossiers using population data", "Hồ sơ dùng VNeID/CSDL dân cư", "Hồ sơ", 1m, 2m, null),
        new("5.2", "5", "Xử lý phản ánh kiến nghị đúng hạn", "Feedback handled on time", "PAKN xử lý đúng hạn", "PAKN", 1m, 6m, null),
        new("5.3", "5", "Hài lòng về xử lý phản ánh kiến nghị", "Satisfaction with feedback handling", "PAKN hài lòng", "PAKN tiếp nhận", 1m, 6m, null),
        new("5.4", "5", "Hài lòng về giải quyết hồ sơ", "Satisfaction with dossier handling", "100% − (tỉ lệ quá hạn + tỉ lệ có phản ánh/không hài lòng)", "—", 0.9m, 6m, "satisfaction"),
    ]);
}
