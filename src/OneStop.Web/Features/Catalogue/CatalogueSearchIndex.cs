using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Catalogue;

/// <summary>A word a published version is found by, with the weight of the place it occurs in (name 3, field 2, documents 1).</summary>
public sealed class SearchPosting
{
    public required string Word { get; set; }
    public Guid VersionId { get; set; }
    public short Weight { get; set; }
}

/// <summary>A key of the search vocabulary: a word, its skeleton or one of its one-letter deletions, and the word it stands for.</summary>
public sealed class SearchVocabularyKey
{
    public required string Key { get; set; }
    public required string Word { get; set; }
}

/// <summary>A synonym an administrator keeps (folded phrase → folded meaning).</summary>
public sealed class SearchSynonymEntry
{
    public long Id { get; set; }
    public required string Phrase { get; set; }
    public required string Expansion { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public required string ChangedBy { get; set; }
}

/// <summary>A version found by a search and its score (computed in SQL).</summary>
public sealed class SearchHit
{
    public Guid VersionId { get; set; }
    public long Score { get; set; }
}

/// <summary>
/// The search index lives in the database, written in the transaction that publishes a version (a published version's
/// content never changes, so its postings never do): every instance reads the same index, and it can be rebuilt from
/// the versions at any time (<see cref="RebuildAsync"/>).
/// </summary>
public sealed class CatalogueSearchIndex(OneStopDbContext db)
{
    /// <summary>Rows per INSERT statement (3 parameters each: well under SQLite's and PostgreSQL's limits).</summary>
    private const int RowsPerStatement = 500;

    /// <summary>
    /// Writes the postings of versions just saved as published, and the vocabulary keys of words not seen before, as
    /// multi-row INSERTs in the caller's transaction (the import writes about 120,000 rows: through the change tracker
    /// that took minutes on SQLite). A key another instance added meanwhile is skipped (ON CONFLICT DO NOTHING).
    /// </summary>
    public async Task WriteAsync(IReadOnlyCollection<ProcedureVersion> published, CancellationToken ct)
    {
        if (published.Count == 0)
        {
            return;
        }

        var sqlite = db.Database.IsSqlite();
        object Id(Guid id) => sqlite ? id.ToString().ToUpperInvariant() : id;
        var postings = new List<object[]>();
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in published)
        {
            foreach (var (word, weight) in CatalogueSearch.IndexWords(v.Content))
            {
                postings.Add([word, Id(v.Id), (short)weight]);
                words.Add(word);
            }
        }

        await InsertAsync("\"CatalogueSearchPostings\" (\"Word\", \"VersionId\", \"Weight\")", postings, ct);
        var list = words.ToList();
        var known = (await db.Set<SearchVocabularyKey>().AsNoTracking().Where(k => list.Contains(k.Word)).Select(k => k.Word).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var keys = list.Where(w => !known.Contains(w))
            .SelectMany(w => CatalogueSearch.VocabularyKeys(w).Append(w).Distinct(StringComparer.Ordinal).Select(k => new object[] { k, w }))
            .ToList();
        await InsertAsync("\"CatalogueSearchVocabulary\" (\"Key\", \"Word\")", keys, ct);
    }

    private async Task InsertAsync(string into, List<object[]> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var sql = new System.Text.StringBuilder("INSERT INTO ").Append(into).Append(" VALUES ");
            var args = new List<object>(chunk.Length * chunk[0].Length);
            for (var r = 0; r < chunk.Length; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < chunk[r].Length; c++)
                {
                    sql.Append(c == 0 ? "" : ", ").Append('{').Append(args.Count).Append('}');
                    args.Add(chunk[r][c]);
                }

                sql.Append(')');
            }

            sql.Append(" ON CONFLICT DO NOTHING");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args, ct);
        }
    }

    /// <summary>Rebuilds the index from the published versions (after a change to the indexing rules): deterministic.</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<SearchPosting>().ExecuteDeleteAsync(ct);
        await db.Set<SearchVocabularyKey>().ExecuteDeleteAsync(ct);
        var versions = await db.ProcedureVersions.AsNoTracking().Where(v => v.Status != ProcedureStatus.Draft).ToListAsync(ct);
        await WriteAsync(versions, ct);
        await tx.CommitAsync(ct);
    }
}

public sealed class SearchPostingConfiguration : IEntityTypeConfiguration<SearchPosting>
{
    public void Configure(EntityTypeBuilder<SearchPosting> builder)
    {
        builder.ToTable("CatalogueSearchPostings");
        builder.HasKey(p => new { p.Word, p.VersionId });
        builder.Property(p => p.Word).HasMaxLength(CatalogueSearch.MaxWordLength);
    }
}

public sealed class SearchVocabularyKeyConfiguration : IEntityTypeConfiguration<SearchVocabularyKey>
{
    public void Configure(EntityTypeBuilder<SearchVocabularyKey> builder)
    {
        builder.ToTable("CatalogueSearchVocabulary");
        builder.HasKey(k => new { k.Key, k.Word });
        builder.HasIndex(k => k.Word);
        builder.Property(k => k.Key).HasMaxLength(CatalogueSearch.MaxWordLength);
        builder.Property(k => k.Word).HasMaxLength(CatalogueSearch.MaxWordLength);
    }
}

public sealed class SearchSynonymConfiguration : IEntityTypeConfiguration<SearchSynonymEntry>
{
    public void Configure(EntityTypeBuilder<SearchSynonymEntry> builder)
    {
        builder.ToTable("CatalogueSearchSynonyms");
        builder.HasIndex(s => s.Phrase).IsUnique();
        builder.Property(s => s.Phrase).HasMaxLength(100);
        builder.Property(s => s.Expansion).HasMaxLength(200);
        builder.Property(s => s.ChangedBy).HasMaxLength(256);
        // The synonyms OneStop starts with; administrators edit them at /quan-tri/tu-dong-nghia.
        var at = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        builder.HasData(CatalogueSearch.Defaults.Select((d, i) => new SearchSynonymEntry
        {
            Id = i + 1,
            Phrase = string.Join(' ', CatalogueSearch.Words(d.Phrase)),
            Expansion = string.Join(' ', CatalogueSearch.Words(d.Expansion)),
            ChangedAt = at,
            ChangedBy = "seed",
        }));
    }
}
