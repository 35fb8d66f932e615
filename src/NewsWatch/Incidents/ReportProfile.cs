using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsWatch.Incidents;

/// <summary>
/// What grouping compares between reports: the report's most telling words (TF-IDF, unit length), a MinHash
/// fingerprint of its word 3-shingles (near-identical copies agree on most of its slots), and the names and places it mentions.
/// </summary>
internal sealed class ReportProfile
{
    public const int FingerprintSize = 64;
    private const int MaxTerms = 100;
    private const int ShingleLength = 3;

    private static readonly ulong[] Seeds = MakeSeeds();

    [JsonPropertyName("t")]
    public Dictionary<string, float> Terms { get; init; } = [];

    [JsonPropertyName("m")]
    public uint[] Fingerprint { get; init; } = [];

    [JsonPropertyName("n")]
    public string[] Names { get; init; } = [];

    [JsonPropertyName("p")]
    public string[] Places { get; init; } = [];

    [JsonPropertyName("c")]
    public string Category { get; init; } = "";

    /// <summary>How many people the report says were involved, when it says.</summary>
    [JsonPropertyName("k")]
    public int? People { get; init; }

    public static ReportProfile Build(string title, string text, TermWeights weights, ReportFacts facts, string category)
    {
        var counts = new Dictionary<string, float>(StringComparer.Ordinal);
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        // The headline names the event; its words count double.
        Tokens.ForEachContentWord(title, w => Count(lookup, w, 2));
        Tokens.ForEachContentWord(text, w => Count(lookup, w, 1));

        var weighted = counts
            .Select(kv => (Term: kv.Key, Weight: (float)(1 + Math.Log(kv.Value)) * weights.Of(kv.Key)))
            .OrderByDescending(t => t.Weight).ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(MaxTerms)
            .ToList();
        var norm = (float)Math.Sqrt(weighted.Sum(t => t.Weight * t.Weight));
        return new ReportProfile
        {
            Terms = weighted.ToDictionary(t => t.Term, t => MathF.Round(t.Weight / Math.Max(norm, 1e-6f), 4), StringComparer.Ordinal),
            Fingerprint = MinHash($"{title} {text}"),
            Names = facts.Names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            Places = facts.Places.Where(p => !p.Broad).Select(p => p.Id).Distinct(StringComparer.Ordinal).ToArray(),
            Category = category,
            People = facts.People,
        };
    }

    private static void Count(Dictionary<string, float>.AlternateLookup<ReadOnlySpan<char>> counts, ReadOnlySpan<char> word, float weight)
    {
        if (counts.TryGetValue(word, out var count))
            counts[word] = count + weight;
        else
            counts[word] = weight;
    }

    public double Cosine(ReportProfile other)
    {
        // A merge of two hash-sorted arrays: each report is compared with dozens of others, so no dictionary lookups.
        var a = Vector();
        var b = other.Vector();
        double sum = 0;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i].Hash == b[j].Hash)
                sum += a[i++].Weight * b[j++].Weight;
            else if (a[i].Hash < b[j].Hash)
                i++;
            else
                j++;
        }

        return sum;
    }

    private (ulong Hash, float Weight)[]? _vector;

    private (ulong Hash, float Weight)[] Vector() =>
        _vector ??= Terms.Select(t => (Fnv(t.Key), t.Value)).OrderBy(t => t.Item1).ToArray();

    /// <summary>Estimated Jaccard overlap of the two reports' word 3-shingles.</summary>
    public double Overlap(ReportProfile other)
    {
        if (Fingerprint.Length != FingerprintSize || other.Fingerprint.Length != FingerprintSize)
            return 0;
        var same = 0;
        for (var i = 0; i < FingerprintSize; i++)
        {
            if (Fingerprint[i] == other.Fingerprint[i])
                same++;
        }

        return same / (double)FingerprintSize;
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static ReportProfile FromJson(string json) => JsonSerializer.Deserialize<ReportProfile>(json) ?? new ReportProfile();

    private static uint[] MinHash(string text)
    {
        var minimum = new uint[FingerprintSize];
        Array.Fill(minimum, uint.MaxValue);
        var window = new ulong[ShingleLength];
        var count = 0;
        Tokens.ForEachWord(text, word =>
        {
            window[count % ShingleLength] = Fnv(word);
            count++;
            if (count < ShingleLength)
                return;
            var shingle = 0UL;
            for (var k = 0; k < ShingleLength; k++)
                shingle = shingle * 31 + window[(count - ShingleLength + k) % ShingleLength];
            for (var i = 0; i < FingerprintSize; i++)
            {
                var value = (uint)Mix(shingle ^ Seeds[i]);
                if (value < minimum[i])
                    minimum[i] = value;
            }
        });

        return count < ShingleLength ? [] : minimum;
    }

    private static ulong Fnv(ReadOnlySpan<char> word)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in word)
            hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }

    // SplitMix64's finaliser: a cheap, well-mixed hash per seed.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong[] MakeSeeds()
    {
        var seeds = new ulong[FingerprintSize];
        var state = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < seeds.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            seeds[i] = Mix(state);
        }

        return seeds;
    }
}
