using NewsWatch.Text;

namespace NewsWatch.Incidents;

/// <summary>
/// How telling a word is, as inverse document frequency over a reference corpus (our own training set):
/// "soldier" and "border" say little about which event a report is about; "fog", "Imjin" or "styrofoam" say a lot.
/// </summary>
internal sealed class TermWeights
{
    private readonly Dictionary<string, float> _idf;
    private readonly float _unseen;

    private TermWeights(Dictionary<string, float> idf, int documents)
    {
        _idf = idf;
        Documents = documents;
        _unseen = (float)(Math.Log((documents + 1.0) / 1.0) + 1.0);
    }

    public int Documents { get; }

    public float Of(string term) => _idf.TryGetValue(term, out var w) ? w : _unseen;

    /// <summary>The <paramref name="count"/> words found in most documents, commonest first.</summary>
    public IReadOnlyList<string> Commonest(int count) =>
        _idf.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(count).Select(kv => kv.Key).ToList();

    public static TermWeights FromTexts(IEnumerable<string> documents)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            count++;
            seen.Clear();
            foreach (var token in Tokens.ContentWords(document))
            {
                if (seen.Add(token))
                    frequency[token] = frequency.GetValueOrDefault(token) + 1;
            }
        }

        var idf = frequency.ToDictionary(kv => kv.Key, kv => (float)(Math.Log((count + 1.0) / (kv.Value + 1.0)) + 1.0), StringComparer.Ordinal);
        return new TermWeights(idf, count);
    }

    /// <summary>Reads every <c>*.jsonl</c> file of a folder (lines with <c>title</c> and <c>text</c>).</summary>
    public static TermWeights FromCorpusDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"term-weight corpus folder '{directory}' does not exist");
        var files = Directory.GetFiles(directory, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new InvalidDataException($"term-weight corpus folder '{directory}' has no *.jsonl files");
        return FromTexts(files.SelectMany(JsonLines.Read).Select(l => $"{JsonLines.String(l.Line, "title")} {JsonLines.String(l.Line, "text")}"));
    }
}
