using System.Text;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// Turns a query's terms into the versions they find and a score, in SQL over the index tables (same SQL on SQLite and
/// PostgreSQL). A term matches a version through its exact spellings or through near spellings and, for the
/// last term, prefixes; exact 4, a letter missing or doubled 3, another near spelling or a prefix 2. A version is found when every term matches, scored by the sum over terms of the best
/// weight × quality (name 3, field 2, documents 1).
/// </summary>
public sealed class CatalogueSearchQuery(OneStopDbContext db)
{
    /// <summary>At most this many stored words stand for one term (near spellings and prefixes of a short word are many).</summary>
    public const int MaxWordsPerTerm = 40;

    public async Task<IQueryable<SearchHit>> HitsAsync(IReadOnlyList<SearchTerm> terms, CancellationToken ct)
    {
        var expanded = await ExpandAsync(terms, ct);
        var sql = new StringBuilder("SELECT \"VersionId\", SUM(\"S\") AS \"Score\" FROM (");
        var args = new List<object>();
        string Param(string value)
        {
            args.Add(value);
            return "{" + (args.Count - 1) + "}";
        }

        for (var i = 0; i < expanded.Count; i++)
        {
            var (exact, near, all) = expanded[i];
            if (i > 0)
            {
                sql.Append(" UNION ALL ");
            }

            sql.Append("SELECT \"VersionId\", MAX(\"Weight\" * CASE WHEN \"Word\" IN (")
                .Append(string.Join(", ", exact.Select(Param)))
                .Append(") THEN 4 WHEN \"Word\" IN (")
                .Append(string.Join(", ", near.DefaultIfEmpty(exact[0]).Select(Param)))
                .Append(") THEN 3 ELSE 2 END) AS \"S\" FROM \"CatalogueSearchPostings\" WHERE \"Word\" IN (")
                .Append(string.Join(", ", all.Select(Param)))
                .Append(") GROUP BY \"VersionId\"");
        }

        sql.Append(") AS \"T\" GROUP BY \"VersionId\" HAVING COUNT(*) = ").Append(expanded.Count);
        return db.Database.SqlQueryRaw<SearchHit>(sql.ToString(), [.. args]);
    }

    /// <summary>For each term: its exact spellings, and every stored word it may stand for (one vocabulary read for all terms).</summary>
    private async Task<List<(List<string> Exact, List<string> Near, List<string> All)>> ExpandAsync(IReadOnlyList<SearchTerm> terms, CancellationToken ct)
    {
        var keys = terms.SelectMany(t => t.Keys).Distinct(StringComparer.Ordinal).ToList();
        var byKey = (await db.Set<SearchVocabularyKey>().AsNoTracking().Where(k => keys.Contains(k.Key)).Select(k => new { k.Key, k.Word }).ToListAsync(ct))
            .ToLookup(k => k.Key, k => k.Word, StringComparer.Ordinal);
        var result = new List<(List<string>, List<string>, List<string>)>();
        foreach (var t in terms)
        {
            // A word people actually wrote is matched as written (so "khai tu" finds "khai tử", never "thủ tục … khai sinh");
            // near spellings stand in only for a word that no procedure contains (a typo).
            var known = t.Words.Any(w => byKey[w].Contains(w, StringComparer.Ordinal));
            var all = new List<string>(t.Words);
            var near = new List<string>();
            if (!known)
            {
                near = t.Words.Select(CatalogueSearch.Skeleton).SelectMany(k => byKey[k]).Except(t.Words, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
                all.AddRange(near);
                all.AddRange(t.Keys.SelectMany(k => byKey[k]).Distinct(StringComparer.Ordinal).OrderBy(w => Math.Abs(w.Length - t.Term.Length)).ThenBy(w => w, StringComparer.Ordinal));
            }

            if (t.Prefix && (t.Term.Length >= CatalogueSearch.MinPrefixLength || !known))
            {
                var from = t.Term;
                var to = from[..^1] + (char)(from[^1] + 1);
                all.AddRange(await db.Set<SearchVocabularyKey>().AsNoTracking()
                    .Where(k => k.Key == k.Word && string.Compare(k.Word, from) > 0 && string.Compare(k.Word, to) < 0)
                    .OrderBy(k => k.Word.Length).ThenBy(k => k.Word).Select(k => k.Word).Take(MaxWordsPerTerm).ToListAsync(ct));
            }

            result.Add((t.Words.ToList(), near, all.Distinct(StringComparer.Ordinal).Take(MaxWordsPerTerm).ToList()));
        }

        return result;
    }
}
