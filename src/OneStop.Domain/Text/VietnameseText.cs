using System.Globalization;
using System.Text;

namespace OneStop.Domain.Text;

/// <summary>
/// Folding of Vietnamese text for search: "Đăng ký KHAI SINH" and "dang ky khai sinh" fold to the same key.
/// Diacritics are removed by Unicode decomposition; đ/Đ have no decomposition and are mapped to d by hand.
/// </summary>
public static class VietnameseText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var mapped = c switch
            {
                'đ' or 'Đ' => 'd',
                _ => char.ToLowerInvariant(c),
            };
            if (char.IsLetterOrDigit(mapped) || mapped == '.')
            {
                builder.Append(mapped);
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>The folded words of a query, each of which must occur in the folded text.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .Take(8)
            .ToArray();

    /// <summary>
    /// The stored search key: folded text between spaces, so that a term can be matched as a whole word with
    /// <see cref="WordPattern"/> ("tu" must not match "tuc" in "thu tuc").
    /// </summary>
    public static string SearchKey(string? text) => " " + Fold(text) + " ";

    /// <summary>The substring a search key must contain for a term to match as a whole word.</summary>
    public static string WordPattern(string term) => " " + term + " ";

    /// <summary>Whether every term of the query occurs as a whole word in the search key.</summary>
    public static bool Matches(string searchKey, IReadOnlyList<string> terms) =>
        terms.All(t => searchKey.Contains(WordPattern(t), StringComparison.Ordinal));
}
