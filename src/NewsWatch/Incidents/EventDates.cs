using System.Globalization;
using System.Text.RegularExpressions;
using NewsWatch.Text;

namespace NewsWatch.Incidents;

internal enum DatePrecision { Day, Week, Month, Year }

/// <summary>An event date as an interval: Earliest..Latest inclusive. Evidence: the phrase it came from ("on Monday", "last month", "published").</summary>
internal readonly record struct EventDate(DateOnly Earliest, DateOnly Latest, DatePrecision Precision, string Evidence)
{
    public DateOnly Midpoint => DateOnly.FromDayNumber(Earliest.DayNumber + (Latest.DayNumber - Earliest.DayNumber) / 2);

    /// <summary>True when the two intervals overlap once each is widened by <paramref name="slackDays"/> on both sides.</summary>
    public bool Overlaps(EventDate other, int slackDays) =>
        Earliest.DayNumber - slackDays <= other.Latest.DayNumber + slackDays
        && other.Earliest.DayNumber - slackDays <= Latest.DayNumber + slackDays;
}

/// <summary>
/// Finds when the event a report tells of happened, from the date phrases in its headline and text, relative to its publication.
/// Rules, in short:
/// <list type="bullet">
/// <item>Every date phrase is a candidate: "June 23", "21 December 2017", "on the 23rd", "on Monday", "yesterday", "last week",
/// "earlier this month", "in March", "March 2015", "last year", "in 2015", "three weeks ago". Dates without a year are the most
/// recent such date not after publication (a day's grace for time zones); weekdays the most recent such day on or before it.</item>
/// <item>Phrases about something else are dropped: after "born", "since", "until", "by", "founded", "opened"; "next ..."; dates after publication.</item>
/// <item>The report's own news is preferred to when it was told: a day given as the day someone "said", "told", "reported" or
/// "announced" something, or a dateline ("SEOUL, July 29 (Yonhap) --"), ranks below a day given any other way.</item>
/// <item>Ranking: a day or week, then a reported day, then a month or year read relative to publication ("in March", "last month",
/// "last year"), then a month or year given with its year ("March 2015", "in 2015"); within a rank the first phrase (headline first) wins.</item>
/// <item>When publication is only known to the month or year, phrases that depend on the exact publication day ("on Monday")
/// come after all others, and resolve to every day they could mean; a named month or day without a year ("in November",
/// "October 2") is the most recent one not after the end of the publication month or year.</item>
/// </list>
/// </summary>
internal static class EventDates
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
        | RegexOptions.ExplicitCapture | RegexOptions.IgnorePatternWhitespace;

    private const string Day = @"(?<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])";
    private const string Year = @"(?<year>(?:19|20)[0-9]{2})(?![0-9])";
    private const string Part = @"(?<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of|middle\s+of)";
    private const string Count = @"(?<n>[0-9]{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|a\s+couple\s+of|couple\s+of|few|several)";

    // "May" keeps its capital even where case is ignored: "may" is mostly a verb.
    private static readonly string Month =
        "(?<mon>" + string.Join('|', MonthNames.English.Select(name => name == "May" ? "(?-i:May)" : name).Concat(MonthNames.EnglishAbbreviations)) + @")\b\.?";

    // Each pattern is tried only at the words just before a head word of its kind (see Head), anchored there by \G.
    private static readonly Regex MonthPhrase = new($"""
        \G(?:
          (?<md>{Month}\s*{Day}\b(?:,?\s+{Year})?)
        | (?<dm>{Day}\s+(?:of\s+)?{Month}(?:,?\s+{Year})?)
        | (?<my>(?:{Part}[\s-]+(?:in\s+)?)?{Month},?\s+(?:of\s+)?{Year})
        | (?<mo>(?<pre>in|during|last|this|since|until|till|by|of|from|early|mid|late|between|through)(?:[\s-]+(?<part>early|mid|late))?[\s-]+(?:in\s+)?{Month}(?!\.?\s*[0-9]))
        )
        """, Options);

    private static readonly Regex YearPhrase = new($"""
        \G(?:
          (?<iso>(?<year>(?:19|20)[0-9]{"{2}"})-(?<mm>0[1-9]|1[0-2])-(?<day>0[1-9]|[12][0-9]|3[01])\b)
        | (?<yr>(?<pre>in|during|since|until|till|by|of|from|throughout|early|mid|late|spring|summer|autumn|fall|winter)(?:[\s-]+(?<part>early|mid|late))?[\s-]+(?:of\s+)?{Year}(?!\s*(?:%|percent)|[-–/][0-9]))
        )
        """, Options);

    private static readonly Regex RelativePhrase = new($"""
        \G(?:
          (?<ago>{Count}\s+(?<unit>day|week|month|year)s?\s+ago\b)
        | (?<yday>(?:the\s+day\s+before\s+yesterday|yesterday|last\s+night)\b)
        | (?<today>(?:earlier\s+today|today|tonight|this\s+(?:morning|afternoon|evening))\b)
        | (?<rel>(?:(?<part>earlier|early|late|later)\s+)?(?<which>this|last|next|past)\s+(?<unit>weekend|week|month|year)\b)
        )
        """, Options);

    private static readonly Regex WeekdayPhrase = new(
        @"\G(?<wd>(?:(?<pre>last|this|next|past|since|until|by)\s+)?(?:on\s+)?(?<wday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)",
        Options);

    // "on the 23rd", but not "the 12th Brigade", "the 25th Border Security Brigade" or "the 23rd anniversary".
    private static readonly Regex OrdinalPhrase = new("""
        \G(?<ord>(?<pre>on\s+or\s+about|on|around|about|by|from|after|before|until|till|since|of|as\s+of)\s+the\s+(?<day>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)\b
           (?![\s-]+(?:(?-i:[A-Z][a-z])|(?:anniversar\w*|birthday|century|divisions?|corps|brigades?|regiments?|battalions?|compan(?:y|ies)|platoons?|squadrons?
               |fleets?|army|party|congress|plenary|session|meeting|round|floor|grade|place|time|times|day|year|infantry|border|units?|straight
               |consecutive|largest|biggest|most|members?|annual|edition|amendment|parallel|street|avenue|district|precinct|percentile|minute)\b)))
        """, Options);

    private const int WordsBeforeHead = 4;

    // A phrase right after these is about something else: a birth, a start or end of a span, a founding, a deadline.
    private static readonly Regex SkipBefore = new(
        @"\b(?:born|founded|established|opened|since|until|till|deadline|starting|effective|expires?|due|scheduled|planned|slated|anniversary\s+of)\s+(?:(?:on|in|at|for|from|around)\s+)?(?:the\s+)?$",
        Options);

    // "said on Monday", "told Daily NK on the 4th", "said in a statement on Friday", "reported Tuesday", "announced on Friday (".
    private static readonly Regex ReportedBefore = new(
        @"\b(?:said|says|say|told|tells|reported|reports|announced|announces|confirmed|confirms|stated|disclosed|revealed|added|noted|wrote|writes|posted|quoted
            |briefed|learned|broadcast|aired|published|released|unveiled|spoke|speaking|talked|talking|made\s+public|statement|briefing|conference|interview|interviewed)
          (?:\s+(?:reporters|journalists|lawmakers|media|outlets|sources?|officials?|a|an|the|its|his|her|their|in|at|on|during|to|by|with|press|news|statement
            |briefing|conference|interview|local|state|late|early|(?-i:[A-Z][\w.&'’-]*))){0,4}
          \s*(?:,\s*)?(?:on\s+)?(?:\(\s*)?$",
        Options);

    // "On Monday, officials said", "Friday (Jul 4) said".
    private static readonly Regex ReportedAfter = new(
        @"^\s*(?:\([^)]{0,20}\)\s*)?,?\s*(?:(?:the|a|an|officials?|military|ministry|sources?|agency|government|authorities|police|spokes\w+|(?-i:[A-Z][\w.&'’-]*))\s+){0,4}(?:said|says|told|announced|reported|confirmed|stated|disclosed|revealed)\b",
        Options);

    // A dateline: "SEOUL, July 29 (Yonhap) --", "Seoul (AFP) June 24, 2017".
    private static readonly Regex DatelineBefore = new(@"^\s*(?:(?-i:[A-Z])[\w .,'’/-]{0,40}?)?(?<paren>\([^)]{1,40}\))?[\s,:]*$", Options);

    private static readonly Regex DatelineAfter = new(@"^\s*(?:\([^)]{1,40}\)\s*)?(?:--|—|–|-|:|\r?\n|$)", Options);

    // A sentence that tells of an earlier event: "on November 13, another soldier was shot", "the previous defection".
    private static readonly Regex Background = new(
        @"\b(?:another|previous|previously|prior|last\s+such|similar|the\s+last\s+time|the\s+first\s+since|follows|followed|came\s+after|comes\s+after|before\s+that|in\s+a\s+separate)\b",
        Options);

    /// <summary>
    /// Resolves the date of the event the text reports, relative to the publication time. A 'YYYY-MM' publication has
    /// Month precision (the instant being the 1st of the month), a 'YYYY' one Year precision. When the text names no date,
    /// the publication interval, with Evidence "published".
    /// </summary>
    public static EventDate Resolve(string title, string text, DateTimeOffset published, DatePrecision publishedPrecision)
    {
        title ??= "";
        text ??= "";
        using var titleWords = WordIndex.Of(title);
        using var textWords = WordIndex.Of(text);
        return Resolve(title, titleWords, text, textWords, published, publishedPrecision);
    }

    /// <summary>As <see cref="Resolve(string, string, DateTimeOffset, DatePrecision)"/>, with the words already found.</summary>
    internal static EventDate Resolve(string title, in WordIndex titleWords, string text, in WordIndex textWords, DateTimeOffset published, DatePrecision publishedPrecision)
    {
        var (pubStart, pubEnd) = PublicationInterval(published, publishedPrecision);
        Candidate? best = null;
        Scan(title, titleWords, 0, isTitle: true, pubStart, pubEnd, publishedPrecision, ref best);
        Scan(text, textWords, 1, isTitle: false, pubStart, pubEnd, publishedPrecision, ref best);
        return best is { } b
            ? new EventDate(b.Earliest, b.Latest, b.Precision, b.Evidence)
            : new EventDate(pubStart, pubEnd, publishedPrecision, "published");
    }

    internal static (DateOnly Start, DateOnly End) PublicationInterval(DateTimeOffset published, DatePrecision precision)
    {
        // A day is read in UTC; a month or a year is a label, read as written.
        var day = precision == DatePrecision.Day ? DateOnly.FromDateTime(published.UtcDateTime) : DateOnly.FromDateTime(published.DateTime);
        return precision switch
        {
            DatePrecision.Day => (day, day),
            DatePrecision.Week => (day, day.AddDays(6)),
            DatePrecision.Month => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month))),
            _ => (new DateOnly(day.Year, 1, 1), new DateOnly(day.Year, 12, 31)),
        };
    }

    private static void Scan(string s, in WordIndex words, int part, bool isTitle, DateOnly pubStart, DateOnly pubEnd, DatePrecision pubPrecision, ref Candidate? best)
    {
        if (s.Length == 0 || best is { Rank: 0 })
            return;
        var scan = new DateScan(s, part, isTitle, pubStart, pubEnd, pubPrecision, best);
        FactPatterns.Matches(s, words, WordsBeforeHead, Head, IsPrefix, (m, pattern) => scan.Take(m, pattern));
        best = scan.Best;
    }

    /// <summary>Weighs the date phrases of one text in order; stops once nothing later can win.</summary>
    private sealed class DateScan(string s, int part, bool isTitle, DateOnly pubStart, DateOnly pubEnd, DatePrecision pubPrecision, Candidate? best)
    {
        public Candidate? Best { get; private set; } = best;

        /// <summary>Weighs one phrase; false when the scan can stop (an unreported day or week has been found: nothing later beats it).</summary>
        public bool Take(Match m, Regex pattern)
        {
            if (Parse(m, pattern) is not { } p)
                return true;
            // Phrases relative to the day of publication resolve from its first and its last possible day; a named month
            // ("October 2", "in November") is the most recent one not after the end of the publication interval.
            var relative = p.Kind is Kind.Weekday or Kind.Ordinal or Kind.Ago or Kind.Yesterday or Kind.Today or Kind.Relative;
            if (!TryResolve(p, relative ? pubStart : pubEnd, out var a) || !TryResolve(p, pubEnd, out var b))
                return true;
            // A date after publication is a plan or a mistake, not the event.
            if (a.From > pubEnd.AddDays(1))
                return true;
            var exact = a == b;
            var precise = a.Precision is DatePrecision.Day or DatePrecision.Week;
            var rank = (precise ? 0 : a.Relative ? 2 : 3) + (exact ? 0 : 10);
            // The context checks below only ever make a phrase rank lower; skip them when it cannot win anyway.
            if (Best is { } current && current.Rank <= rank)
                return true;
            if (Skipped(p, m, s))
                return true;
            if (exact && a.Precision == DatePrecision.Day && p.Kind is Kind.MonthDay or Kind.Iso && IsBackground(m, s, a.From, pubStart))
                return true;
            if (precise && (IsReported(m, s) || !isTitle && IsDateline(m, s)))
            {
                rank++;
                if (Best is { } other && other.Rank <= rank)
                    return true;
            }

            var from = a.From < b.From ? a.From : b.From;
            var to = a.To > b.To ? a.To : b.To;
            var precision = exact ? a.Precision : (DatePrecision)Math.Max((int)a.Precision, (int)pubPrecision);
            if (to > pubEnd && from <= pubEnd && !(exact && precision == DatePrecision.Day))
                to = pubEnd;
            if (to < from)
                to = from;
            Best = new Candidate(rank, part, m.Index, from, to, precision, Evidence(m));
            return rank != 0;
        }
    }

    private enum Kind { Iso, MonthDay, MonthYear, Month, Year, Ago, Yesterday, Today, Relative, Weekday, Ordinal }

    /// <summary>A date phrase read once from its match: what kind it is and its parts, lower-cased.</summary>
    private readonly record struct Phrase(Kind Kind, int Year, int Month, int Day, string Pre, string? Part, string Unit, string Which, int Low, int High);

    private static Phrase? Parse(Match m, Regex pattern)
    {
        var g = m.Groups;
        var pre = g["pre"] is { Success: true } p ? p.Value.ToLowerInvariant() : "";
        var part = PartOf(g["part"]);
        if (pattern == MonthPhrase)
        {
            var month = MonthNames.Number(g["mon"].ValueSpan);
            var year = g["year"] is { Success: true } y ? int.Parse(y.ValueSpan, CultureInfo.InvariantCulture) : 0;
            if (g["md"].Success || g["dm"].Success)
                return new Phrase(Kind.MonthDay, year, month, int.Parse(g["day"].ValueSpan, CultureInfo.InvariantCulture), pre, part, "", "", 0, 0);
            if (g["my"].Success)
                return new Phrase(Kind.MonthYear, year, month, 0, pre, part, "", "", 0, 0);
            return new Phrase(Kind.Month, 0, month, 0, pre, part ?? (pre is "early" or "mid" or "late" ? pre : null), "", "", 0, 0);
        }

        if (pattern == YearPhrase)
        {
            var year = int.Parse(g["year"].ValueSpan, CultureInfo.InvariantCulture);
            if (g["iso"].Success)
                return new Phrase(Kind.Iso, year, int.Parse(g["mm"].ValueSpan, CultureInfo.InvariantCulture), int.Parse(g["day"].ValueSpan, CultureInfo.InvariantCulture), pre, part, "", "", 0, 0);
            return new Phrase(Kind.Year, year, 0, 0, pre, part ?? (pre is "early" or "mid" or "late" ? pre : null), "", "", 0, 0);
        }

        if (pattern == WeekdayPhrase)
            return new Phrase(Kind.Weekday, 0, 0, (int)Enum.Parse<DayOfWeek>(g["wday"].Value, ignoreCase: true), pre, part, "", "", 0, 0);
        if (pattern == OrdinalPhrase)
            return new Phrase(Kind.Ordinal, 0, 0, int.Parse(g["day"].ValueSpan, CultureInfo.InvariantCulture), pre, part, "", "", 0, 0);

        var unit = g["unit"] is { Success: true } u ? u.Value.ToLowerInvariant() : "";
        if (g["ago"].Success)
        {
            var (low, high) = CountOf(g["n"].Value);
            return new Phrase(Kind.Ago, 0, 0, 0, pre, part, unit, "", low, high);
        }

        if (g["yday"].Success)
            return new Phrase(Kind.Yesterday, 0, 0, 0, pre, part, unit, "", m.Value.Contains("before", StringComparison.OrdinalIgnoreCase) ? 2 : 1, 0);
        if (g["today"].Success)
            return new Phrase(Kind.Today, 0, 0, 0, pre, part, unit, "", 0, 0);
        if (g["rel"].Success)
            return new Phrase(Kind.Relative, 0, 0, 0, pre, part, unit, g["which"].Value.ToLowerInvariant(), 0, 0);
        return null;
    }

    /// <summary>The pattern for a head word: a month or weekday name, "yesterday", "week", "ago", a year ("2015"), a day of the month ("23rd").</summary>
    private static Regex? Head(string s, in WordIndex words, int i)
    {
        var word = words.Word(s, i);
        var c = words.Class(i);
        if (char.IsDigit(word[0]))
        {
            if (word.Length == 4 && char.IsDigit(word[3]))
                return word[0] is '1' or '2' && char.IsDigit(word[1]) && char.IsDigit(word[2]) ? YearPhrase : null;
            return word.Length is 3 or 4 && char.IsLetter(word[^1]) && char.IsLetter(word[^2]) ? OrdinalPhrase : null;
        }

        // Month names need their capital: "may" and "march" are also verbs.
        if ((c & WordClass.Month) != 0 && char.IsUpper(word[0]))
            return MonthPhrase;
        if ((c & WordClass.Weekday) != 0)
            return WeekdayPhrase;
        return (c & WordClass.DateRelative) != 0 ? RelativePhrase : null;
    }

    private static bool IsPrefix(string s, in WordIndex words, int i) =>
        words.Is(i, WordClass.DatePrefix) || words.End(i) - words.Start(i) <= 4 && char.IsDigit(s[words.Start(i)]);

    private static string Evidence(Match m)
    {
        var value = m.Value.Trim();
        return value.Length <= 60 ? value : value[..60];
    }

    private static bool Skipped(Phrase p, Match m, string s)
    {
        if (p.Pre is "since" or "until" or "till" or "by" or "next" or "as of")
            return true;
        // "next week" is a plan; a bare "this year" counts ("the fourth defection this year") more than it dates.
        if (p.Kind == Kind.Relative && (p.Which == "next" || p.Which == "this" && p.Unit == "year" && p.Part is null))
            return true;
        // A programme or section name: "[News Today]", "USA Today".
        if (InBrackets(s, m.Index) || p.Kind == Kind.Today && char.IsUpper(s[m.Index]) && !IsSentenceStart(s, m.Index) && PreviousIsCapitalised(s, m.Index))
            return true;
        return SkipBefore.IsMatch(Before(s, m.Index, 40));
    }

    private static bool InBrackets(string s, int index)
    {
        var open = s.LastIndexOf('[', index, Math.Min(index + 1, 60));
        if (open < 0 || s.IndexOf(']', open, index - open) >= 0)
            return false;
        var close = s.IndexOf(']', index, Math.Min(60, s.Length - index));
        return close >= 0;
    }

    private static bool IsSentenceStart(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && s[i] is ' ' or '"' or '“' or '\'' or '‘' or '(')
            i--;
        return i < 0 || s[i] is '.' or '!' or '?' or '\n' or ':' or '—' or ']';
    }

    private static bool PreviousIsCapitalised(string s, int index)
    {
        var i = index - 1;
        while (i >= 0 && s[i] == ' ')
            i--;
        var end = i;
        while (i >= 0 && char.IsLetter(s[i]))
            i--;
        return end > i && char.IsUpper(s[i + 1]);
    }

    /// <summary>An explicit day well before publication in a sentence about an earlier event.</summary>
    private static bool IsBackground(Match m, string s, DateOnly day, DateOnly pubStart)
    {
        if (day.DayNumber > pubStart.DayNumber - 10)
            return false;
        var start = s.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(m.Index - 1, 0)) + 1;
        var end = s.IndexOfAny(['.', '!', '?', '\n'], m.Index + m.Length);
        if (end < 0)
            end = s.Length;
        return Background.IsMatch(s.AsSpan(start, end - start));
    }

    private static bool IsReported(Match m, string s) =>
        ReportedBefore.IsMatch(Before(s, m.Index, 70)) || ReportedAfter.IsMatch(After(s, m.Index + m.Length, 60));

    private static bool IsDateline(Match m, string s) =>
        m.Index < 70
        && DatelineBefore.Match(s[..m.Index]) is { Success: true } before
        && (before.Groups["paren"].Success || DatelineAfter.IsMatch(After(s, m.Index + m.Length, 50)));

    private static ReadOnlySpan<char> Before(string s, int index, int length)
    {
        var start = Math.Max(0, index - length);
        // Only the same sentence counts.
        var cut = s.LastIndexOfAny(['.', '!', '?', '\n'], Math.Max(index - 1, 0), index - start);
        if (cut >= 0 && cut >= start && !(cut > 0 && IsAbbreviationDot(s, cut)))
            start = cut + 1;
        return s.AsSpan(start, index - start);
    }

    private static bool IsAbbreviationDot(string s, int dot) =>
        s[dot] == '.' && dot >= 1 && char.IsLetter(s[dot - 1]) && (dot < 2 || !char.IsLetter(s[dot - 2]) || dot >= 3 && !char.IsLetter(s[dot - 3]) && char.IsUpper(s[dot - 2]));

    private static ReadOnlySpan<char> After(string s, int index, int length) => s.AsSpan(index, Math.Min(length, s.Length - index));

    /// <summary>The interval a phrase names when "today" is <paramref name="t"/>.</summary>
    private static bool TryResolve(Phrase p, DateOnly t, out Resolved r)
    {
        r = default;
        switch (p.Kind)
        {
            case Kind.Iso:
            {
                if (p.Day > DateTime.DaysInMonth(p.Year, p.Month))
                    return false;
                var day = new DateOnly(p.Year, p.Month, p.Day);
                r = new Resolved(day, day, DatePrecision.Day, false);
                return true;
            }

            case Kind.MonthDay:
            {
                DateOnly day;
                if (p.Year > 0)
                {
                    if (p.Day > DateTime.DaysInMonth(p.Year, p.Month))
                        return false;
                    day = new DateOnly(p.Year, p.Month, p.Day);
                }
                else if (!MostRecent(p.Month, p.Day, t.AddDays(1), out day))
                {
                    return false;
                }

                r = new Resolved(day, day, DatePrecision.Day, p.Year == 0);
                return true;
            }

            case Kind.MonthYear:
            {
                var (from, to) = MonthPart(p.Year, p.Month, p.Part);
                r = new Resolved(from, to, DatePrecision.Month, false);
                return true;
            }

            case Kind.Month:
            {
                var y = p.Month <= t.Month ? t.Year : t.Year - 1;
                if (p.Pre == "last" && p.Month == t.Month)
                    y--;
                var (from, to) = MonthPart(y, p.Month, p.Part);
                r = new Resolved(from, to > t ? (t < from ? from : t) : to, DatePrecision.Month, true);
                return true;
            }

            case Kind.Year:
            {
                var (from, to) = YearPart(p.Year, p.Part);
                r = new Resolved(from, to, DatePrecision.Year, false);
                return true;
            }

            case Kind.Ago:
                r = p.Unit switch
                {
                    "day" => new Resolved(t.AddDays(-p.High), t.AddDays(-p.Low), p.Low == p.High ? DatePrecision.Day : DatePrecision.Week, true),
                    "week" => new Resolved(t.AddDays(-7 * p.High - 3), t.AddDays(-7 * p.Low + 3), DatePrecision.Week, true),
                    "month" => new Resolved(t.AddDays(-30 * p.High - 15), t.AddDays(-30 * p.Low + 15), DatePrecision.Month, true),
                    _ => new Resolved(t.AddDays(-365 * p.High - 182), t.AddDays(-365 * p.Low + 182), DatePrecision.Year, true),
                };
                return true;

            case Kind.Yesterday:
                r = new Resolved(t.AddDays(-p.Low), t.AddDays(-p.Low), DatePrecision.Day, true);
                return true;

            case Kind.Today:
                r = new Resolved(t, t, DatePrecision.Day, true);
                return true;

            case Kind.Relative:
                return TryRelative(p.Which, p.Unit, p.Part, t, out r);

            case Kind.Weekday:
            {
                var back = ((int)t.DayOfWeek - p.Day + 7) % 7;
                if (back == 0 && p.Pre is "last" or "past")
                    back = 7;
                var day = t.AddDays(-back);
                r = new Resolved(day, day, DatePrecision.Day, true);
                return true;
            }

            case Kind.Ordinal:
            {
                var anchor = t.AddDays(1);
                var (y, mo) = (anchor.Year, anchor.Month);
                for (var i = 0; i < 3; i++)
                {
                    if (p.Day <= DateTime.DaysInMonth(y, mo) && new DateOnly(y, mo, p.Day) <= anchor)
                    {
                        var day = new DateOnly(y, mo, p.Day);
                        r = new Resolved(day, day, DatePrecision.Day, true);
                        return true;
                    }

                    (y, mo) = mo == 1 ? (y - 1, 12) : (y, mo - 1);
                }

                return false;
            }

            default:
                return false;
        }
    }

    private static bool TryRelative(string which, string unit, string? part, DateOnly t, out Resolved r)
    {
        r = default;
        switch (unit, which)
        {
            case ("week", "this"):
            case ("week", "past"):
                r = new Resolved(t.AddDays(-6), t, DatePrecision.Week, true);
                return true;
            case ("week", "last"):
                r = new Resolved(t.AddDays(-13), t.AddDays(-5), DatePrecision.Week, true);
                return true;
            case ("weekend", _):
            {
                var saturday = t.AddDays(-(((int)t.DayOfWeek - (int)DayOfWeek.Saturday + 7) % 7));
                if (saturday == t && which != "this")
                    saturday = saturday.AddDays(-7);
                var sunday = saturday.AddDays(1) > t ? t : saturday.AddDays(1);
                r = new Resolved(saturday, sunday, DatePrecision.Week, true);
                return true;
            }
            case ("month", "this"):
                r = new Resolved(new DateOnly(t.Year, t.Month, 1), t, DatePrecision.Month, true);
                return true;
            case ("month", "past"):
                r = new Resolved(t.AddDays(-30), t, DatePrecision.Month, true);
                return true;
            case ("month", "last"):
            {
                var first = new DateOnly(t.Year, t.Month, 1).AddMonths(-1);
                var (from, to) = MonthPart(first.Year, first.Month, part is "early" or "late" ? part : null);
                r = new Resolved(from, to, DatePrecision.Month, true);
                return true;
            }
            case ("year", "this"):
                r = new Resolved(new DateOnly(t.Year, 1, 1), t, DatePrecision.Year, true);
                return true;
            case ("year", "past"):
                r = new Resolved(t.AddDays(-365), t, DatePrecision.Year, true);
                return true;
            case ("year", "last"):
            {
                var (from, to) = YearPart(t.Year - 1, part is "early" or "late" ? part : null);
                r = new Resolved(from, to, DatePrecision.Year, true);
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>The most recent day-month not after <paramref name="anchor"/> (29 February: the most recent leap year).</summary>
    private static bool MostRecent(int month, int day, DateOnly anchor, out DateOnly result)
    {
        for (var y = anchor.Year; y > anchor.Year - 8; y--)
        {
            if (day > DateTime.DaysInMonth(y, month))
                continue;
            var candidate = new DateOnly(y, month, day);
            if (candidate <= anchor)
            {
                result = candidate;
                return true;
            }
        }

        result = default;
        return false;
    }

    private static (DateOnly From, DateOnly To) MonthPart(int year, int month, string? part)
    {
        var last = DateTime.DaysInMonth(year, month);
        return part switch
        {
            "early" or "beginning" => (new DateOnly(year, month, 1), new DateOnly(year, month, 10)),
            "mid" or "middle" => (new DateOnly(year, month, 10), new DateOnly(year, month, 20)),
            "late" or "end" => (new DateOnly(year, month, 20), new DateOnly(year, month, last)),
            _ => (new DateOnly(year, month, 1), new DateOnly(year, month, last)),
        };
    }

    private static (DateOnly From, DateOnly To) YearPart(int year, string? part) => part switch
    {
        "early" or "beginning" => (new DateOnly(year, 1, 1), new DateOnly(year, 4, 30)),
        "mid" or "middle" => (new DateOnly(year, 5, 1), new DateOnly(year, 8, 31)),
        "late" or "end" => (new DateOnly(year, 9, 1), new DateOnly(year, 12, 31)),
        _ => (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)),
    };

    private static string? PartOf(Group part)
    {
        if (!part.Success)
            return null;
        var value = part.Value.ToLowerInvariant();
        if (value.Contains("end", StringComparison.Ordinal))
            return "end";
        if (value.Contains("beginning", StringComparison.Ordinal))
            return "beginning";
        if (value.Contains("middle", StringComparison.Ordinal))
            return "middle";
        return value switch
        {
            "earlier" => "early",
            "later" => "late",
            _ => value,
        };
    }

    private static (int Low, int High) CountOf(string n)
    {
        var value = string.Join(' ', n.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return value switch
        {
            "a" or "an" or "one" => (1, 1),
            "two" or "a couple of" or "couple of" => (2, 2),
            "three" => (3, 3),
            "four" => (4, 4),
            "five" => (5, 5),
            "six" => (6, 6),
            "seven" => (7, 7),
            "eight" => (8, 8),
            "nine" => (9, 9),
            "ten" => (10, 10),
            "eleven" => (11, 11),
            "twelve" => (12, 12),
            "a few" or "few" => (2, 4),
            "several" => (2, 6),
            _ => int.TryParse(value, out var k) ? (k, k) : (1, 1),
        };
    }

    private readonly record struct Resolved(DateOnly From, DateOnly To, DatePrecision Precision, bool Relative);

    /// <summary>A date phrase found in the report; lower Rank wins, then the headline, then the earlier phrase.</summary>
    private readonly record struct Candidate(int Rank, int Part, int Index, DateOnly Earliest, DateOnly Latest, DatePrecision Precision, string Evidence)
    {
        public bool IsBetterThan(Candidate other) =>
            Rank != other.Rank ? Rank < other.Rank : Part != other.Part ? Part < other.Part : Index < other.Index;
    }
}
