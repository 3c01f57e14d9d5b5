using System.Globalization;

namespace OneStop.Domain.Text;

/// <summary>Amounts in Vietnamese words, as receipts write them ("Hai trăm nghìn đồng").</summary>
public static class VietnameseMoney
{
    private static readonly string[] Digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    private static readonly string[] Groups = ["", " nghìn", " triệu", " tỷ", " nghìn tỷ", " triệu tỷ"];

    /// <summary>An amount in figures as Vietnamese documents write it: 1.250.000 (dots between thousands).</summary>
    public static string Figures(long vnd) => vnd.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"));

    public static string InWords(long vnd)
    {
        if (vnd == 0)
        {
            return "Không đồng";
        }

        var parts = new List<string>();
        var groups = new List<int>();
        for (var v = vnd; v > 0; v /= 1000)
        {
            groups.Add((int)(v % 1000));
        }

        for (var i = groups.Count - 1; i >= 0; i--)
        {
            if (groups[i] == 0)
            {
                continue;
            }

            parts.Add(Hundreds(groups[i], full: i < groups.Count - 1) + Groups[i]);
        }

        var text = string.Join(' ', parts) + " đồng";
        return char.ToUpper(text[0], CultureInfo.GetCultureInfo("vi-VN")) + text[1..];
    }

    /// <summary>0–999; <paramref name="full"/> spells "không trăm" and "linh" inside a larger number.</summary>
    private static string Hundreds(int n, bool full)
    {
        int h = n / 100, t = n / 10 % 10, u = n % 10;
        var words = new List<string>();
        if (h > 0 || full)
        {
            words.Add(Digits[h] + " trăm");
        }

        if (t > 1)
        {
            words.Add(Digits[t] + " mươi");
        }
        else if (t == 1)
        {
            words.Add("mười");
        }
        else if (u > 0 && (h > 0 || full))
        {
            words.Add("linh");
        }

        if (u > 0)
        {
            words.Add(u switch
            {
                1 when t > 1 => "mốt",
                5 when t > 0 => "lăm",
                4 when t > 1 => "tư",
                _ => Digits[u],
            });
        }

        return string.Join(' ', words);
    }
}
