using System.Globalization;
using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>The facts one report states about its event.</summary>
/// <param name="People">How many people defected, fled or were involved ("two soldiers" → 2, "a North Korean soldier" → 1); null if not stated.</param>
/// <param name="Ranks">Ranks and roles, lower case: "staff sergeant", "senior colonel", "border guard", "pilot", "nco".</param>
/// <param name="Units">Units as written: "45th Division", "Reconnaissance General Bureau", "Storm Corps".</param>
/// <param name="Casualties">Short phrases joined by "; ": "2 killed", "3 wounded", "shot 5 times", "40 rounds fired", "20 warning shots".</param>
/// <param name="Route">The gazetteer route id.</param>
/// <param name="Names">Personal names, Korean given names in "Thae Yong Ho" form; never places, organisations, months, outlets,
/// leaders named in every story, spokespeople, or pseudonyms.</param>
internal sealed record ReportFacts(
    EventDate EventDate,
    IReadOnlyList<PlaceMention> Places,
    int? People,
    IReadOnlyList<string> Ranks,
    IReadOnlyList<string> Units,
    string? Casualties,
    string? Route,
    IReadOnlyList<string> Names);

/// <summary>Extracts a report's facts from its headline and text by rules and the gazetteer. Thread-safe; no state between calls.</summary>
internal sealed class FactExtractor(Gazetteer gazetteer)
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
        | RegexOptions.ExplicitCapture | RegexOptions.IgnorePatternWhitespace;

    private const string NumberWord = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a\\s+dozen|dozen";
    private const string About = @"(?:(?:about|around|roughly|some|nearly|almost|approximately|at\s+least|more\s+than|over|up\s+to|as\s+many\s+as)\s+)?";

    // ---- people -------------------------------------------------------------------------------------------------

    private static readonly Regex PeopleRegex = new($"""
        \G\b(?:
            {About}(?<n>[0-9]{"{1,3}"}(?:,[0-9]{"{3}"})+|[0-9]{"{1,5}"}|{NumberWord})
          | (?<one>an?|a\s+lone|a\s+single|lone|one)
          | a\s+(?<pair>pair|couple)\s+of
          | a\s+(?<trio>trio)\s+of
          | a\s+(?:group|team|band|squad|total)\s+of\s+{About}(?<n>[0-9]{"{1,3}"}(?:,[0-9]{"{3}"})+|[0-9]{"{1,5}"}|{NumberWord})
        )
        \s+(?<adj>(?:(?:(?:North|N\.|South|S\.)\s+Korean|Korean|Chinese|Russian|(?:heavily\s+)?armed|unarmed|young|male|female|low[\s-]ranking|high[\s-]ranking|senior|junior|former|active[\s-]duty|serving|rogue|hungry|starving|front[\s-]?line|elite|enlisted|border|security|military|army|KPA|navy|naval|air\s+force|special\s+forces|[0-9]{"{1,2}"}-year-old|teenage|captured|fleeing|defecting|AWOL|deserting|runaway|escaped)[\s,]+){"{0,3}"})
        (?<noun>soldiers?|troops|servicem[ae]n|(?:border\s+(?:patrol\s+|security\s+)?)?guards?|defectors?|deserters?|escapees?|men|man|woman|women|people|persons?|individuals?
              |North\s+Koreans|N\.\s+Koreans|fishermen|fisherman|crew\s*members?|crewmen|crew|sailors?|officers?|civilians?|pilots?|diplomats?|residents?|workers?
              |privates?|sergeants?|colonels?|lieutenants?|captains?|refugees?|POWs?|prisoners\s+of\s+war|prisoners?|captives?|agents?
              |North\s+Korean(?=\s+(?:who|that|was|has|had|is|crossed|defected|fled|taken|detained|arrested|caught|rescued|found|held|captured)\b|\s*[,.]))
        \b(?<fromnk>\s+from\s+(?:North\s+Korea|the\s+North)\b)?(?![\s-]+(?:posts?|stations?|units?|towers?|duty|houses?|dogs?|quarters|barracks|camps?|lines?|boats?|vessels?|ships?|officials?|facilit\w+|command|compan(?:y|ies)|uniforms?|rations?|famil(?:y|ies)|force|forces|patrols?|service)\b)
        """, Options);

    // ---- ranks --------------------------------------------------------------------------------------------------

    private static readonly Regex RankRegex = new("""
        \G(?:(?<abbr>(?-i:Lt\.?\s*Gen\.|Lt\.\s*Col\.|Maj\.\s*Gen\.|Brig\.\s*Gen\.|Staff\s+Sgt\.|Lt\.|Col\.|Gen\.|Maj\.|Capt\.|Sgt\.|Cpl\.|Pvt\.|Pfc\.)(?=\s+(?-i:[A-Z])))
        | \b(?<r>lieutenant[\s-]+general|major[\s-]+general|brigadier[\s-]+general|lieutenant[\s-]+colonel|senior\s+colonel|colonel
          | (?:second|2nd)\s+lieutenant|(?:first|1st)\s+lieutenant|senior\s+lieutenant|junior\s+lieutenant|lieutenant
          | captain|staff\s+sergeant|master\s+sergeant|sergeant[\s-]+major|sergeant|lance\s+corporal|corporal
          | private\s+first\s+class|private
          | non-?commissioned\s+officers?|(?-i:NCOs?)
          | border\s+(?:patrol\s+|security\s+)?guards?
          | pilots?|officers?|major|general)\b)
        """, Options);

    // ---- units --------------------------------------------------------------------------------------------------

    private static readonly Regex UnitRegex = new("""
        \G(?:\b(?<u>(?:[0-9]{1,3}(?:st|nd|rd|th)|(?-i:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth))
            \s+(?:(?:(?-i:[A-Z][a-z]+)|infantry|border|security|guard|patrol|mechani[sz]ed|artillery|armou?red|special|light|reconnaissance|engineering
                 |construction|coastal|marine|naval|air|sniper|training|tank|rocket|missile|defen[cs]e|operations|forces|navy|military)\s+){0,3}?
            (?:Division|Corps|Brigade|Regiment|Battalion|Company|Platoon|Squadron|Fleet|Army|Detachment|Wing)s?)\b
        | \b(?<u>Reconnaissance\s+General\s+Bureau|General\s+Reconnaissance\s+Bureau|Storm\s+Corps|Lightning\s+Corps|(?:Supreme\s+)?Guard\s+Command
            |Ministry\s+of\s+State\s+Security|State\s+Security\s+(?:Department|Ministry|Agency)|Ministry\s+of\s+(?:People['’]s|Social)\s+Security
            |People['’]s\s+Safety\s+Ministry|Military\s+Security\s+(?:Command|Bureau)|General\s+Political\s+Bureau|General\s+Staff\s+Department
            |Special\s+Operations?\s+Forces|Border\s+Security\s+Command|Border\s+Guard\s+Command|Bureau\s+121|(?:Military\s+)?Unit\s+(?:No\.\s*)?[0-9]{3,6}
            |border\s+(?:guard|security|patrol)\s+(?:brigade|regiment|battalion|company)s?)\b)
        """, Options);

    // ---- casualties ---------------------------------------------------------------------------------------------

    private const string CasualtyNumber = "[0-9]{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty";
    private const string Range = $@"(?<n>{CasualtyNumber})(?:\s*(?:-|–|to|or)\s*(?<n2>{CasualtyNumber}))?";
    private const string NotMeasure = @"(?!\s*(?:years?|times?|days?|hours?|minutes?|km|kilomet\w+|miles?|met\w+|percent|%|a\.m|p\.m|am|pm|rounds?|shots?|bullets?)\b)";

    // Phrases that start with a number: "two soldiers were killed", "6-7 dead", "three wounded", "40 rounds", "five gunshot wounds".
    private static readonly Regex CasualtyCount = new($"""
        \G(?:
          (?<killed>{About}{Range}\s+(?:(?!(?:and|or|but|while|after|before)\b)[\w'’-]+\s+){"{0,3}"}?(?:(?:(?:were|was|have\s+been|had\s+been|are|being)\s+(?:killed|shot\s+dead))|dead|died|killed(?=\s*(?:[,.;:)]|$)|\s+(?:in|on|at|when|and|after|by|during|while|as|including)\b))\b)
        | (?<wounded>{About}{Range}\s+(?:(?!(?:and|or|but|while|after|before)\b)[\w'’-]+\s+){"{0,3}"}?(?:(?:were|was|have\s+been|had\s+been|are|being)\s+)?(?:wounded|injured|hurt)\b)
        | (?<gsw>(?<n>{CasualtyNumber})\s+gunshot\s+wounds)
        | (?<rounds>{About}(?<n>{CasualtyNumber})\s+(?<warn>warning\s+)?(?<what>rounds|shots|bullets|gunshots)\b(?!\s+of\b))
        )
        """, Options);

    // Phrases that start with a verb: "killing two", "shot five times", "shot his commander twice", "hit by three bullets".
    private static readonly Regex CasualtyVerb = new($"""
        \G(?:
          (?<killing>(?:killed|killing|kills|shot\s+dead|shooting\s+dead|murdered|murdering)\s+{About}{Range}\b{NotMeasure})
        | (?<wounding>(?:wounding|injuring|wounded|injured)\s+{About}{Range}\b{NotMeasure})
        | (?<shot>shot\s+(?:(?!(?:and|or|but|while|after|before|dead)\b)[\w'’-]+\s+){"{0,4}"}?(?:at\s+least\s+|about\s+|some\s+|more\s+than\s+)?(?:(?<n>{CasualtyNumber})\s+times|(?<twice>twice)))
        | (?<hit>(?:hit|struck|riddled)\s+(?:by|with)\s+{About}(?<n>{CasualtyNumber})\s+(?:bullets|gunshots|rounds))
        )
        """, Options);

    private static readonly Regex FireNearby = new(@"\b(?:fire|fired|firing|shoot|shooting|shot)\b", Options);

    // ---- names --------------------------------------------------------------------------------------------------

    // Surname, then a hyphenated given name, two one-syllable given names, or one two-syllable given name: "Thae Yong-ho", "Oh Chong Song".
    private static readonly Regex KoreanNameRegex = new(
        @"\G(?<![\w'’.-])(?<sur>(?-i:[A-Z][a-z]{0,4}))[ \u00A0]+(?<g1>(?-i:[A-Z][a-z]{0,5}))(?:(?<hy>-)(?<g2>[A-Za-z][a-z]{0,5})|[ \u00A0]+(?<g2>(?-i:[A-Z][a-z]{0,5})))?(?![\w-]|['’](?!s\b))",
        Options & ~RegexOptions.IgnoreCase);

    // First name, optional middle name or initial, surname: "Yuriy Butusov".
    private static readonly Regex WesternNameRegex = new(
        @"\G(?<![\w'’.-])(?<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)[ \u00A0]+(?:(?<mid>[A-Z]\.|[A-Z][a-z]+)[ \u00A0]+)?(?<last>(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-]|['’](?!s\b))",
        Options & ~RegexOptions.IgnoreCase);

    private static readonly Regex SyllableRegex = new(
        @"^(?:kk|tt|pp|ss|jj|ch|ts|sh|ph|th|kh|[gknmdrlbsjchptwy])?(?:y|w)?(?:ae|ai|eo|eu|ee|oe|oo|ou|ui|a|e|i|o|u|ŏ|ŭ)(?:ng|n|m|l|k|p|t|r|g|b|d|ck|s)?$",
        Options & ~RegexOptions.IgnorePatternWhitespace);

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
    private static readonly HashSet<string> NotNameWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
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
    };

    private static readonly Regex Pseudonym = new(@"^\s*[(,]\s*(?:a|not\s+(?:his|her|their)\s+real)\s+(?:pseudonym|name)|^\s*\(\s*pseudonym|^\s*\(\s*not\s+(?:his|her)\s+real\s+name", Options);
    private static readonly Regex OfficialAfter = new(
        @"^\s*(?:,\s*(?:(?:who|the|a|an)\s+)?[^,.;:()]{0,60}?\b(?:spokes\w*|speaks\s+for|minister|president|secretary|chairman|chairwoman|premier|official|analyst|expert
            |professor|researcher|scholar|fellow|commentator|director|chief|adviser|advisor)\b|\s+(?:of|at|from)\s+the\s+(?:[\w&'’-]+\s+){0,5}?(?:institute|forum|university|center|centre|foundation|think\s+tank)\b)",
        Options);

    // A count ("two", "20", "a", "lone") heads a people phrase when a people noun follows within seven words.
    private static Regex? PeopleHead(string s, in WordIndex words, int i)
    {
        if (!char.IsDigit(s[words.Start(i)]) && !words.Is(i, WordClass.Number | WordClass.PeopleCount))
            return null;
        for (var k = i + 1; k < words.Count && k <= i + 7; k++)
        {
            if (words.Is(k, WordClass.PeopleHead))
                return PeopleRegex;
        }

        return null;
    }

    private static bool PeoplePrefix(string s, in WordIndex words, int i) => words.Is(i, WordClass.About);

    private static Regex? RankHead(string s, in WordIndex words, int i) => words.Is(i, WordClass.RankHead) ? RankRegex : null;

    private static bool RankPrefix(string s, in WordIndex words, int i) => words.Is(i, WordClass.RankPrefix);

    private static Regex? UnitHead(string s, in WordIndex words, int i) => words.Is(i, WordClass.UnitHead) ? UnitRegex : null;

    // Ordinals ("45th"), capitalised words ("Border Security"), and the service words that join them.
    private static bool UnitPrefix(string s, in WordIndex words, int i) =>
        char.IsUpper(s[words.Start(i)]) || char.IsDigit(s[words.Start(i)]) || words.Is(i, WordClass.UnitPrefix);

    // Casualty phrases start at a verb ("killing two", "shot twice") or at a number a casualty word soon follows ("two were killed", "40 rounds").
    private static Regex? CasualtyHead(string s, in WordIndex words, int i)
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

    private static bool CasualtyPrefix(string s, in WordIndex words, int i) => words.Is(i, WordClass.About);

    private static List<Match> Find(string s, in WordIndex words, int wordsBack, FactPatterns.HeadTest head, FactPatterns.PrefixTest prefix,
        int max = int.MaxValue, Func<Match, bool>? accept = null)
    {
        var into = new List<Match>();
        FactPatterns.Matches(s, words, wordsBack, head, prefix, into, max, accept);
        return into;
    }

    public ReportFacts Extract(string title, string text, DateTimeOffset published, DatePrecision publishedPrecision)
    {
        title ??= "";
        text ??= "";
        using var titleWords = WordIndex.Of(title);
        using var textWords = WordIndex.Of(text);
        var (places, route) = gazetteer.Find(title, titleWords, text, textWords);
        var ranks = new List<string>();
        var units = new List<string>();
        var casualties = new List<string>();
        var names = new List<string>();
        foreach (var (s, words) in new[] { (title, titleWords), (text, textWords) })
        {
            AddRanks(s, words, ranks);
            AddUnits(s, words, units);
            AddCasualties(s, words, casualties);
            AddNames(s, words, names);
        }

        return new ReportFacts(
            EventDates.Resolve(title, titleWords, text, textWords, published, publishedPrecision),
            places,
            People(title, titleWords) ?? People(text, textWords),
            ranks,
            units,
            casualties.Count == 0 ? null : string.Join("; ", casualties),
            route,
            names);
    }

    /// <summary>The first stated head count: "two soldiers", "a North Korean soldier", "some 20 border guards", "a trio of soldiers".</summary>
    internal static int? People(string s)
    {
        using var words = WordIndex.Of(s);
        return People(s, words);
    }

    private static int? People(string s, in WordIndex words) =>
        Find(s, words, 6, PeopleHead, PeoplePrefix, max: 1, accept: m => Count(m) is not null) is [var first] ? Count(first) : null;

    private static int? Count(Match m)
    {
        var noun = m.Groups["noun"].Value.ToLowerInvariant();
        var plural = IsPlural(noun);
        if (m.Groups["one"].Success)
        {
            if (plural)
                return null;
            // "a man", "a resident" are too loose on their own; "a North Korean man" is not.
            if (noun is "man" or "woman" or "person" or "individual" or "resident" or "worker" or "prisoner" or "agent" or "captive" or "civilian" or "officer" or "crew"
                && !m.Groups["adj"].Value.Contains("Korean", StringComparison.OrdinalIgnoreCase) && !m.Groups["fromnk"].Success)
                return null;
            return 1;
        }

        if (m.Groups["pair"].Success)
            return 2;
        if (m.Groups["trio"].Success)
            return 3;
        var digits = m.Groups["n"].Value;
        if (!TryNumber(digits, out var count) || count == 0)
            return null;
        if (count >= 1000)
            return null; // a year ("in 2016 troops ...") or a statistic ("30,000 defectors", "11,000 troops")
        return count == 1 || plural ? count : null;
    }

    private static bool IsPlural(string noun) =>
        noun.EndsWith('s') || noun.EndsWith("men", StringComparison.Ordinal) || noun is "people" or "crew" || noun.EndsWith(" war", StringComparison.Ordinal);

    /// <summary>Ranks and roles in order of first mention, normalised to lower case; the longest reading wins.</summary>
    internal static IReadOnlyList<string> Ranks(string s)
    {
        using var words = WordIndex.Of(s);
        var ranks = new List<string>();
        AddRanks(s, words, ranks);
        return ranks;
    }

    private static void AddRanks(string s, in WordIndex words, List<string> ranks)
    {
        foreach (var m in Find(s, words, 3, RankHead, RankPrefix))
        {
            var rank = m.Groups["abbr"].Success ? Abbreviation(m.Groups["abbr"].Value) : NormaliseRank(m.Groups["r"].Value);
            if (rank is not null && RankFits(rank, m, s) && !ranks.Contains(rank))
                ranks.Add(rank);
        }
    }

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
        var next = NextWord(s, m.Index + m.Length);
        var previous = PreviousWord(s, m.Index);
        switch (rank)
        {
            case "major":
            case "general":
            {
                var capitalised = char.IsUpper(s[m.Index]);
                var previousCapitalised = previous.Length > 0 && char.IsUpper(previous[0]) && !IsSentenceStart(s, m.Index);
                if (previousCapitalised && !previous.Equals("Korean", StringComparison.Ordinal) && !previous.Equals("KPA", StringComparison.Ordinal))
                    return false; // "Reconnaissance General Bureau", "Secretary General"
                if (capitalised && next.Length > 0 && char.IsUpper(next[0]))
                    return !NotNameWords.Contains(next) && !next.Equals("Staff", StringComparison.Ordinal) && !next.Equals("Political", StringComparison.Ordinal)
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

    private static bool IsSentenceStart(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && (s[i] == ' ' || s[i] == '"' || s[i] == '“' || s[i] == '\'' || s[i] == '‘'))
            i--;
        return i < 0 || s[i] is '.' or '!' or '?' or '\n' or ':' or '—';
    }

    private static string NextWord(string s, int index)
    {
        var i = index;
        while (i < s.Length && s[i] == ' ')
            i++;
        var start = i;
        while (i < s.Length && (char.IsLetter(s[i]) || s[i] == '-'))
            i++;
        return s[start..i];
    }

    private static string PreviousWord(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && s[i] == ' ')
            i--;
        var end = i + 1;
        while (i >= 0 && (char.IsLetter(s[i]) || s[i] == '-'))
            i--;
        return s[(i + 1)..end];
    }

    /// <summary>Units as written, in order of first mention: "45th Division", "12th Brigade", "Reconnaissance General Bureau".</summary>
    internal static IReadOnlyList<string> Units(string s)
    {
        using var words = WordIndex.Of(s);
        var units = new List<string>();
        AddUnits(s, words, units);
        return units;
    }

    private static void AddUnits(string s, in WordIndex words, List<string> units)
    {
        foreach (var m in Find(s, words, 5, UnitHead, UnitPrefix))
        {
            var unit = string.Join(' ', m.Groups["u"].Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (!units.Contains(unit, StringComparer.OrdinalIgnoreCase))
                units.Add(unit);
        }
    }

    /// <summary>Killed, wounded, shots and rounds, as short phrases joined by "; ", in order of mention.</summary>
    internal static string? Casualties(string s)
    {
        using var words = WordIndex.Of(s);
        var found = new List<string>();
        AddCasualties(s, words, found);
        return found.Count == 0 ? null : string.Join("; ", found);
    }

    private static void AddCasualties(string s, in WordIndex words, List<string> found)
    {
        foreach (var m in Find(s, words, 3, CasualtyHead, CasualtyPrefix))
        {
            if (Casualty(m, s) is { } phrase && !found.Contains(phrase) && found.Count < 6)
                found.Add(phrase);
        }
    }

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
        if (!n.Success || !TryNumber(n.Value, out var low) || low <= 0)
            return null;
        if (n2.Success && TryNumber(n2.Value, out var high) && high > low)
            return $"{low}-{high}";
        return low.ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryNumber(string value, out int number)
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

    /// <summary>Personal names, in order of first mention. Precision over recall: a wrong name would join unrelated stories.</summary>
    internal IReadOnlyList<string> Names(string s)
    {
        using var words = WordIndex.Of(s);
        var names = new List<string>();
        AddNames(s, words, names);
        return names;
    }

    private void AddNames(string s, in WordIndex words, List<string> names)
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
            if (Acceptable(name, m, s) && !names.Contains(name, StringComparer.OrdinalIgnoreCase))
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

    private bool Acceptable(string name, Match m, string s)
    {
        var key = name.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (Ubiquitous.Contains(key))
            return false;
        var end = m.Index + m.Length;
        // Part of a longer proper noun: "Kim Il Sung Square", "Kim Hyung Jik County".
        var next = NextWord(s, end);
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
        if (role == "By" && s.LastIndexOf(role, Math.Max(before - 1, 0), StringComparison.Ordinal) is var by and >= 0 && IsSentenceStart(s, by))
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

/// <summary>What a word can be to the fact rules (several at once: "one" is a number and may start a date phrase).</summary>
[Flags]
internal enum WordClass
{
    None = 0,
    Month = 1 << 0,
    Weekday = 1 << 1,
    DateRelative = 1 << 2,
    DatePrefix = 1 << 3,
    PeopleHead = 1 << 4,
    PeopleCount = 1 << 5,
    RankHead = 1 << 6,
    RankPrefix = 1 << 7,
    UnitHead = 1 << 8,
    UnitPrefix = 1 << 9,
    CasualtyVerb = 1 << 10,
    CasualtyEnd = 1 << 11,
    About = 1 << 12,
    Number = 1 << 13,
    Surname = 1 << 14,
    FirstName = 1 << 15,
    PersonRole = 1 << 16,
}

/// <summary>The word lists of the fact rules, merged into one table of folded words so that each word of a text is looked up once.</summary>
internal static class FactWords
{
    private static readonly FoldedTable<WordClass> Classes = new(Build());

    public static WordClass Of(ReadOnlySpan<char> word) => Of(word, Fold.Hash(word));

    public static WordClass Of(ReadOnlySpan<char> word, uint hash) => Classes.TryGet(word, hash, out var c) ? c : WordClass.None;

    private static Dictionary<string, WordClass> Build()
    {
        var classes = new Dictionary<string, WordClass>(StringComparer.Ordinal);
        // Month names and abbreviations (a capital is required in the text).
        Add(classes, WordClass.Month,
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Jan", "Feb",
            "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec");
        Add(classes, WordClass.Weekday,
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
        // Words that end a relative date phrase: "yesterday", "last week", "three days ago".
        Add(classes, WordClass.DateRelative,
            "yesterday", "today", "tonight", "night", "morning", "afternoon", "evening", "week", "weekend", "month", "year", "ago");
        // Words that may stand before a head inside a date phrase ("on or about the 23rd", "in early March", "three weeks ago").
        Add(classes, WordClass.DatePrefix,
            "on", "or", "about", "around", "by", "from", "after", "before", "until", "till", "since", "of", "as", "the", "in", "during", "last",
            "this", "next", "past", "early", "mid", "late", "earlier", "later", "end", "beginning", "middle", "between", "through", "throughout",
            "spring", "summer", "autumn", "fall", "winter", "a", "an", "few", "couple", "several", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve", "day", "days", "week", "weeks", "month", "months", "year", "years");
        // Nouns a head count is about.
        Add(classes, WordClass.PeopleHead,
            "soldier", "soldiers", "troops", "serviceman", "servicemen", "guard", "guards", "defector", "defectors", "deserter", "deserters",
            "escapee", "escapees", "men", "man", "woman", "women", "people", "person", "persons", "individual", "individuals", "Koreans", "Korean",
            "fishermen", "fisherman", "crew", "crewmen", "sailor", "sailors", "officer", "officers", "civilian", "civilians", "pilot", "pilots",
            "diplomat", "diplomats", "resident", "residents", "worker", "workers", "private", "privates", "sergeant", "sergeants", "colonel",
            "colonels", "lieutenant", "lieutenants", "captain", "captains", "refugee", "refugees", "POW", "POWs", "prisoner", "prisoners", "captive",
            "captives", "agent", "agents");
        // Counts that are not numbers: "a soldier", "a lone soldier".
        Add(classes, WordClass.PeopleCount,
            "a", "an", "lone", "single", "dozen");
        // Words a rank phrase turns on.
        Add(classes, WordClass.RankHead,
            "general", "colonel", "lieutenant", "captain", "sergeant", "major", "corporal", "private", "officer", "officers", "NCO", "NCOs",
            "noncommissioned", "non", "guard", "guards", "pilot", "pilots", "Lt", "Gen", "Col", "Maj", "Brig", "Capt", "Sgt", "Staff", "Cpl", "Pvt",
            "Pfc");
        // Words that may precede them in a rank: "staff sergeant", "second lieutenant".
        Add(classes, WordClass.RankPrefix,
            "lieutenant", "major", "brigadier", "senior", "second", "2nd", "first", "1st", "junior", "staff", "master", "sergeant", "lance",
            "private", "non", "commissioned", "noncommissioned", "border", "patrol", "security", "Lt", "Maj", "Brig");
        // Words a unit name ends with.
        Add(classes, WordClass.UnitHead,
            "Division", "Divisions", "Corps", "Brigade", "Brigades", "Regiment", "Regiments", "Battalion", "Battalions", "Company", "Companies",
            "Platoon", "Platoons", "Squadron", "Squadrons", "Fleet", "Fleets", "Army", "Armies", "Detachment", "Detachments", "Wing", "Wings",
            "Bureau", "Command", "Security", "Department", "Ministry", "Agency", "Forces", "Unit", "Units");
        // Lower-case words that may stand inside a unit name: "border security brigade".
        Add(classes, WordClass.UnitPrefix,
            "infantry", "border", "security", "guard", "patrol", "mechanized", "mechanised", "artillery", "armored", "armoured", "special", "light",
            "reconnaissance", "engineering", "construction", "coastal", "marine", "naval", "air", "sniper", "training", "tank", "rocket", "missile",
            "defense", "defence", "operations", "operation", "forces", "navy", "military", "of", "s", "No");
        // Verbs a casualty phrase starts with: "killing two", "shot twice".
        Add(classes, WordClass.CasualtyVerb,
            "killed", "killing", "kills", "shot", "shooting", "murdered", "murdering", "wounding", "injuring", "wounded", "injured", "hit", "struck",
            "riddled");
        // Words that end a number-first casualty phrase, at most five words after the number.
        Add(classes, WordClass.CasualtyEnd,
            "killed", "dead", "died", "wounded", "injured", "hurt", "bullets", "rounds", "shots", "gunshots", "gunshot");
        // Approximations before a number: "about 20", "more than 40".
        Add(classes, WordClass.About,
            "about", "around", "roughly", "some", "nearly", "almost", "approximately", "at", "least", "more", "than", "over", "up", "to", "as", "many");
        // Number words.
        Add(classes, WordClass.Number,
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
            "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty");
        // Korean surnames (a capital is required in the text).
        Add(classes, WordClass.Surname,
            "Kim", "Gim", "Lee", "Yi", "Ri", "Rhee", "Rhie", "Park", "Pak", "Bak", "Choi", "Choe", "Chwe", "Jung", "Jeong", "Chung", "Chong", "Kang",
            "Gang", "Cho", "Jo", "Joe", "Yoon", "Yun", "Jang", "Chang", "Lim", "Im", "Rim", "Han", "Oh", "Seo", "Suh", "Shin", "Sin", "Kwon", "Gwon",
            "Hwang", "Ahn", "An", "Song", "Ryu", "Yu", "Yoo", "Hong", "Jeon", "Jun", "Chon", "Chun", "Ko", "Koh", "Go", "Moon", "Mun", "Yang", "Son",
            "Sohn", "Bae", "Pae", "Baek", "Paek", "Paik", "Heo", "Hur", "Huh", "Nam", "Noh", "Roh", "Ro", "Ha", "Kwak", "Sung", "Seong", "Cha",
            "Joo", "Ju", "Chu", "Choo", "Woo", "Min", "Na", "Ra", "Jin", "Ji", "Chi", "Eom", "Um", "Chae", "Won", "Bang", "Pang", "Pyo", "Byun",
            "Pyon", "Yeo", "Tak", "Thae", "Tae", "Hyon", "Hyun", "Kye", "Gye", "Maeng", "Gil", "Kil", "Ok", "Wang", "Bong", "Sim", "Shim", "Ryom",
            "Yeom", "Myong", "Ku", "Koo", "Gu", "Kong", "Gong", "Yeon", "Yon", "Ryang", "Rho", "Kum", "Geum", "Ryo", "Pyun", "Seol", "Sol", "Mo",
            "Tong", "Dong", "Hahn");
        // Common first names of people writing or written about in English (a capital is required).
        Add(classes, WordClass.FirstName,
            "Aaron", "Adam", "Adrian", "Alan", "Albert", "Alex", "Alexander", "Alexandr", "Alexei", "Alexey", "Alice", "Alison", "Amanda", "Amy",
            "Andrea", "Andrei", "Andrew", "Andrey", "Andriy", "Angela", "Ann", "Anna", "Anne", "Anthony", "Anton", "Antonio", "Arthur", "Barbara",
            "Ben", "Benjamin", "Bernard", "Boris", "Brad", "Brian", "Bruce", "Bryan", "Carl", "Carlos", "Caroline", "Catherine", "Charles",
            "Charlotte", "Chris", "Christian", "Christina", "Christine", "Christopher", "Claire", "Colin", "Craig", "Dan", "Daniel", "Daniela",
            "David", "Dennis", "Denis", "Diana", "Dmitri", "Dmitriy", "Dmitry", "Donald", "Douglas", "Edward", "Elena", "Elizabeth", "Emily", "Emma",
            "Eric", "Erik", "Eugene", "Evgeny", "Fyodor", "Gary", "George", "Georgy", "Gerald", "Gordon", "Greg", "Gregory", "Hannah", "Harry",
            "Heather", "Helen", "Henry", "Howard", "Hugh", "Hans", "Igor", "Ivan", "Jack", "Jacob", "James", "Jamie", "Jane", "Janet", "Jason",
            "Jean", "Jeff", "Jeffrey", "Jennifer", "Jeremy", "Jessica", "Jim", "Joan", "Joe", "Joel", "John", "Jonathan", "Jon", "Joseph", "Josh",
            "Joshua", "Judith", "Julia", "Julian", "Julie", "Justin", "Karen", "Katherine", "Kathleen", "Keith", "Kenneth", "Kevin", "Kirill",
            "Kyle", "Larry", "Laura", "Lauren", "Lawrence", "Leonid", "Linda", "Lisa", "Louis", "Lucy", "Luke", "Maria", "Marie", "Mario", "Martin",
            "Mary", "Matthew", "Max", "Maxim", "Melissa", "Michael", "Michel", "Michelle", "Mike", "Mikhail", "Mykola", "Mykhailo", "Nancy",
            "Natalia", "Nathan", "Neil", "Nicholas", "Nick", "Nicole", "Nikita", "Nikolai", "Nikolay", "Oleg", "Oleh", "Oleksandr", "Oleksiy",
            "Olga", "Oliver", "Pamela", "Patrick", "Paul", "Pavel", "Pavlo", "Peter", "Petro", "Philip", "Phillip", "Pierre", "Rachel", "Ralph",
            "Raymond", "Rebecca", "Richard", "Robert", "Roger", "Roman", "Ronald", "Ruslan", "Russell", "Ryan", "Samuel", "Sarah", "Scott", "Sean",
            "Serhiy", "Sergei", "Sergey", "Sergiy", "Simon", "Sophie", "Stanislav", "Stephanie", "Stephen", "Steve", "Steven", "Susan", "Taras",
            "Thomas", "Timothy", "Todd", "Tom", "Tony", "Valentin", "Valery", "Valeriy", "Vasily", "Vasyl", "Viktor", "Vitaliy", "Vitaly",
            "Vladimir", "Vladislav", "Volodymyr", "Walter", "Wayne", "William", "Yaroslav", "Yevgeny", "Yuri", "Yuriy", "Yury", "Zachary", "Hiroshi",
            "Jiro", "Taro", "Kenji", "Yuki", "Akira", "Takeshi");
        // A role before a non-Korean name that marks it as a person even when the first name is not a common one.
        Add(classes, WordClass.PersonRole,
            "journalist", "blogger", "analyst", "researcher", "professor", "scholar", "expert", "producer", "director", "lawmaker", "legislator",
            "commander", "activist", "defector", "soldier", "officer", "pilot", "diplomat", "ambassador", "envoy", "general", "colonel",
            "lieutenant", "captain", "sergeant", "private", "major", "author", "filmmaker", "photographer", "volunteer", "lawyer", "attorney",
            "judge", "pastor", "missionary", "Mr", "Mrs", "Ms", "Dr", "Prof", "Rep", "Sen", "Gen", "Col", "Lt", "Capt", "Sgt", "Maj", "Pvt");
        return classes;
    }

    private static void Add(Dictionary<string, WordClass> classes, WordClass c, params string[] words)
    {
        foreach (var word in words)
        {
            var key = Fold.Of(word);
            classes[key] = classes.GetValueOrDefault(key) | c;
        }
    }
}

/// <summary>
/// The words of a text (runs of letters and digits): offsets, folded hash and word classes, found in one pass and
/// shared by every rule and the gazetteer. Pooled: dispose it.
/// </summary>
internal struct WordIndex : IDisposable
{
    private const int Stride = 4; // start, end, hash, class

    private static readonly bool[] AsciiWordChar = Enumerable.Range(0, 128).Select(c => char.IsAsciiLetterOrDigit((char)c)).ToArray();

    private int[] _data;

    public int Count { get; private set; }

    public readonly int Start(int i) => _data[Stride * i];

    public readonly int End(int i) => _data[Stride * i + 1];

    public readonly uint Hash(int i) => (uint)_data[Stride * i + 2];

    public readonly WordClass Class(int i) => (WordClass)_data[Stride * i + 3];

    public readonly bool Is(int i, WordClass c) => (_data[Stride * i + 3] & (int)c) != 0;

    public readonly ReadOnlySpan<char> Word(string s, int i) => s.AsSpan(_data[Stride * i], _data[Stride * i + 1] - _data[Stride * i]);

    public static bool IsWordChar(char c) => c < 128 ? AsciiWordChar[c] : char.IsLetterOrDigit(c);

    public static WordIndex Of(string s)
    {
        var data = System.Buffers.ArrayPool<int>.Shared.Rent(Stride * (s.Length / 2 + 1));
        var count = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (!IsWordChar(s[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var hash = Fold.Seed;
            while (i < s.Length && IsWordChar(s[i]))
                hash = Fold.Step(hash, s[i++]);
            data[Stride * count] = start;
            data[Stride * count + 1] = i;
            data[Stride * count + 2] = (int)hash;
            data[Stride * count + 3] = i - start > 15 ? 0 : (int)FactWords.Of(s.AsSpan(start, i - start), hash);
            count++;
        }

        return new WordIndex { _data = data, Count = count };
    }

    public void Dispose()
    {
        if (_data is not null)
            System.Buffers.ArrayPool<int>.Shared.Return(_data);
        _data = null!;
    }
}

/// <summary>Folding of words for comparison (lower case, accents stripped: "Panmunjŏm" = "panmunjom") and a hash of the folded word.</summary>
internal static class Fold
{
    public const uint Seed = 2166136261;

    private static readonly char[] Table = BuildTable();

    public static char Char(char c) => c < Table.Length ? Table[c] : char.ToLowerInvariant(c);

    public static uint Step(uint hash, char c) => (hash ^ Char(c)) * 16777619;

    public static uint Hash(ReadOnlySpan<char> word)
    {
        var hash = Seed;
        foreach (var c in word)
            hash = Step(hash, c);
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

/// <summary>An open-addressing table of folded words, looked up by a text word and its <see cref="Fold.Hash"/> without allocating.</summary>
internal sealed class FoldedTable<T>
{
    private readonly string?[] _keys;
    private readonly uint[] _hashes;
    private readonly T[] _values;
    private readonly int _mask;

    /// <param name="items">Folded keys (see <see cref="Fold.Of"/>), each once.</param>
    public FoldedTable(IEnumerable<KeyValuePair<string, T>> items)
    {
        var list = items.ToList();
        var size = 16;
        while (size < list.Count * 3)
            size *= 2;
        _keys = new string?[size];
        _hashes = new uint[size];
        _values = new T[size];
        _mask = size - 1;
        foreach (var (key, value) in list)
        {
            var hash = Fold.Hash(key);
            var slot = (int)(hash & (uint)_mask);
            while (_keys[slot] is not null)
            {
                if (_keys[slot] == key)
                    throw new ArgumentException($"'{key}' appears twice", nameof(items));
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _hashes[slot] = hash;
            _values[slot] = value;
        }
    }

    public bool TryGet(ReadOnlySpan<char> word, uint hash, out T value)
    {
        for (var slot = (int)(hash & (uint)_mask); _keys[slot] is { } key; slot = (slot + 1) & _mask)
        {
            if (_hashes[slot] == hash && Fold.Equal(word, key))
            {
                value = _values[slot];
                return true;
            }
        }

        value = default!;
        return false;
    }
}

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
