using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Tests;

public class CatalogueSearchTests
{
    [Theory]
    [InlineData("kys", "ky")]
    [InlineData("dangf", "dang")]
    [InlineData("dduowngf", "duong")]
    [InlineData("thuowngf", "thuong")]
    [InlineData("ddang", "dang")]
    [InlineData("khai", null)]
    [InlineData("sinh", null)]
    public void Telex_leftovers_are_removed(string typed, string? plain) => Assert.Equal(plain, CatalogueSearch.WithoutTelex(typed));

    /// <summary>A typo meets the stored word when one of its keys is one of the word's keys (symmetric deletion).</summary>
    [Theory]
    [InlineData("thuong", "thuog", true)]   // a missing letter
    [InlineData("thuong", "thuongg", true)] // a doubled letter
    [InlineData("thuong", "thuonh", true)]  // a wrong letter
    [InlineData("thuong", "truong", true)]
    [InlineData("thuong", "khai", false)]
    [InlineData("sinh", "sih", true)]       // a missing letter in a short word
    [InlineData("khai", "kha", true)]
    [InlineData("khai", "tu", false)]
    public void Typos_meet_the_word_through_vocabulary_keys(string stored, string typed, bool meets)
    {
        var plan = Assert.Single(CatalogueSearch.Plan(typed, []));
        Assert.Equal(meets, plan.Keys.Intersect(CatalogueSearch.VocabularyKeys(stored)).Any());
    }

    [Fact]
    public void Synonyms_are_expanded_and_the_last_word_is_a_prefix()
    {
        var plan = CatalogueSearch.Plan("Cấp lại sổ đỏ", CatalogueSearch.Defaults);
        Assert.Equal(["cap", "lai", "giay", "chung", "nhan", "quyen", "su", "dung", "dat"], plan.Select(t => t.Term));
        Assert.True(plan[^1].Prefix);
        Assert.False(plan[0].Prefix);
        Assert.Equal(["giay", "phep", "lai", "xe"], CatalogueSearch.Plan("GPLX", CatalogueSearch.Defaults).Select(t => t.Term));
        Assert.Equal(["dang", "ky", "cu", "tru"], CatalogueSearch.Plan("đăng ký hộ khẩu", CatalogueSearch.Defaults).Select(t => t.Term));
        Assert.Equal(["dang", "kys"], CatalogueSearch.Plan("dang kys", []).Select(t => t.Term));
        Assert.Equal(["kys", "ky"], CatalogueSearch.Plan("dang kys", [])[1].Words);
    }

    [Fact]
    public void A_synonym_that_would_loop_is_refused()
    {
        IReadOnlyList<SearchSynonym> existing = [new("hộ khẩu", "cư trú"), new("cư trú", "nơi ở")];
        Assert.NotNull(CatalogueSearch.Refusal(existing, new("nơi ở", "hộ khẩu")));  // nơi ở → hộ khẩu → cư trú → nơi ở
        Assert.NotNull(CatalogueSearch.Refusal(existing, new("CCCD", "cccd")));
        Assert.NotNull(CatalogueSearch.Refusal(existing, new("tạm trú", "đăng ký tạm trú")));
        Assert.Null(CatalogueSearch.Refusal(existing, new("KT3", "tạm trú")));
        Assert.NotNull(CatalogueSearch.Refusal(existing, new("", "x")));
    }

    [Fact]
    public void The_name_weighs_more_than_the_field_and_the_field_more_than_documents()
    {
        var content = NationalCatalogueMapping.Map(new NationalProcedureRecord
        {
            Code = "1.004222",
            Name = "Đăng ký thường trú",
            Field = "Đăng ký, quản lý cư trú",
            DocumentDetails = [new(null, "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", null, "1 bản chính")],
        }).Content;
        var words = CatalogueSearch.IndexWords(content);
        Assert.Equal(SearchWeight.Name, words["thuong"]);
        Assert.Equal(SearchWeight.Name, words["dang"]);
        Assert.Equal(SearchWeight.Field, words["cu"]);
        Assert.Equal(SearchWeight.Document, words["khai"]);
        Assert.Equal(SearchWeight.Name, words["1.004222"]);
    }
}
