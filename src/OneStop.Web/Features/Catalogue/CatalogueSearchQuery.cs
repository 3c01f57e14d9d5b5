using System.Text;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// Turns a query's terms into the versions they find and a score, in SQL over the index tables (same SQL on SQLite and
/// PostgreSQL). A term matches a version through its exact spellings (quality 2) or through near spellings and, for the
/// last term, prefixes (quality 1); a version is found when every term matches, scored by the sum over terms of the best
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
            var (exact, all) = expanded[i];
            if (i > 0)
            {
                sql.Append(" UNION ALL ");
            }

            sql.Append("SELECT \"VersionId\", MAX(\"Weight\" * CASE WHEN \"Word\" IN (")
                .Append(string.Join(", ", exact.Select(Param)))
                .Append(") THEN 2 ELSE 1 END) AS \"S\" FROM \"CatalogueSearchPostings\" WHERE \"Word\" IN (")
                .Append(string.Join(", ", all.Select(Param)))
                .Append(") GROUP BY \"VersionId\"");
        }

        sql.Append(") AS \"T\" GROUP BY \"VersionId\" HAVING COUNT(*) = ").Append(expanded.Count);
        return db.Database.SqlQueryRaw<SearchHit>(sql.ToString(), [.. args]);
    }

    /// <summary>For each term: its exact spellings, and every stored word it may stand for (one vocabulary read for all terms).</summary>
    private async Task<List<(List<string> Exact, List<string> All)>> ExpandAsync(IReadOnlyList<SearchTerm> terms, CancellationToken ct)
    {
        var keys = terms.SelectMany(t => t.Keys).Distinct(StringComparer.Ordinal).ToList();
        var byKey = (await db.Set<SearchVocabularyKey>().AsNoTracking().Where(k => keys.Contains(k.Key)).Select(k => new { k.Key, k.Word }).ToListAsync(ct))
            .ToLookup(k => k.Key, k => k.Word, StringComparer.Ordinal);
        var result = new List<(List<string>, List<string>)>();
        foreach (var t in terms)
        {
            var all = new List<string>(t.Words);
            all.AddRange(t.Keys.SelectMany(k => byKey[k]).Distinct(StringComparer.Ordinal).OrderBy(w => Math.Abs(w.Length - t.Term.Length)).ThenBy(w => w, StringComparer.Ordinal));
            if (t.Prefix)
            {
                var from = t.Term;
                var to = from[..^1] + (char)(from[^1] + 1);
                all.AddRange(await db.Set<SearchVocabularyKey>().AsNoTracking()
                    .Where(k => k.Key == k.Word && string.Compare(k.Word, from) > 0 && string.Compare(k.Word, to) < 0)
                    .OrderBy(k => k.Word.Length).ThenBy(k => k.Word).Select(k => k.Word).Take(MaxWordsPerTerm).ToListAsync(ct));
            }

            result.Add((t.Words.ToList(), all.Distinct(StringComparer.Ordinal).Take(MaxWordsPerTerm).ToList()));
        }

        return result;
    }
}
