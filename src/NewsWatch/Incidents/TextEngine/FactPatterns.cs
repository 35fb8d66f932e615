using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>
/// Runs patterns only where they can match. Each pattern turns on a head word ("killed", "soldiers", "March"); a pass
/// over the words finds the heads, steps back over the words that may stand before a head in a phrase ("on or about
/// the 23rd"), and tries the \G-anchored pattern at those word starts, farthest first so that the longest phrase wins.
/// No large alternation ever scans the whole text.
/// </summary>
internal static class FactPatterns
{
    /// <summary>The pattern to try at word <paramref name="i"/>, or null when it is no head.</summary>
    internal delegate Regex? HeadTest(string s, in WordIndex words, int i);

    /// <summary>Whether word <paramref name="i"/> may stand before a head inside a phrase.</summary>
    internal delegate bool PrefixTest(string s, in WordIndex words, int i);

    /// <summary>Adds to <paramref name="into"/>, in text order and without overlaps, the matches that reach into a head word
    /// (and that <paramref name="accept"/> accepts); stops after <paramref name="max"/> matches.</summary>
    public static void Matches(string s, in WordIndex words, int wordsBack, HeadTest head, PrefixTest prefix, List<Match> into, int max = int.MaxValue, Func<Match, bool>? accept = null) =>
        Matches(s, words, wordsBack, head, prefix, (m, _) =>
        {
            if (accept is not null && !accept(m))
                return null;
            into.Add(m);
            return into.Count < max;
        });

    /// <summary>Passes each match (and its pattern) to <paramref name="take"/> in text order, without overlaps: true to go on, false to stop,
    /// null to reject it (the next shorter phrase at the same head is tried).</summary>
    public static void Matches(string s, in WordIndex words, int wordsBack, HeadTest head, PrefixTest prefix, Func<Match, Regex, bool?> take)
    {
        var lastEnd = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var start = words.Start(i);
            if (start < lastEnd || head(s, words, i) is not { } pattern)
                continue;
            var back = 0;
            while (back < wordsBack && i - back - 1 >= 0 && words.Start(i - back - 1) >= lastEnd && prefix(s, words, i - back - 1))
                back++;
            for (var k = back; k >= 0; k--)
            {
                var m = pattern.Match(s, words.Start(i - k));
                if (!m.Success || m.Index + m.Length <= start)
                    continue;
                var goOn = take(m, pattern);
                if (goOn is null)
                    continue;
                lastEnd = m.Index + m.Length;
                if (goOn == false)
                    return;
                break;
            }
        }
    }
}
