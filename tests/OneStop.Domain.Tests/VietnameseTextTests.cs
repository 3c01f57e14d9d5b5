using OneStop.Domain.Text;

namespace OneStop.Domain.Tests;

public class VietnameseTextTests
{
    [Theory]
    [InlineData("Đăng ký khai sinh", "dang ky khai sinh")]
    [InlineData("DANG KY KHAI SINH", "dang ky khai sinh")]
    [InlineData("đăng ký   khai sinh!", "dang ky khai sinh")]
    [InlineData("Khai tử", "khai tu")]
    [InlineData("Giấy phép lái xe", "giay phep lai xe")]
    [InlineData("Lý lịch tư pháp", "ly lich tu phap")]
    [InlineData("ĐỒNG Ý", "dong y")]
    [InlineData("1.001193", "1.001193")]
    [InlineData("  ", "")]
    [InlineData(null, "")]
    public void Fold_removes_diacritics_case_and_punctuation(string? input, string expected) =>
        Assert.Equal(expected, VietnameseText.Fold(input));

    [Theory]
    [InlineData("đăng ký khai sinh")]
    [InlineData("dang ky khai sinh")]
    [InlineData("DANG KY KHAI SINH")]
    [InlineData("khai sinh dang ky")]
    public void Every_spelling_of_a_query_matches_the_name(string query)
    {
        var text = VietnameseText.SearchKey("Thủ tục đăng ký khai sinh");
        Assert.True(VietnameseText.Matches(text, VietnameseText.Terms(query)));
    }

    [Fact]
    public void A_word_not_in_the_name_does_not_match() =>
        Assert.False(VietnameseText.Matches(VietnameseText.SearchKey("Thủ tục đăng ký khai sinh"), VietnameseText.Terms("khai tu")));

    [Fact]
    public void Khai_tu_matches_khai_tu_as_whole_words() =>
        Assert.True(VietnameseText.Matches(VietnameseText.SearchKey("Đăng ký khai tử"), VietnameseText.Terms("khai tu")));

    [Fact]
    public void Terms_are_deduplicated_and_capped() =>
        Assert.Equal(["a", "b"], VietnameseText.Terms("A a B b"));
}
