using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>Killed, wounded, shots and rounds, as short phrases in order of mention: "2 killed", "3 wounded", "shot 5 times", "20 warning shots".</summary>
internal static class CasualtyFacts
{
    private const string CasualtyNumber = "[0-9]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty";
    private const string Range = $@"(?<n>{CasualtyNumber})(?:\s*(?:-|–|to|or)\s*(?<n2>{CasualtyNumber}))?";
    private const string NotMeasure = @"(?!\s*(?:years?|times?|days?|hours?|minutes?|km|kilomet\w+|miles?|met\w+|percent|%|a\.m|p\.m|am|pm|rounds?|shots?|bullets?)\b)";

    // Phrases that start with a number: "two soldiers were killed", "6-7 dead", "three wounded", "40 rounds", "five gunshot wounds".
    private static readonly Regex CasualtyCount = new($"""
        \G(?:
          (?<killed>{FactRules.About}{Range}\s+(?:(?!(?:and|or|but|while|after|before)\b)[\w'’-]+\s+){"{0,3}"}?(?:(?:(?:were|was|have\s+been|had\s+been|are|being)\s+(?:killed|shot\s+dead))|dead|died|killed(?=\s*(?:[,.;:)]|$)|\s+(?:in|on|at|when|and|after|by|during|while|as|including)\b))\b)
        | (?<wounded>{FactRules.About}{Range}\s+(?:(?!(?:and|or|but|while|after|before)\b)[\w'’-]+\s+){"{0,3}"}?(?:(?:were|was|have\s+been|had\s+been|are|being)\s+)?(?:wounded|injured|hurt)\b)
        | (?<gsw>(?<n>{CasualtyNumber})\s+gunshot\s+wounds)
        | (?<rounds>{FactRules.About}(?<n>{CasualtyNumber})\s+(?<warn>warning\s+)?(?<what>rounds|shots|bullets|gunshots)\b(?!\s+of\b))
        )
        """, FactRules.Options);

    // Phrases that start with a verb: "killing two", "shot five times", "shot his commander twice", "hit by three bullets".
    private static readonly Regex CasualtyVerb = new($"""
        \G(?:
          (?<killing>(?:killed|killing|kills|shot\s+dead|shooting\s+dead|murdered|murdering)\s+{FactRules.About}{Range}\b{NotMeasure})
        | (?<wounding>(?:wounding|injuring|wounded|injured)\s+{FactRules.About}{Range}\b{NotMeasure})
        | (?<shot>shot\s+(?:(?!(?:and|or|but|while|after|before|dead)\b)[\w'’-]+\s+){"{0,4}"}?(?:at\s+least\s+|about\s+|some\s+|more\s+than\s+)?(?:(?<n>{CasualtyNumber})\s+times|(?<twice>twice)))
        | (?<hit>(?:hit|struck|riddled)\s+(?:by|with)\s+{FactRules.About}(?<n>{CasualtyNumber})\s+(?:bullets|gunshots|rounds))
        )
        """, FactRules.Options);

    private static readonly Regex FireNearby = new(@"\b(?:fire|fired|firing|shoot|shooting|shot)\b", FactRules.Options);

    public static void Add(string s, in WordIndex words, List<string> found)
    {
        foreach (var m in FactRules.Find(s, words, 3, Head, Prefix))
        {
            if (Casualty(m, s) is { } phrase && !found.Contains(phrase) && found.Count < 6)
                found.Add(phrase);
        }
    }

    // Casualty phrases start at a verb ("killing two", "shot twice") or at a number a casualty word soon follows ("two were killed", "40 rounds").
    private static Regex? Head(string s, in WordIndex words, int i)
    {
        if (words.Is(i, WordClass.CasualtyVerb))
            return CasualtyVerb;
        if (!char.IsDigit(s[words.Start(i)]) && !words.Is(i, WordClass.Number))
            return null;
        for (var k = i + 1; k < words.Count && k <= i + 6; k++)
        {
            if (words.Is(k, WordClass.CasualtyEnd))
                return CasualtyCount;
        }

        return null;
    }

    private static bool Prefix(string s, in WordIndex words, int i) => words.Is(i, WordClass.About);

    private static string? Casualty(Match m, string s)
    {
        var g = m.Groups;
        if (g["twice"].Success)
            return "shot 2 times";
        var range = RangeText(g["n"], g["n2"]);
        if (range is null)
            return null;
        if (g["killed"].Success || g["killing"].Success)
            return range + " killed";
        if (g["wounded"].Success || g["wounding"].Success)
            return range + " wounded";
        if (g["shot"].Success || g["hit"].Success || g["gsw"].Success)
            return $"shot {range} times";
        if (g["warn"].Success)
            return range + " warning shots";
        if (!g["what"].Value.StartsWith("round", StringComparison.OrdinalIgnoreCase))
        {
            // "shots" and "bullets" count only when the text is about firing them.
            var from = Math.Max(0, m.Index - 60);
            var to = Math.Min(s.Length, m.Index + m.Length + 40);
            if (!FireNearby.IsMatch(s.AsSpan(from, to - from)))
                return null;
        }

        return range + " rounds fired";
    }

    private static string? RangeText(Group n, Group n2)
    {
        if (!n.Success || !FactRules.TryNumber(n.Value, out var low) || low <= 0)
            return null;
        if (n2.Success && FactRules.TryNumber(n2.Value, out var high) && high > low)
            return $"{low}-{high}";
        return low.ToString(CultureInfo.InvariantCulture);
    }
}
