using OneStop.Domain.Text;

namespace OneStop.Domain.Catalogue;

/// <summary>Where a word of a procedure was found: the name counts most, then the field, then the documents.</summary>
public enum SearchWeight
{
    Document = 1,
    Field = 2,
    Name = 3,
}

/// <summary>A synonym an administrator keeps: people type <see cref="Phrase"/> and mean <see cref="Expansion"/> (both folded).</summary>
public sealed record SearchSynonym(string Phrase, string Expansion);

/// <summary>One word of a query and the stored words it may match.</summary>
/// <param name="Term">The word as typed (folded).</param>
/// <param name="Words">The word itself and its spellings without Telex leftovers: an exact match.</param>
/// <param name="Keys">Vocabulary keys that find near spellings (a missing, extra, doubled or wrong letter).</param>
/// <param name="Prefix">Also match stored words that start with the term (the word being typed).</param>
public sealed record SearchTerm(string Term, IReadOnlyList<string> Words, IReadOnlyList<string> Keys, bool Prefix);

/// <summary>
/// The catalogue's search rules, pure: which words a procedure is found by and with what weight, the vocabulary keys that
/// tolerate typos (symmetric deletion: a word and each of its one-letter deletions), how a query becomes terms (synonyms
/// expanded, Telex leftovers removed), and the refusal of a synonym that would loop.
/// </summary>
public static class CatalogueSearch
{
    public const int MaxQueryLength = 200;
    public const int MaxWordLength = 60;
    /// <summary>Words shorter than this are matched exactly (and as prefixes), never as typos.</summary>
    public const int MinFuzzyLength = 4;
    /// <summary>Only the first words of each document name are indexed: enough to find "tờ khai", "giấy chứng nhận"…</summary>
    public const int DocumentWords = 12;
    public const int MaxTerms = 10;
    /// <summary>A known word being typed is completed (matched as a prefix) from this many letters: "tu" is a word, not the start of "tục"; "tr", no word, is completed at once.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>The words a procedure is found by, each with the heaviest place it occurs in.</summary>
    public static IReadOnlyDictionary<string, SearchWeight> IndexWords(ProcedureContent content)
    {
        var words = new Dictionary<string, SearchWeight>(StringComparer.Ordinal);
        void Add(string? text, SearchWeight weight, int limit = int.MaxValue)
        {
            foreach (var w in Words(text).Take(limit))
            {
                if (!words.TryGetValue(w, out var had) || had < weight)
                {
                    words[w] = weight;
                }
            }
        }

        Add(content.Code, SearchWeight.Name);
        Add(content.Name, SearchWeight.Name);
        Add(content.Field, SearchWeight.Field);
        foreach (var d in content.Documents)
        {
            Add(d.Name, SearchWeight.Document, DocumentWords);
        }

        return words;
    }

    /// <summary>Folded words of a text, each at most <see cref="MaxWordLength"/> characters.</summary>
    public static IEnumerable<string> Words(string? text) =>
        VietnameseText.Fold(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.'))
            .Where(w => w.Length is > 0 and <= MaxWordLength);

    /// <summary>"thuongg" → "thuong", "ddang" → "dang": doubled letters collapsed (Telex doubles vowels and d; fingers double anything).</summary>
    public static string Skeleton(string word)
    {
        var chars = new char[word.Length];
        var n = 0;
        foreach (var c in word)
        {
            if (n == 0 || chars[n - 1] != c || char.IsDigit(c))
            {
                chars[n++] = c;
            }
        }

        return new string(chars, 0, n);
    }

    /// <summary>The keys a stored word is found under: its skeleton and, for long enough words, each one-letter deletion of it.</summary>
    public static IReadOnlyList<string> VocabularyKeys(string word)
    {
        var skeleton = Skeleton(word);
        var keys = new HashSet<string>(StringComparer.Ordinal) { skeleton };
        if (skeleton.Length >= MinFuzzyLength && !skeleton.Any(char.IsDigit))
        {
            for (var i = 0; i < skeleton.Length; i++)
            {
                keys.Add(skeleton.Remove(i, 1));
            }
        }

        return keys.ToList();
    }

    /// <summary>
    /// A word typed with Vietnamese Telex but left without its accent applied: "kys" (ký), "dduowngf" (đường), "thuwowngf".
    /// Returns the word without the tone letter at its end and without the "w" vowel marks; null when nothing was removed.
    /// </summary>
    public static string? WithoutTelex(string term)
    {
        var t = term;
        if (t.Length >= 2 && "sfrxj".Contains(t[^1], StringComparison.Ordinal) && "aeiouy".Contains(t[^2], StringComparison.Ordinal)
            || t.Length >= 3 && "sfrxj".Contains(t[^1], StringComparison.Ordinal) && t[^2] is 'c' or 'h' or 'm' or 'n' or 'p' or 't' or 'g')
        {
            t = t[..^1];
        }

        if (t.Contains('w', StringComparison.Ordinal) && t.Length > 1)
        {
            t = t.Replace("uow", "uo", StringComparison.Ordinal).Replace("ow", "o", StringComparison.Ordinal)
                .Replace("aw", "a", StringComparison.Ordinal).Replace("uw", "u", StringComparison.Ordinal);
        }

        t = Skeleton(t);
        return t == term ? null : t;
    }

    /// <summary>
    /// The terms of a query: folded, synonyms expanded (a phrase typed is replaced by what it means, repeatedly, as
    /// synonyms never loop), Telex leftovers removed, at most <see cref="MaxTerms"/>. The last term is matched as a
    /// prefix too (the word being typed).
    /// </summary>
    public static IReadOnlyList<SearchTerm> Plan(string? query, IReadOnlyList<SearchSynonym> synonyms)
    {
        var words = Expand(Words(query).ToList(), synonyms);
        var terms = new List<SearchTerm>();
        var distinct = words.Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
        for (var i = 0; i < distinct.Count; i++)
        {
            var term = distinct[i];
            var exact = new List<string> { term };
            if (WithoutTelex(term) is { } plain && plain != term)
            {
                exact.Add(plain);
            }

            var keys = exact.SelectMany(VocabularyKeys).Distinct(StringComparer.Ordinal).ToList();
            terms.Add(new SearchTerm(term, exact, keys, Prefix: i == distinct.Count - 1 && !term.Any(char.IsDigit)));
        }

        return terms;
    }

    private static List<string> Expand(List<string> words, IReadOnlyList<SearchSynonym> synonyms)
    {
        // Longest phrases first, so "so do" is taken before a one-word synonym inside it. Bounded: synonyms never loop.
        var ordered = synonyms.Select(s => (Phrase: Words(s.Phrase).ToArray(), Expansion: Words(s.Expansion).ToArray()))
            .Where(s => s.Phrase.Length > 0)
            .OrderByDescending(s => s.Phrase.Length).ToList();
        for (var round = 0; round <= synonyms.Count; round++)
        {
            var changed = false;
            foreach (var (phrase, expansion) in ordered)
            {
                var at = IndexOf(words, phrase);
                if (at >= 0)
                {
                    words.RemoveRange(at, phrase.Length);
                    words.InsertRange(at, expansion);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }

        return words;
    }

    private static int IndexOf(List<string> words, string[] phrase)
    {
        for (var i = 0; i + phrase.Length <= words.Count; i++)
        {
            if (phrase.Select((p, j) => words[i + j] == p).All(x => x))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Why a synonym cannot be kept, or null: an empty phrase or expansion, or a loop — the expansion (or what it expands
    /// to, and so on) contains the phrase again, so expanding would never end ("hộ khẩu" → "cư trú", "cư trú" → "hộ khẩu").
    /// </summary>
    public static string? Refusal(IReadOnlyList<SearchSynonym> existing, SearchSynonym candidate)
    {
        var phrase = string.Join(' ', Words(candidate.Phrase));
        var expansion = string.Join(' ', Words(candidate.Expansion));
        if (phrase.Length == 0 || expansion.Length == 0)
        {
            return "Cụm từ và nghĩa của nó không được trống. / The phrase and its meaning must not be empty.";
        }

        if (phrase == expansion)
        {
            return "Một cụm từ không thể là từ đồng nghĩa của chính nó. / A phrase cannot mean itself.";
        }

        var all = existing.Where(s => string.Join(' ', Words(s.Phrase)) != phrase).Append(candidate)
            .Select(s => (Phrase: string.Join(' ', Words(s.Phrase)), Expansion: " " + string.Join(' ', Words(s.Expansion)) + " "))
            .ToList();
        // Walk from the candidate's expansion through every synonym whose phrase it contains; reaching the phrase is a loop.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([" " + expansion + " "]);
        while (queue.Count > 0)
        {
            var text = queue.Dequeue();
            if (text.Contains(" " + phrase + " ", StringComparison.Ordinal))
            {
                return $"\"{candidate.Phrase}\" sẽ lặp vô hạn: nghĩa của nó lại dẫn về chính nó. / \"{candidate.Phrase}\" would loop: its meaning leads back to itself.";
            }

            foreach (var s in all.Where(s => text.Contains(" " + s.Phrase + " ", StringComparison.Ordinal)))
            {
                if (seen.Add(s.Phrase))
                {
                    queue.Enqueue(s.Expansion);
                }
            }
        }

        return null;
    }

    /// <summary>The synonyms OneStop starts with (administrators edit them).</summary>
    public static IReadOnlyList<SearchSynonym> Defaults { get; } =
    [
        new("cccd", "căn cước"),
        new("cmnd", "căn cước"),
        new("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
        new("sổ hồng", "giấy chứng nhận quyền sử dụng đất"),
        new("gplx", "giấy phép lái xe"),
        new("bằng lái", "giấy phép lái xe"),
        new("hộ khẩu", "cư trú"),
        new("gpxd", "giấy phép xây dựng"),
        new("hkd", "hộ kinh doanh"),
        new("lltp", "lý lịch tư pháp"),
        new("dkkd", "đăng ký kinh doanh"),
    ];
}
