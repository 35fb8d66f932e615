using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>What the fact families share: regex options, the hedges before a count, reading a number, and the words around a match.</summary>
internal static class FactRules
{
    public const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
        | RegexOptions.ExplicitCapture | RegexOptions.IgnorePatternWhitespace;

    public const string About = @"(?:(?:about|around|roughly|some|nearly|almost|approximately|at\s+least|more\s+than|over|up\s+to|as\s+many\s+as)\s+)?";

    /// <summary>The matches of a family's patterns in text order, without overlaps (see <see cref="FactPatterns"/>).</summary>
    public static List<Match> Find(string s, in WordIndex words, int wordsBack, FactPatterns.HeadTest head, FactPatterns.PrefixTest prefix,
        int max = int.MaxValue, Func<Match, bool>? accept = null)
    {
        var into = new List<Match>();
        FactPatterns.Matches(s, words, wordsBack, head, prefix, into, max, accept);
        return into;
    }

    /// <summary>A count in digits ("40", "1,200") or words ("twelve", "a dozen").</summary>
    public static bool TryNumber(string value, out int number)
    {
        var word = string.Join(' ', value.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        number = word switch
        {
            "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10,
            "eleven" => 11, "twelve" => 12, "thirteen" => 13, "fourteen" => 14, "fifteen" => 15, "sixteen" => 16, "seventeen" => 17,
            "eighteen" => 18, "nineteen" => 19, "twenty" => 20, "thirty" => 30, "forty" => 40, "fifty" => 50, "a dozen" or "dozen" => 12,
            _ => -1,
        };
        if (number >= 0)
            return true;
        return int.TryParse(word.Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    public static bool IsSentenceStart(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && (s[i] == ' ' || s[i] == '"' || s[i] == '“' || s[i] == '\'' || s[i] == '‘'))
            i--;
        return i < 0 || s[i] is '.' or '!' or '?' or '\n' or ':' or '—';
    }

    /// <summary>The word (letters and hyphens) right after <paramref name="index"/>, past spaces; "" when none.</summary>
    public static string NextWord(string s, int index)
    {
        var i = index;
        while (i < s.Length && s[i] == ' ')
            i++;
        var start = i;
        while (i < s.Length && (char.IsLetter(s[i]) || s[i] == '-'))
            i++;
        return s[start..i];
    }

    /// <summary>The word (letters and hyphens) right before <paramref name="index"/>, past spaces; "" when none.</summary>
    public static string PreviousWord(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && s[i] == ' ')
            i--;
        var end = i + 1;
        while (i >= 0 && (char.IsLetter(s[i]) || s[i] == '-'))
            i--;
        return s[(i + 1)..end];
    }
}
