using System.Text.RegularExpressions;
using NewsWatch.Text;

namespace NewsWatch.Incidents;

/// <summary>
/// Personal names, in order of first mention, Korean given names in "Thae Yong Ho" form; never places, leaders named in every story,
/// officials and commentators, bylines or pseudonyms. Precision over recall: a wrong name would join unrelated stories.
/// </summary>
internal static class NameFacts
{
    // Surname, then a hyphenated given name, two one-syllable given names, or one two-syllable given name: "Thae Yong-ho", "Oh Chong Song".
    private static readonly Regex KoreanNameRegex = new(
        @"\G(?<![\w'’.-])(?<sur>(?-i:[A-Z][a-z]{0,4}))[ \u00A0]+(?<g1>(?-i:[A-Z][a-z]{0,5}))(?:(?<hy>-)(?<g2>[A-Za-z][a-z]{0,5})|[ \u00A0]+(?<g2>(?-i:[A-Z][a-z]{0,5})))?(?![\w-]|['’](?!s\b))",
        FactRules.Options & ~RegexOptions.IgnoreCase);

    // First name, optional middle name or initial, surname: "Yuriy Butusov".
    private static readonly Regex WesternNameRegex = new(
        @"\G(?<![\w'’.-])(?<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \u00A0]+(?:(?<mid>[A-Z]\.|[A-Z][a-z]+)[ \u00A0]+)?(?<last>(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-]|['’](?!s\b))",
        FactRules.Options & ~RegexOptions.IgnoreCase);

    private static readonly Regex SyllableRegex = new(
        @"^(?:kk|tt|pp|ss|jj|ch|ts|sh|ph|th|kh|[gknmdrlbsjchptwy])?(?:y|w)?(?:ae|ai|eo|eu|ee|oe|oo|ou|ui|a|e|i|o|u|ŏ|ŭ)(?:ng|n|m|l|k|p|t|r|g|b|d|ck|s)?$",
        FactRules.Options & ~RegexOptions.IgnorePatternWhitespace);

    // Leaders and heads of state named in nearly every story, and Korean-looking strings that are not people.
    private static readonly HashSet<string> Ubiquitous = new(StringComparer.OrdinalIgnoreCase)
    {
        "kimjongun", "kimjongil", "kimilsung", "kimyojong", "kimjongsuk", "risolju", "kimhyongjik", "kimhyungjik", "kimjongnam",
        "moonjaein", "yoonsukyeol", "yoonsukyoel", "leejaemyung", "leejaemyeong", "parkgeunhye", "leemyungbak", "leemyoungbak",
        "rohmoohyun", "kimdaejung", "kimyoungsam", "rohtaewoo", "chundoohwan", "parkchunghee", "syngmanrhee",
        "vladimirputin", "volodymyrzelensky", "volodymyrzelenskyy", "volodymyrzelenskiy", "donaldtrump", "joebiden", "barackobama",
        "xijinping", "shinzoabe", "sergeishoigu", "sergeylavrov", "sergeilavrov", "mikepompeo", "georgebush", "billclinton", "hillaryclinton",
        "kamalaharris", "antonyblinken", "fumiokishida", "yoshihidesuga", "emmanuelmacron", "borisjohnson", "angelamerkel", "keirstarmer",
        "andreibelousov", "andreybelousov", "valerygerasimov",
    };

    // A role before a name that makes the person a fixture of many stories rather than of this one: officials, commentators, bylines.
    private static readonly HashSet<string> OfficialRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "president", "minister", "premier", "spokesman", "spokeswoman", "spokesperson", "secretary", "chairman", "chairwoman", "chancellor",
        "leader", "editor", "correspondent", "reporter", "writer", "columnist", "anchor", "host", "presenter", "official", "officials",
        "speaker", "governor", "mayor", "negotiator", "analyst", "expert", "professor", "researcher", "scholar", "fellow",
        "commentator", "director", "chief", "adviser", "advisor",
    };

    // Titles skipped when looking for the role before a name: "JCS spokesman Col. Lee ...", "Maj. Gen. Koo ...".
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "Col", "Gen", "Maj", "Lt", "Capt", "Sgt", "Cpl", "Pvt", "Pfc", "Brig", "Adm", "Rep", "Sen", "Mr", "Mrs", "Ms", "Dr", "Prof",
        "Col.", "Gen.", "Maj.", "Lt.", "Capt.", "Sgt.", "Cpl.", "Pvt.", "Pfc.", "Brig.", "Adm.", "Rep.", "Sen.", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.",
    };

    // Capitalised words that are never part of a personal name.
    private static readonly HashSet<string> NotNameWords = new(
    [
        .. MonthNames.English,
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "north", "south", "east", "west", "korea", "korean", "koreans",
        "china", "chinese", "russia", "russian", "ukraine", "ukrainian", "japan", "japanese", "united", "states", "nations", "command", "ministry",
        "army", "navy", "force", "forces", "people", "party", "news", "times", "post", "daily", "herald", "agency", "service", "council", "security",
        "defense", "defence", "unification", "joint", "chiefs", "staff", "intelligence", "national", "institute", "university", "center", "centre",
        "line", "river", "sea", "island", "province", "county", "city", "general", "president", "minister", "the", "and", "of", "for", "in", "on",
        "at", "to", "from", "with", "by", "as", "but", "a", "an", "is", "was", "he", "she", "they", "it", "this", "that", "his", "her", "their",
        "bureau", "department", "office", "committee", "assembly", "court", "police", "radio", "television", "tv", "online", "press", "media",
        "reuters", "yonhap", "street", "square", "bridge", "station", "airport", "port", "camp", "zone", "area", "district", "village", "town",
        "free", "asia", "voice", "america", "world", "international", "global", "journal", "review", "weekly", "monthly", "magazine", "network",
        "institution", "foundation", "association", "union", "group", "company", "corporation", "bank", "church", "school", "academy", "hospital",
        "mr", "mrs", "ms", "dr", "sir", "lord", "saint", "st", "mount", "mt", "lake", "fort", "new", "old", "great", "little", "upper", "lower",
    ], StringComparer.OrdinalIgnoreCase);

    private static readonly Regex Pseudonym = new(@"^\s*[(,]\s*(?:a|not\s+(?:his|her|their)\s+real)\s+(?:pseudonym|name)|^\s*\(\s*pseudonym|^\s*\(\s*not\s+(?:his|her)\s+real\s+name", FactRules.Options);
    private static readonly Regex OfficialAfter = new(
        @"^\s*(?:,\s*(?:(?:who|the|a|an)\s+)?[^,.;:()]{0,60}?\b(?:spokes\w*|speaks\s+for|minister|president|secretary|chairman|chairwoman|premier|official|analyst|expert
            |professor|researcher|scholar|fellow|commentator|director|chief|adviser|advisor)\b|\s+(?:of|at|from)\s+the\s+(?:[\w&'’-]+\s+){0,5}?(?:institute|forum|university|center|centre|foundation|think\s+tank)\b)",
        FactRules.Options);

    /// <summary>Whether a capitalised word is never part of a personal name ("Korea", "Ministry", "March").</summary>
    public static bool NeverInName(string word) => NotNameWords.Contains(word);

    public static void Add(string s, in WordIndex words, Gazetteer gazetteer, List<string> names)
    {
        var lastEnd = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var start = words.Start(i);
            var word = words.Word(s, i);
            if (start < lastEnd || !char.IsUpper(word[0]))
                continue;
            Match? m = null;
            string? name = null;
            if (words.Is(i, WordClass.Surname))
            {
                m = KoreanNameRegex.Match(s, start);
                name = m.Success ? KoreanName(m) : null;
            }

            if (name is null && (words.Is(i, WordClass.FirstName) || i > 0 && words.Is(i - 1, WordClass.PersonRole)))
            {
                m = WesternNameRegex.Match(s, start);
                name = m.Success ? WesternName(m) : null;
            }

            if (name is null || m is null)
                continue;
            lastEnd = m.Index + m.Length;
            if (Acceptable(name, m, s, gazetteer) && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
                names.Add(name);
        }
    }

    private static string? KoreanName(Match m)
    {
        var surname = m.Groups["sur"].Value;
        if ((FactWords.Of(surname) & WordClass.Surname) == 0)
            return null;
        var g1 = m.Groups["g1"].Value;
        var g2 = m.Groups["g2"];
        if (g2.Success)
        {
            if (!IsSyllable(g1) || !IsSyllable(g2.Value))
                return null;
            return $"{surname} {g1} {Capitalise(g2.Value)}";
        }

        // One given-name word: only a two-syllable one ("Thae Yongho"); "Kim Jong" alone is not a name.
        if (g1.Length < 4 || !IsTwoSyllables(g1))
            return null;
        return $"{surname} {g1}";
    }

    private static string? WesternName(Match m)
    {
        var first = m.Groups["first"].Value;
        var last = m.Groups["last"].Value;
        var mid = m.Groups["mid"];
        if (NotNameWords.Contains(first) || NotNameWords.Contains(last) || mid.Success && NotNameWords.Contains(mid.Value.TrimEnd('.')))
            return null;
        // A middle initial is dropped so that "Travis T. King" and "Travis King" meet.
        return mid.Success && mid.Value.Length > 2 ? $"{first} {mid.Value} {last}" : $"{first} {last}";
    }

    private static bool Acceptable(string name, Match m, string s, Gazetteer gazetteer)
    {
        var key = name.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (Ubiquitous.Contains(key))
            return false;
        var end = m.Index + m.Length;
        // Part of a longer proper noun: "Kim Il Sung Square", "Kim Hyung Jik County".
        var next = FactRules.NextWord(s, end);
        if (next.Length > 0 && char.IsUpper(next[0]) && end < s.Length && s[end] == ' ')
            return false;
        var after = s.AsSpan(end, Math.Min(80, s.Length - end));
        if (Pseudonym.IsMatch(after) || OfficialAfter.IsMatch(after))
            return false;
        var before = m.Index;
        var role = TokenBefore(s, before);
        for (var k = 0; k < 3 && Titles.Contains(role); k++)
        {
            before = s.LastIndexOf(role, before - 1, StringComparison.Ordinal);
            role = before > 0 ? TokenBefore(s, before) : "";
        }

        if (OfficialRoles.Contains(role.TrimEnd('.')))
            return false;
        // A byline: "By Kim Min Ji" at the start of a line.
        if (role == "By" && s.LastIndexOf(role, Math.Max(before - 1, 0), StringComparison.Ordinal) is var by and >= 0 && FactRules.IsSentenceStart(s, by))
            return false;
        return !gazetteer.IsPlaceName(name);
    }

    /// <summary>The word before a name, past spaces and a comma, with its full stop: "spokesman", "Mr.", "Rep.".</summary>
    private static string TokenBefore(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && (s[i] == ' ' || s[i] == '\u00A0' || s[i] == ','))
            i--;
        var end = i + 1;
        if (i >= 0 && s[i] == '.')
            i--;
        while (i >= 0 && char.IsLetter(s[i]))
            i--;
        return s[(i + 1)..end];
    }

    private static bool IsSyllable(string word) => word.Length <= 6 && SyllableRegex.IsMatch(word.ToLowerInvariant());

    private static bool IsTwoSyllables(string word)
    {
        var lower = word.ToLowerInvariant();
        for (var i = 1; i < lower.Length; i++)
        {
            if (SyllableRegex.IsMatch(lower[..i]) && SyllableRegex.IsMatch(lower[i..]))
                return true;
        }

        return false;
    }

    private static string Capitalise(string word) =>
        word.Length == 0 || char.IsUpper(word[0]) ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
