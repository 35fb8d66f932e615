using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>Ranks and roles in order of first mention, normalised to lower case; the longest reading wins: "staff sergeant", "border guard", "nco".</summary>
internal static class RankFacts
{
    private static readonly Regex Pattern = new("""
        \G(?:(?<abbr>(?-i:Lt\.?\s*Gen\.|Lt\.\s*Col\.|Maj\.\s*Gen\.|Brig\.\s*Gen\.|Staff\s+Sgt\.|Lt\.|Col\.|Gen\.|Maj\.|Capt\.|Sgt\.|Cpl\.|Pvt\.|Pfc\.)(?=\s+(?-i:[A-Z])))
        | \b(?<r>lieutenant[\s-]+general|major[\s-]+general|brigadier[\s-]+general|lieutenant[\s-]+colonel|senior\s+colonel|colonel
          | (?:second|2nd)\s+lieutenant|(?:first|1st)\s+lieutenant|senior\s+lieutenant|junior\s+lieutenant|lieutenant
          | captain|staff\s+sergeant|master\s+sergeant|sergeant[\s-]+major|sergeant|lance\s+corporal|corporal
          | private\s+first\s+class|private
          | non-?commissioned\s+officers?|(?-i:NCOs?)
          | border\s+(?:patrol\s+|security\s+)?guards?
          | pilots?|officers?|major|general)\b)
        """, FactRules.Options);

    public static void Add(string s, in WordIndex words, List<string> ranks)
    {
        foreach (var m in FactRules.Find(s, words, 3, Head, Prefix))
        {
            var rank = m.Groups["abbr"].Success ? Abbreviation(m.Groups["abbr"].Value) : NormaliseRank(m.Groups["r"].Value);
            if (rank is not null && RankFits(rank, m, s) && !ranks.Contains(rank))
                ranks.Add(rank);
        }
    }

    private static Regex? Head(string s, in WordIndex words, int i) => words.Is(i, WordClass.RankHead) ? Pattern : null;

    private static bool Prefix(string s, in WordIndex words, int i) => words.Is(i, WordClass.RankPrefix);

    private static string? Abbreviation(string value)
    {
        var key = string.Concat(value.Where(char.IsLetter)).ToLowerInvariant();
        return key switch
        {
            "ltgen" => "lieutenant general",
            "ltcol" => "lieutenant colonel",
            "majgen" => "major general",
            "briggen" => "brigadier general",
            "staffsgt" => "staff sergeant",
            "lt" => "lieutenant",
            "col" => "colonel",
            "gen" => "general",
            "maj" => "major",
            "capt" => "captain",
            "sgt" => "sergeant",
            "cpl" => "corporal",
            "pvt" => "private",
            "pfc" => "private first class",
            _ => null,
        };
    }

    private static string NormaliseRank(string value)
    {
        var words = value.ToLowerInvariant().Replace('-', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var rank = string.Join(' ', words);
        if (rank.StartsWith("non", StringComparison.Ordinal) || rank is "nco" or "ncos")
            return "nco";
        if (rank.StartsWith("border", StringComparison.Ordinal))
            return "border guard";
        rank = rank switch
        {
            "2nd lieutenant" => "second lieutenant",
            "1st lieutenant" => "first lieutenant",
            _ => rank,
        };
        return rank.EndsWith('s') ? rank[..^1] : rank;
    }

    /// <summary>Words that are ranks only in some uses: "a major defection", "a general outpost", "a private company", "a pilot project", "police officers".</summary>
    private static bool RankFits(string rank, Match m, string s)
    {
        if (m.Groups["abbr"].Success)
            return true;
        var next = FactRules.NextWord(s, m.Index + m.Length);
        var previous = FactRules.PreviousWord(s, m.Index);
        switch (rank)
        {
            case "major":
            case "general":
            {
                var capitalised = char.IsUpper(s[m.Index]);
                var previousCapitalised = previous.Length > 0 && char.IsUpper(previous[0]) && !FactRules.IsSentenceStart(s, m.Index);
                if (previousCapitalised && !previous.Equals("Korean", StringComparison.Ordinal) && !previous.Equals("KPA", StringComparison.Ordinal))
                    return false; // "Reconnaissance General Bureau", "Secretary General"
                if (capitalised && next.Length > 0 && char.IsUpper(next[0]))
                    return !NameFacts.NeverInName(next) && !next.Equals("Staff", StringComparison.Ordinal) && !next.Equals("Political", StringComparison.Ordinal)
                        && !next.Equals("Reconnaissance", StringComparison.Ordinal) && !next.Equals("Assembly", StringComparison.Ordinal);
                return previous.ToLowerInvariant() is "a" or "the" or "korean" or "kpa" or "army" or "former" or "retired" or "four-star" or "three-star" or "two-star" or "one-star" or "star" or "senior"
                    && next.ToLowerInvariant() is "" or "who" or "was" or "is" or "in" or "of" or "from" or "with" or "at" or "and" or "had" or "has" or "said" or "named" or "surnamed";
            }
            case "private":
                // "a North Korean private, ..." or "Private Kim", not "a private company" or "in private".
                return !previous.Equals("in", StringComparison.OrdinalIgnoreCase)
                    && (next.Length == 0 || char.IsUpper(next[0])
                        || next.ToLowerInvariant() is "who" or "was" or "from" or "with" or "named" or "surnamed" or "and" or "aged" or "serving");
            case "pilot":
                return next.ToLowerInvariant() is not ("program" or "programme" or "project" or "scheme" or "study" or "phase" or "test" or "plant" or "run" or "zone" or "light" or "whale" or "episode" or "training");
            case "officer":
                return previous.ToLowerInvariant() is not ("police" or "customs" or "immigration" or "prison" or "correctional" or "probation" or "press" or "information"
                    or "executive" or "compliance" or "loan" or "operating" or "financial" or "technology" or "medical" or "parole" or "welfare" or "affairs" or "consular");
            default:
                return true;
        }
    }
}
