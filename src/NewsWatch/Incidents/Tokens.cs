namespace NewsWatch.Incidents;

/// <summary>A word handed out by <see cref="Tokens"/>: lower-cased, in a buffer that is reused for the next word.</summary>
internal delegate void WordAction(ReadOnlySpan<char> word);

/// <summary>
/// Splits report text into lower-case words: all of them (for copy fingerprints) or the content words (for similarity).
/// Words are handed out as spans so that the grouper, which reads every candidate report, allocates only for new words.
/// </summary>
internal static class Tokens
{
    private const int MaxWordLength = 64;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
        "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
        "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
        "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "more", "most", "my", "no", "nor",
        "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should",
        "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
        "who", "whom", "why", "will", "with", "would", "you", "your", "said", "says", "say", "told", "according", "reported",
        "report", "reports", "news", "one", "two", "three", "new", "year", "years", "day", "days", "month", "months", "week",
        "weeks", "may", "might", "must", "many", "much", "since", "however", "still", "yet", "even", "another", "around",
        "among", "within", "without", "us", "mr", "ms", "per", "via", "like", "last", "first", "later", "earlier",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every word (<see cref="WordIndex.NextWord"/>), lower-cased, in order; an apostrophe before a letter joins two words
    /// ("don't" → "dont") and a possessive is dropped ("soldier's" → "soldier").</summary>
    public static void ForEachWord(string text, WordAction action)
    {
        Span<char> buffer = stackalloc char[MaxWordLength];
        var length = 0;
        var pos = 0;
        while (WordIndex.NextWord(text, pos, out var start, out pos))
        {
            // Only a word joined on after an apostrophe finds the buffer in use.
            var possessive = length > 0 && pos - start == 1 && text[start] is 's' or 'S';
            if (!possessive)
            {
                for (var i = start; i < pos && length < MaxWordLength; i++)
                    buffer[length++] = char.ToLowerInvariant(text[i]);
            }

            if (pos + 1 < text.Length && text[pos] is '\'' or '’' && char.IsLetter(text[pos + 1]))
                continue;
            action(buffer[..length]);
            length = 0;
        }
    }

    /// <summary>Words that carry meaning, lightly stemmed so that plurals meet their singulars.</summary>
    public static void ForEachContentWord(string text, WordAction action) =>
        ForEachWord(text, word =>
        {
            if (word.Length < 3 || StopWordLookup.Contains(word) || (word.Length != 4 && IsNumber(word)))
                return;
            if (word.Length > 4 && word.EndsWith("ies"))
            {
                Span<char> stem = stackalloc char[word.Length - 2];
                word[..^3].CopyTo(stem);
                stem[^1] = 'y';
                action(stem);
                return;
            }

            action(word.Length > 4 && word[^1] == 's' && !word.EndsWith("ss") && !word.EndsWith("us") && !word.EndsWith("is") ? word[..^1] : word);
        });

    public static List<string> ContentWords(string text)
    {
        var words = new List<string>();
        ForEachContentWord(text, w => words.Add(w.ToString()));
        return words;
    }

    private static bool IsNumber(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
                return false;
        }

        return true;
    }
}
