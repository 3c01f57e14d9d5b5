using OneStop.Domain.Text;

namespace OneStop.Domain.Tests;

public class DocumentTextTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("  \t\r\n ", "")]
    [InlineData("Nguyễn Văn An", "Nguyễn Văn An")]
    [InlineData("  Nguyễn   Văn\tAn  ", "Nguyễn Văn An")]
    [InlineData("giay-to\nThời gian hẹn trả kết quả: 01/01/2030", "giay-to Thời gian hẹn trả kết quả: 01/01/2030")]
    [InlineData("a\r\nb", "a b")]
    [InlineData("a\u0085b\u2028c\u2029d", "a b c d")] // NEL (C1), line and paragraph separators
    [InlineData("a\u0000b\u0007c\u001Bd\u007Fe", "a b c d e")] // C0 and DEL
    [InlineData("a\u0080b\u009Fc", "a b c")] // C1
    [InlineData("hoa-don\u202Efdp.exe", "hoa-donfdp.exe")] // right-to-left override
    [InlineData("\u202Aa\u202Bb\u202Cc\u202Dd\u2066e\u2067f\u2068g\u2069h\u200Ei\u200Fj", "abcdefghij")]
    [InlineData("a\uD83D\uDE00b", "a\uD83D\uDE00b")] // a real pair stays
    [InlineData("Nguye\u0302\u0303n", "Nguyễn")] // NFC
    [InlineData("a\u00A0\u00A0b", "a b")] // no-break spaces collapse
    public void Clean_leaves_one_line_of_visible_text(string? input, string expected) =>
        Assert.Equal(expected, DocumentText.Clean(input));

    [Fact]
    public void Unpaired_surrogates_are_dropped() =>
        Assert.Equal("abc", DocumentText.Clean(new string(['a', '\uD800', 'b', '\uDC00', 'c'])));

    [Theory]
    [InlineData("abcdef", 6, "abcdef")]
    [InlineData("abcdefg", 6, "abcde…")]
    [InlineData("abc defg", 5, "abc…")]
    [InlineData("ab\uD83D\uDE00cd", 4, "ab…")] // the pair is not split
    [InlineData("aaáb", 4, "aaáb")]
    public void Clean_bounds_the_length(string input, int max, string expected) =>
        Assert.Equal(expected, DocumentText.Clean(input, max));

    [Theory]
    [InlineData("scan\n.pdf", "scan .pdf")]
    [InlineData("tờ khai.pdf", "tờ khai.pdf")]
    [InlineData("\u202Etxt.pdf", "txt.pdf")]
    public void File_names_are_cleaned(string input, string expected) =>
        Assert.Equal(expected, DocumentText.FileName(input));

    [Fact]
    public void A_long_file_name_keeps_its_extension()
    {
        var name = DocumentText.FileName(new string('a', 300) + ".pdf");
        Assert.Equal(DocumentText.MaxFileNameLength, name.Length);
        Assert.EndsWith("…" + ".pdf", name, StringComparison.Ordinal);
    }
}
