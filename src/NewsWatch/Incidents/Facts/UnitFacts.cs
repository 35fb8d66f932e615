using System.Text.RegularExpressions;

namespace NewsWatch.Incidents;

/// <summary>Units as written, in order of first mention: "45th Division", "12th Brigade", "Reconnaissance General Bureau".</summary>
internal static class UnitFacts
{
    private static readonly Regex Pattern = new("""
        \G(?:\b(?<u>(?:[0-9]{1,3}(?:st|nd|rd|th)|(?-i:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth))
            \s+(?:(?:(?-i:[A-Z][a-z]+)|infantry|border|security|guard|patrol|mechani[sz]ed|artillery|armou?red|special|light|reconnaissance|engineering
                 |construction|coastal|marine|naval|air|sniper|training|tank|rocket|missile|defen[cs]e|operations|forces|navy|military)\s+){0,3}?
            (?:Division|Corps|Brigade|Regiment|Battalion|Company|Platoon|Squadron|Fleet|Army|Detachment|Wing)s?)\b
        | \b(?<u>Reconnaissance\s+General\s+Bureau|General\s+Reconnaissance\s+Bureau|Storm\s+Corps|Lightning\s+Corps|(?:Supreme\s+)?Guard\s+Command
            |Ministry\s+of\s+State\s+Security|State\s+Security\s+(?:Department|Ministry|Agency)|Ministry\s+of\s+(?:People['’]s|Social)\s+Security
            |People['’]s\s+Safety\s+Ministry|Military\s+Security\s+(?:Command|Bureau)|General\s+Political\s+Bureau|General\s+Staff\s+Department
            |Special\s+Operations?\s+Forces|Border\s+Security\s+Command|Border\s+Guard\s+Command|Bureau\s+121|(?:Military\s+)?Unit\s+(?:No\.\s*)?[0-9]{3,6}
            |border\s+(?:guard|security|patrol)\s+(?:brigade|regiment|battalion|company)s?)\b)
        """, FactRules.Options);

    public static void Add(string s, in WordIndex words, List<string> units)
    {
        foreach (var m in FactRules.Find(s, words, 5, Head, Prefix))
        {
            var unit = string.Join(' ', m.Groups["u"].Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (!units.Contains(unit, StringComparer.OrdinalIgnoreCase))
                units.Add(unit);
        }
    }

    private static Regex? Head(string s, in WordIndex words, int i) => words.Is(i, WordClass.UnitHead) ? Pattern : null;

    // Ordinals ("45th"), capitalised words ("Border Security"), and the service words that join them.
    private static bool Prefix(string s, in WordIndex words, int i) =>
        char.IsUpper(s[words.Start(i)]) || char.IsDigit(s[words.Start(i)]) || words.Is(i, WordClass.UnitPrefix);
}
