using System.Globalization;
using System.Text;

namespace OneStop.Web.Documents;

/// <summary>A stretch of text in one face; runs are joined without a space unless their text has one.</summary>
internal readonly record struct TextRun(string Text, FontFace Face);

/// <summary>Part of a word in one face, with its measured advance width.</summary>
internal sealed record Segment(string Text, FontFace Face, float Width);

/// <summary>An unbreakable word, possibly in several faces ("Label:" glued to a bold value has none of that, but "(bold)" can).</summary>
internal sealed record Word(IReadOnlyList<Segment> Segments)
{
    public float Width { get; } = Segments.Sum(s => s.Width);

    public FontFace LastFace => Segments[^1].Face;
}

/// <summary>One laid-out line; <paramref name="EndsParagraph"/> lines are never justified.</summary>
internal sealed record TextLine(IReadOnlyList<Word> Words, bool EndsParagraph);

/// <summary>Greedy line breaking measured with the actual Skia fonts; words wider than the line are broken between graphemes.</summary>
internal sealed class TextWrapper(FontCache fonts)
{
    private static readonly char[] BreakAfter = ['-', '.', '/', '_', '\u2013'];

    public float SpaceWidth(FontFace face, float size) => fonts.Measure(" ", face, size);

    /// <summary>The natural width of a line: its words with one space between each.</summary>
    public float LineWidth(TextLine line, float size)
    {
        var width = 0f;
        for (var i = 0; i < line.Words.Count; i++)
        {
            if (i > 0)
            {
                width += SpaceWidth(line.Words[i - 1].LastFace, size);
            }

            width += line.Words[i].Width;
        }

        return width;
    }

    public List<TextLine> Wrap(string text, FontFace face, float size, float maxWidth) => Wrap([new TextRun(text, face)], size, maxWidth);

    public List<TextLine> Wrap(IEnumerable<TextRun> runs, float size, float maxWidth)
    {
        var lines = new List<TextLine>();
        var current = new List<Word>();
        var width = 0f;
        foreach (var item in Tokenize(runs, size))
        {
            foreach (var piece in item.Width > maxWidth ? SplitLong(item, size, maxWidth) : [item])
            {
                var gap = current.Count == 0 ? 0f : SpaceWidth(current[^1].LastFace, size);
                if (current.Count > 0 && width + gap + piece.Width > maxWidth)
                {
                    lines.Add(new TextLine(current, EndsParagraph: false));
                    current = [];
                    width = 0f;
                    gap = 0f;
                }

                current.Add(piece);
                width += gap + piece.Width;
            }
        }

        lines.Add(new TextLine(current, EndsParagraph: true));
        return lines;
    }

    /// <summary>Words of the runs, cleaned by <see cref="Clean"/>.</summary>
    private List<Word> Tokenize(IEnumerable<TextRun> runs, float size)
    {
        var items = new List<Word>();
        var segments = new List<Segment>();
        var text = new StringBuilder();

        void EndSegment(FontFace face)
        {
            if (text.Length > 0)
            {
                var s = text.ToString();
                segments.Add(new Segment(s, face, fonts.Measure(s, face, size)));
                text.Clear();
            }
        }

        void EndWord()
        {
            if (segments.Count > 0)
            {
                items.Add(new Word(segments));
                segments = [];
            }
        }

        foreach (var run in runs)
        {
            // The text is cleaned (one line, no control or direction characters); a run's edge spaces still part words.
            var raw = run.Text ?? string.Empty;
            if (raw.Length > 0 && (char.IsWhiteSpace(raw[0]) || char.IsControl(raw[0])))
            {
                EndWord();
            }

            foreach (var c in Clean(raw))
            {
                if (c == ' ')
                {
                    EndSegment(run.Face);
                    EndWord();
                }
                else
                {
                    text.Append(c);
                }
            }

            EndSegment(run.Face);
            if (raw.Length > 0 && (char.IsWhiteSpace(raw[^1]) || char.IsControl(raw[^1])))
            {
                EndWord();
            }
        }

        EndWord();
        return items;
    }

    /// <summary>Breaks a word that is wider than the line into pieces that fit, between grapheme clusters.</summary>
    private List<Word> SplitLong(Word word, float size, float maxWidth)
    {
        var pieces = new List<Word>();
        var done = new List<Segment>();
        var doneWidth = 0f;
        foreach (var segment in word.Segments)
        {
            var text = new StringBuilder();
            var elements = StringInfo.GetTextElementEnumerator(segment.Text);
            while (elements.MoveNext())
            {
                var element = elements.GetTextElement();
                var candidate = text + element;
                var candidateWidth = fonts.Measure(candidate, segment.Face, size);
                if (doneWidth + candidateWidth > maxWidth && (text.Length > 0 || done.Count > 0))
                {
                    // Prefer to break after a hyphen, dot, slash or underscore ("000.00.21.H26-|260212-0001").
                    var current = text.ToString();
                    var cut = current.LastIndexOfAny(BreakAfter) + 1;
                    if (cut <= 0 || cut >= current.Length)
                    {
                        cut = current.Length;
                    }

                    if (cut > 0)
                    {
                        var s = current[..cut];
                        done.Add(new Segment(s, segment.Face, fonts.Measure(s, segment.Face, size)));
                    }

                    pieces.Add(new Word(done));
                    done = [];
                    doneWidth = 0f;
                    text.Clear();
                    text.Append(current[cut..]);
                }

                text.Append(element);
            }

            if (text.Length > 0)
            {
                var s = text.ToString();
                var width = fonts.Measure(s, segment.Face, size);
                done.Add(new Segment(s, segment.Face, width));
                doneWidth += width;
            }
        }

        if (done.Count > 0)
        {
            pieces.Add(new Word(done));
        }

        return pieces;
    }

    /// <summary>
    /// The one door of text into a rendered document: every string drawn goes through here, so a name, note or file
    /// name with line breaks, tabs or direction overrides prints as one line of what it visibly says (NFC, bounded).
    /// </summary>
    public static string Clean(string? text) => OneStop.Domain.Text.DocumentText.Clean(text);
}
