using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OneStop.Web.Documents.Signing;

/// <summary>
/// The little of PDF syntax that signing and verification need: the last trailer, an uncompressed object by number,
/// entries of a dictionary, text strings. Bytes are read as Latin-1 so that offsets in the string are byte offsets.
/// Objects inside object streams are not read: OneStop's own PDFs (SkiaSharp) never use them, and an uploaded file
/// that does is refused with a clear message rather than signed wrongly.
/// </summary>
internal static partial class PdfSyntax
{
    public static string Latin1(byte[] pdf) => Encoding.Latin1.GetString(pdf);

    /// <summary>The trailer dictionary in force (classic trailer or cross-reference stream dictionary) and startxref.</summary>
    public static (string Trailer, long StartXref) LastTrailer(string text)
    {
        var at = text.LastIndexOf("startxref", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new PdfFormatException("no startxref");
        }

        var m = Number().Match(text, at + 9);
        var startXref = long.Parse(m.Value, CultureInfo.InvariantCulture);
        var trailerAt = text.LastIndexOf("trailer", at, StringComparison.Ordinal);
        if (trailerAt >= 0 && trailerAt > startXref)
        {
            return (Dictionary(text, text.IndexOf("<<", trailerAt, StringComparison.Ordinal)), startXref);
        }

        // Cross-reference stream: its dictionary holds /Root, /Size, /Info.
        if (startXref < text.Length)
        {
            var dictAt = text.IndexOf("<<", (int)startXref, StringComparison.Ordinal);
            if (dictAt >= 0)
            {
                return (Dictionary(text, dictAt), startXref);
            }
        }

        throw new PdfFormatException("no trailer");
    }

    /// <summary>The body of the last definition of object <paramref name="number"/> (what lies between "obj" and "endobj").</summary>
    public static string Object(string text, int number)
    {
        var matches = Regex.Matches(text, $@"(?<![0-9]){number}\s+0\s+obj\b");
        if (matches.Count == 0)
        {
            throw new PdfFormatException($"object {number} not found (compressed object streams are not supported)");
        }

        var start = matches[^1].Index + matches[^1].Length;
        var end = text.IndexOf("endobj", start, StringComparison.Ordinal);
        return text[start..(end < 0 ? text.Length : end)].Trim();
    }

    /// <summary>
    /// The balanced "&lt;&lt; … &gt;&gt;" starting at <paramref name="at"/>, strings and nested dictionaries included;
    /// a dictionary longer than <paramref name="maxLength"/> characters is refused without reading further.
    /// </summary>
    public static string Dictionary(string text, int at, int maxLength = int.MaxValue)
    {
        if (at < 0 || string.CompareOrdinal(text, at, "<<", 0, 2) != 0)
        {
            throw new PdfFormatException("dictionary expected");
        }

        var depth = 0;
        var end = (int)Math.Min(text.Length, (long)at + maxLength);
        for (var i = at; i < end; i++)
        {
            var c = text[i];
            if (c == '(')
            {
                i = SkipLiteral(text, i, end);
            }
            else if (c == '<' && i + 1 < text.Length && text[i + 1] == '<')
            {
                depth++;
                i++;
            }
            else if (c == '>' && i + 1 < text.Length && text[i + 1] == '>')
            {
                depth--;
                i++;
                if (depth == 0)
                {
                    return text[at..(i + 1)];
                }
            }
        }

        throw new PdfFormatException(end < text.Length ? "dictionary too long" : "unterminated dictionary");
    }

    private static int SkipLiteral(string text, int at, int end)
    {
        var depth = 0;
        for (var i = at; i < end; i++)
        {
            switch (text[i])
            {
                case '\\':
                    i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return end;
    }

    /// <summary>The object number of an indirect reference entry ("/Key 12 0 R"), or null.</summary>
    public static int? Reference(string dictionary, string key)
    {
        var m = Regex.Match(dictionary, $@"/{key}\s+(\d+)\s+0\s+R");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public static int? Integer(string dictionary, string key)
    {
        var m = Regex.Match(dictionary, $@"/{key}\s+(\d+)(?!\s+\d+\s+R)");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A text string value (literal or hex, PDFDocEncoding read as Latin-1, or UTF-16BE with its mark).</summary>
    public static string? Text(string dictionary, string key)
    {
        var m = Regex.Match(dictionary, $@"/{key}\s*(<[0-9A-Fa-f\s]*>|\()");
        if (!m.Success)
        {
            return null;
        }

        byte[] bytes;
        if (m.Groups[1].Value.StartsWith('<'))
        {
            var hex = Regex.Replace(m.Groups[1].Value[1..^1], @"\s", "");
            bytes = Convert.FromHexString(hex.Length % 2 == 0 ? hex : hex + "0"); // an odd last digit is followed by 0 (ISO 32000-1, 7.3.4.3)
        }
        else
        {
            var start = m.Groups[1].Index;
            var end = SkipLiteral(dictionary, start, dictionary.Length);
            bytes = Encoding.Latin1.GetBytes(Unescape(dictionary[(start + 1)..end]));
        }

        return bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF
            ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2)
            : Encoding.Latin1.GetString(bytes);
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }

            var c = s[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case >= '0' and <= '7':
                    var oct = 0;
                    var n = 0;
                    while (n < 3 && i < s.Length && s[i] is >= '0' and <= '7')
                    {
                        oct = oct * 8 + (s[i++] - '0');
                        n++;
                    }

                    i--;
                    sb.Append((char)(oct & 0xFF));
                    break;
                case '\r' or '\n': break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A text string as PDF writes it for any language: UTF-16BE with its byte-order mark, in hex.</summary>
    public static string HexText(string value) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value)) + ">";

    /// <summary>A PDF date "D:YYYYMMDDHHmmSS+HH'mm'".</summary>
    public static string Date(DateTimeOffset t) =>
        "D:" + t.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (t.Offset < TimeSpan.Zero ? "-" : "+") +
        t.Offset.ToString("hh", CultureInfo.InvariantCulture) + "'" + t.Offset.ToString("mm", CultureInfo.InvariantCulture) + "'";

    public static DateTimeOffset? ParseDate(string? value)
    {
        var m = value is null ? Match.Empty : Regex.Match(value, @"D:(\d{14})(Z|([+-])(\d{2})'?(\d{2})?'?)?");
        if (!m.Success)
        {
            return null;
        }

        var local = DateTime.ParseExact(m.Groups[1].Value, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var offset = m.Groups[3].Success
            ? new TimeSpan(int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), m.Groups[5].Success ? int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) : 0, 0) * (m.Groups[3].Value == "-" ? -1 : 1)
            : TimeSpan.Zero;
        return new DateTimeOffset(local, offset);
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}

/// <summary>The PDF cannot be read well enough to sign or verify it.</summary>
public sealed class PdfFormatException(string message) : Exception(message);
