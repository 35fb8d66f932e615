using System.Globalization;

namespace NewsWatch.Incidents;

/// <summary>Folding of words for comparison (lower case, accents stripped: "Panmunjŏm" = "panmunjom") and a hash of the folded word.</summary>
internal static class Fold
{
    private static readonly char[] Table = BuildTable();

    /// <summary>FNV-1a over the folded characters.</summary>
    public static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261;
        foreach (var c in word)
            hash = (hash ^ Char(c)) * 16777619;
        return hash;
    }

    /// <summary>Whether the word folds to <paramref name="folded"/>.</summary>
    public static bool Equal(ReadOnlySpan<char> word, string folded)
    {
        if (word.Length != folded.Length)
            return false;
        for (var i = 0; i < word.Length; i++)
        {
            if (Char(word[i]) != folded[i])
                return false;
        }

        return true;
    }

    public static string Of(ReadOnlySpan<char> word)
    {
        Span<char> buffer = word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length];
        for (var i = 0; i < word.Length; i++)
            buffer[i] = Char(word[i]);
        return buffer.ToString();
    }

    private static char Char(char c) => c < Table.Length ? Table[c] : char.ToLowerInvariant(c);

    private static char[] BuildTable()
    {
        var table = new char[0x250];
        for (var c = 0; c < table.Length; c++)
        {
            var lower = char.ToLowerInvariant((char)c);
            var folded = lower;
            foreach (var d in lower.ToString().Normalize(System.Text.NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                {
                    folded = d;
                    break;
                }
            }

            table[c] = folded;
        }

        return table;
    }
}
