using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>How many people a report says defected, fled or were involved: "two soldiers", "a North Korean soldier", "some 20 border guards".</summary>
internal static class PeopleFacts
{
    private const string NumberWord = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a\\s+dozen|dozen";

    private static readonly Regex Pattern = new($"""
        \G\b(?:
            {FactRules.About}(?<n>[0-9]{"{1,3}"}(?:,[0-9]{"{3}"})+|[0-9]{"{1,5}"}|{NumberWord})
          | (?<one>an?|a\s+lone|a\s+single|lone|one)
          | a\s+(?<pair>pair|couple)\s+of
          | a\s+(?<trio>trio)\s+of
          | a\s+(?:group|team|band|squad|total)\s+of\s+{FactRules.About}(?<n>[0-9]{"{1,3}"}(?:,[0-9]{"{3}"})+|[0-9]{"{1,5}"}|{NumberWord})
        )
        \s+(?<adj>(?:(?:(?:North|N\.|South|S\.)\s+Korean|Korean|Chinese|Russian|(?:heavily\s+)?armed|unarmed|young|male|female|low[\s-]ranking|high[\s-]ranking|senior|junior|former|active[\s-]duty|serving|rogue|hungry|starving|front[\s-]?line|elite|enlisted|border|security|military|army|KPA|navy|naval|air\s+force|special\s+forces|[0-9]{"{1,2}"}-year-old|teenage|captured|fleeing|defecting|AWOL|deserting|runaway|escaped)[\s,]+){"{0,3}"})
        (?<noun>soldiers?|troops|servicem[ae]n|(?:border\s+(?:patrol\s+|security\s+)?)?guards?|defectors?|deserters?|escapees?|men|man|woman|women|people|persons?|individuals?
              |North\s+Koreans|N\.\s+Koreans|fishermen|fisherman|crew\s*members?|crewmen|crew|sailors?|officers?|civilians?|pilots?|diplomats?|residents?|workers?
              |privates?|sergeants?|colonels?|lieutenants?|captains?|refugees?|POWs?|prisoners\s+of\s+war|prisoners?|captives?|agents?
              |North\s+Korean(?=\s+(?:who|that|was|has|had|is|crossed|defected|fled|taken|detained|arrested|caught|rescued|found|held|captured)\b|\s*[,.]))
        \b(?<fromnk>\s+from\s+(?:North\s+Korea|the\s+North)\b)?(?![\s-]+(?:posts?|stations?|units?|towers?|duty|houses?|dogs?|quarters|barracks|camps?|lines?|boats?|vessels?|ships?|officials?|facilit\w+|command|compan(?:y|ies)|uniforms?|rations?|famil(?:y|ies)|force|forces|patrols?|service)\b)
        """, FactRules.Options);

    /// <summary>The first stated head count, or null.</summary>
    public static int? First(string s, in WordIndex words) =>
        FactRules.Find(s, words, 6, Head, Prefix, max: 1, accept: m => Count(m) is not null) is [var first] ? Count(first) : null;

    // A count ("two", "20", "a", "lone") heads a people phrase when a people noun follows within seven words.
    private static Regex? Head(string s, in WordIndex words, int i)
    {
        if (!char.IsDigit(s[words.Start(i)]) && !words.Is(i, WordClass.Number | WordClass.PeopleCount))
            return null;
        for (var k = i + 1; k < words.Count && k <= i + 7; k++)
        {
            if (words.Is(k, WordClass.PeopleHead))
                return Pattern;
        }

        return null;
    }

    private static bool Prefix(string s, in WordIndex words, int i) => words.Is(i, WordClass.About);

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
        if (!FactRules.TryNumber(digits, out var count) || count == 0)
            return null;
        if (count >= 1000)
            return null; // a year ("in 2016 troops ...") or a statistic ("30,000 defectors", "11,000 troops")
        return count == 1 || plural ? count : null;
    }

    private static bool IsPlural(string noun) =>
        noun.EndsWith('s') || noun.EndsWith("men", StringComparison.Ordinal) || noun is "people" or "crew" || noun.EndsWith(" war", StringComparison.Ordinal);
}
