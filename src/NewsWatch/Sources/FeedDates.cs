using System.Collections.Frozen;
using System.Globalization;
using NewsWatch.Text;

namespace NewsWatch.Sources;

/// <summary>
/// Reads the dates that RSS and Atom feeds actually carry: RFC 822/1123 and its common corruptions,
/// ISO 8601/RFC 3339 including truncated and compact forms, and a few localised layouts
/// (German, French, Spanish, Italian, Dutch, Portuguese, Hungarian, Greek, Russian month names; Korean).
/// </summary>
internal static class FeedDates
{
    private const int Unset = -1;
    private const int MaxWordLength = 32;
    private const int KoreaStandardTimeMinutes = 9 * 60;

    private enum ZoneSource { None, Name, Numeric }

    private enum Meridiem { None, Am, Pm }

    // Every prefix of a month name of three letters or more ("sept", "januar", "juil", "ιουλ"), lower case with accents folded,
    // to its month; built once so that reading a word costs one lookup.
    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> MonthsByPrefix = BuildMonthsByPrefix();

    /// <summary>Returns the instant with a zero offset, or null when the text is empty or not a date.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (text is null)
            return null;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty)
            return null;
        if ((char.IsAsciiDigit(s[0]) || s[0] == '-') && TryParseIso(s, out var iso))
            return iso;
        return TryParseLoose(s, out var loose) ? loose : null;
    }

    /// <summary>ISO 8601 in the shapes feeds use, all digits and separators; anything else falls through to <see cref="TryParseLoose"/>.</summary>
    private static bool TryParseIso(ReadOnlySpan<char> s, out DateTimeOffset result)
    {
        result = default;
        int pos, year, month = 1, day = 1;
        if (s[0] == '-')
        {
            // ISO 8601:2000 truncated "-YYMM" and "-YY-MM".
            pos = 1;
            if (DigitRun(s, pos) < 2)
                return false;
            year = ExpandTwoDigitYear(Digits(s, pos, 2));
            pos += 2;
            if (pos < s.Length && s[pos] == '-')
                pos++;
            if (DigitRun(s, pos) != 2)
                return false;
            month = Digits(s, pos, 2);
            pos += 2;
        }
        else
        {
            pos = DigitRun(s, 0);
            switch (pos)
            {
                case 8:
                    year = Digits(s, 0, 4);
                    month = Digits(s, 4, 2);
                    day = Digits(s, 6, 2);
                    break;
                case 7:
                    year = Digits(s, 0, 4);
                    if (!TryOrdinalDate(year, Digits(s, 4, 3), out month, out day))
                        return false;
                    break;
                case 6:
                    year = ExpandTwoDigitYear(Digits(s, 0, 2));
                    month = Digits(s, 2, 2);
                    day = Digits(s, 4, 2);
                    break;
                case 4:
                    year = Digits(s, 0, 4);
                    if (!TryReadExtendedMonthDay(s, ref pos, year, twoDigitYear: false, out month, out day))
                        return false;
                    break;
                case 2:
                    year = ExpandTwoDigitYear(Digits(s, 0, 2));
                    if (!TryReadExtendedMonthDay(s, ref pos, year, twoDigitYear: true, out month, out day))
                        return false;
                    break;
                default:
                    // Five digits is either a two-digit year with an ordinal or a five-digit year: not safe to guess.
                    return false;
            }
        }

        int hour = 0, minute = 0, second = 0, offsetMinutes = 0;
        long fractionTicks = 0;
        if (pos < s.Length)
        {
            var afterDesignator = s[pos] is 'T' or 't';
            if (afterDesignator)
                pos++;
            else if (char.IsWhiteSpace(s[pos]))
                pos = SkipWhiteSpace(s, pos);
            else
                return false;

            if (!TryReadIsoTime(s, ref pos, afterDesignator, out hour, out minute, out second, out fractionTicks))
                return false;

            pos = SkipWhiteSpace(s, pos);
            if (pos < s.Length)
            {
                if (s[pos] is 'Z' or 'z')
                    pos++;
                else if (s[pos] is not ('+' or '-') || !TryReadOffset(s, ref pos, out offsetMinutes))
                    return false;
            }

            if (SkipWhiteSpace(s, pos) != s.Length)
                return false;
        }

        return TryCompose(year, month, day, hour, minute, second, fractionTicks, offsetMinutes, out result);
    }

    /// <summary>
    /// Reads "-MM", "-MM-DD", "-0MM-DD", "-DDD" or "-Www[-D]" after the year; a bare year means 1 January.
    /// After a two-digit year only "-MM-DD" and "-DDD" count, since "12-05" alone is more likely not a date.
    /// </summary>
    private static bool TryReadExtendedMonthDay(ReadOnlySpan<char> s, ref int pos, int year, bool twoDigitYear, out int month, out int day)
    {
        month = 1;
        day = 1;
        if (pos >= s.Length || s[pos] != '-')
            return !twoDigitYear;
        pos++;

        if (!twoDigitYear && pos < s.Length && s[pos] is 'W' or 'w')
            return TryReadWeekDate(s, ref pos, year, out month, out day);

        var run = DigitRun(s, pos);
        if (run == 2)
        {
            month = Digits(s, pos, 2);
            pos += 2;
            if (pos >= s.Length || s[pos] != '-')
                return !twoDigitYear;
            pos++;
            if (DigitRun(s, pos) != 2)
                return false;
            day = Digits(s, pos, 2);
            pos += 2;
            return true;
        }

        if (run != 3)
            return false;

        if (!twoDigitYear && s[pos] == '0' && pos + 3 < s.Length && s[pos + 3] == '-')
        {
            // "2003-012-31": a zero-padded month that some generators (Google's among them) emitted.
            month = Digits(s, pos + 1, 2);
            pos += 4;
            if (DigitRun(s, pos) != 2)
                return false;
            day = Digits(s, pos, 2);
            pos += 2;
            return true;
        }

        var ordinal = Digits(s, pos, 3);
        pos += 3;
        return TryOrdinalDate(year, ordinal, out month, out day);
    }

    private static bool TryReadWeekDate(ReadOnlySpan<char> s, ref int pos, int year, out int month, out int day)
    {
        month = day = 0;
        pos++;
        if (DigitRun(s, pos) != 2)
            return false;
        var week = Digits(s, pos, 2);
        pos += 2;
        var weekDay = 1;
        if (pos + 1 < s.Length && s[pos] == '-' && DigitRun(s, pos + 1) == 1)
        {
            weekDay = Digits(s, pos + 1, 1);
            pos += 2;
        }

        // ISOWeek throws outside its range; the last weeks of 9999 spill into year 10000.
        if (year is < 1 or > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year) || weekDay is < 1 or > 7)
            return false;
        var date = ISOWeek.ToDateTime(year, week, (DayOfWeek)(weekDay % 7));
        month = date.Month;
        day = date.Day;
        return true;
    }

    private static bool TryOrdinalDate(int year, int ordinal, out int month, out int day)
    {
        month = day = 0;
        if (year is < 1 or > 9999 || ordinal < 1 || ordinal > (DateTime.IsLeapYear(year) ? 366 : 365))
            return false;
        var date = new DateTime(year, 1, 1).AddDays(ordinal - 1);
        month = date.Month;
        day = date.Day;
        return true;
    }

    /// <summary>"h:mm[:ss]" and, only after a "T" where they cannot be mistaken for a year, "hh" and "hhmm[ss]"; each with an optional fraction.</summary>
    private static bool TryReadIsoTime(ReadOnlySpan<char> s, ref int pos, bool afterDesignator, out int hour, out int minute, out int second, out long fractionTicks)
    {
        hour = minute = second = 0;
        fractionTicks = 0;
        var run = DigitRun(s, pos);
        switch (run)
        {
            case 1 or 2:
                hour = Digits(s, pos, run);
                pos += run;
                if (pos < s.Length && s[pos] == ':')
                    return TryReadClockRest(s, ref pos, out minute, out second, out fractionTicks);
                return afterDesignator && run == 2;
            case 4 or 6 when afterDesignator:
                hour = Digits(s, pos, 2);
                minute = Digits(s, pos + 2, 2);
                if (run == 6)
                    second = Digits(s, pos + 4, 2);
                pos += run;
                fractionTicks = ReadFraction(s, ref pos);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Reads ":mm[:ss[.fff]]" after the hour; a fourth component makes it not a time.</summary>
    private static bool TryReadClockRest(ReadOnlySpan<char> s, ref int pos, out int minute, out int second, out long fractionTicks)
    {
        minute = second = 0;
        fractionTicks = 0;
        pos++;
        if (DigitRun(s, pos) != 2)
            return false;
        minute = Digits(s, pos, 2);
        pos += 2;
        if (pos < s.Length && s[pos] == ':')
        {
            pos++;
            if (DigitRun(s, pos) != 2)
                return false;
            second = Digits(s, pos, 2);
            pos += 2;
            fractionTicks = ReadFraction(s, ref pos);
        }

        return pos >= s.Length || s[pos] != ':';
    }

    private static long ReadFraction(ReadOnlySpan<char> s, ref int pos)
    {
        if (pos + 1 >= s.Length || s[pos] is not ('.' or ',') || !char.IsAsciiDigit(s[pos + 1]))
            return 0;
        pos++;
        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond;
        for (; pos < s.Length && char.IsAsciiDigit(s[pos]); pos++)
        {
            // Digits beyond the 100 ns tick are dropped.
            scale /= 10;
            ticks += (s[pos] - '0') * scale;
        }

        return ticks;
    }

    /// <summary>"+hh", "+hhmm", "+hh:mm", "+hmm" or "+h" (as in "GMT+2"), sign included.</summary>
    private static bool TryReadOffset(ReadOnlySpan<char> s, ref int pos, out int offsetMinutes)
    {
        offsetMinutes = 0;
        var negative = s[pos] == '-';
        pos++;
        var run = DigitRun(s, pos);
        int hours, minutes = 0;
        switch (run)
        {
            case 1 or 2:
                hours = Digits(s, pos, run);
                pos += run;
                if (pos < s.Length && s[pos] == ':')
                {
                    pos++;
                    if (DigitRun(s, pos) != 2)
                        return false;
                    minutes = Digits(s, pos, 2);
                    pos += 2;
                }

                break;
            case 3:
                hours = Digits(s, pos, 1);
                minutes = Digits(s, pos + 1, 2);
                pos += 3;
                break;
            case 4:
                hours = Digits(s, pos, 2);
                minutes = Digits(s, pos + 2, 2);
                pos += 4;
                break;
            default:
                return false;
        }

        if (hours > 23 || minutes > 59)
            return false;
        offsetMinutes = (hours * 60 + minutes) * (negative ? -1 : 1);
        return true;
    }

    /// <summary>
    /// Token-driven reading of everything that is not plain ISO 8601: names and numbers are assigned to
    /// day, month, year, time and zone by what they look like and what is still missing, so field order,
    /// weekdays, commas and spacing do not matter.
    /// </summary>
    private static bool TryParseLoose(ReadOnlySpan<char> s, out DateTimeOffset result)
    {
        result = default;
        int year = Unset, month = Unset, day = Unset, hour = Unset, minute = 0, second = 0, offsetMinutes = 0;
        long fractionTicks = 0;
        var zone = ZoneSource.None;
        var meridiem = Meridiem.None;
        var korean = false;
        var anyToken = false;
        // True when the previous token ended exactly here, with no separator.
        var glued = false;
        Span<char> wordBuffer = stackalloc char[MaxWordLength];

        var pos = 0;
        while (pos < s.Length)
        {
            var c = s[pos];
            var dateComplete = year != Unset && month != Unset && day != Unset;

            if (char.IsWhiteSpace(c) || c is ',' or '.')
            {
                pos++;
                glued = false;
                continue;
            }

            if (c == '(')
            {
                // RFC 822 comment, as in "+0000 (GMT)" or JavaScript's "(Central European Summer Time)".
                var close = s[pos..].IndexOf(')');
                if (close < 0)
                    return false;
                pos += close + 1;
                glued = false;
                continue;
            }

            if (c is '+' or '-' && pos + 1 < s.Length && char.IsAsciiDigit(s[pos + 1]) && (hour != Unset || dateComplete))
            {
                if (zone == ZoneSource.Numeric || !TryReadOffset(s, ref pos, out offsetMinutes))
                    return false;
                // A numeric offset is exact, so it overrides a name before it ("GMT+0200") and wins over one after it.
                zone = ZoneSource.Numeric;
                glued = true;
                anyToken = true;
                continue;
            }

            if (c is '-' or '/')
            {
                // Between names, as in "02-Jan-2006" or "2004-július-13".
                pos++;
                glued = false;
                continue;
            }

            if (c is 'T' or 't' && glued && hour == Unset && pos + 1 < s.Length && char.IsAsciiDigit(s[pos + 1]))
            {
                // The ISO date/time separator after a date that was not otherwise ISO ("2004-július-13T9:15").
                pos++;
                glued = false;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                anyToken = true;
                var length = DigitRun(s, pos);
                // Longer digit runs are compact ISO forms, which TryParseIso has already accepted or refused.
                if (length > 4)
                    return false;
                var value = Digits(s, pos, length);
                pos += length;
                var next = pos < s.Length ? s[pos] : '\0';

                if (next == ':')
                {
                    if (hour != Unset || length > 2 || !TryReadClockRest(s, ref pos, out minute, out second, out fractionTicks))
                        return false;
                    hour = value;
                    glued = true;
                    continue;
                }

                if (next is '/' or '-' or '.' && pos + 1 < s.Length && char.IsAsciiDigit(s[pos + 1]) && year == Unset && month == Unset && day == Unset)
                {
                    if (!TryReadNumericDate(s, ref pos, value, length, out year, out month, out day))
                        return false;
                    glued = true;
                    continue;
                }

                if (next is '년' or '월' or '일' or '시' or '분' or '초')
                {
                    if (!TryAssignKoreanUnit(next, value, length, ref year, ref month, ref day, ref hour, ref minute, ref second))
                        return false;
                    korean = true;
                    pos++;
                    glued = false;
                    continue;
                }

                if (IsOrdinalSuffix(s, pos))
                {
                    if (day != Unset || length > 2)
                        return false;
                    day = value;
                    pos += 2;
                    glued = false;
                    continue;
                }

                if (!TryAssignNumber(value, length, ref year, ref day))
                    return false;
                glued = true;
                continue;
            }

            if (!char.IsLetter(c))
                return false;

            var start = pos;
            pos = WordEnd(s, pos);
            if (pos - start > MaxWordLength)
                return false;
            var word = Fold(s[start..pos], wordBuffer);
            var isFirst = !anyToken;
            var wasGlued = glued;
            anyToken = true;
            glued = true;

            if (wasGlued)
            {
                // Only a zone or am/pm may be written against a number: "10:00Z", "15:04:05GMT", "10pm".
                if (hour == Unset)
                    return false;
                if (TryMeridiem(word, out var gluedMeridiem) && meridiem == Meridiem.None)
                    meridiem = gluedMeridiem;
                else if (TryZoneOffset(word, allowMilitary: true, out var gluedOffset) && zone == ZoneSource.None)
                {
                    offsetMinutes = gluedOffset;
                    zone = ZoneSource.Name;
                }
                else
                    return false;
                continue;
            }

            // A leading word followed by a comma is the RFC 822 weekday slot, whatever the language ("Κυρ,", "mer.,").
            if (IsWeekday(word) || (isFirst && NextNonWhiteSpaceOrDot(s, pos) == ','))
                continue;

            if (word is "오전" or "오후")
            {
                if (meridiem != Meridiem.None)
                    return false;
                meridiem = word is "오전" ? Meridiem.Am : Meridiem.Pm;
                korean = true;
                continue;
            }

            if (hour != Unset && TryMeridiem(word, out var spacedMeridiem))
            {
                if (meridiem != Meridiem.None)
                    return false;
                meridiem = spacedMeridiem;
                continue;
            }

            if (word is "uhr" || (hour == Unset && word is "at" or "um" or "de" or "del"))
                continue;

            // No zone abbreviation is also a month-name prefix, so the cheaper zone lookup may go first.
            if ((hour != Unset || dateComplete) && TryZoneOffset(word, allowMilitary: hour != Unset, out var namedOffset))
            {
                if (zone == ZoneSource.Name)
                    return false;
                if (zone == ZoneSource.None)
                {
                    offsetMinutes = namedOffset;
                    zone = ZoneSource.Name;
                }

                continue;
            }

            var monthFromName = MonthFromName(word);
            if (monthFromName != 0)
            {
                if (month != Unset)
                    return false;
                month = monthFromName;
                continue;
            }

            if (hour != Unset && word.Length <= 5 && IsAsciiLetters(word))
            {
                // RFC 5322 4.3: an unknown alphabetic zone is to be read as -0000.
                if (zone == ZoneSource.Name)
                    return false;
                if (zone == ZoneSource.None)
                {
                    offsetMinutes = 0;
                    zone = ZoneSource.Name;
                }

                continue;
            }

            return false;
        }

        if (year == Unset || month == Unset || day == Unset)
            return false;
        if (hour == Unset)
        {
            if (meridiem != Meridiem.None)
                return false;
            hour = 0;
        }
        else if (meridiem != Meridiem.None)
        {
            if (hour is < 1 or > 12)
                return false;
            hour = hour % 12 + (meridiem == Meridiem.Pm ? 12 : 0);
        }

        if (zone == ZoneSource.None && korean)
            offsetMinutes = KoreaStandardTimeMinutes;

        return TryCompose(year, month, day, hour, minute, second, fractionTicks, offsetMinutes, out result);
    }

    /// <summary>
    /// "2006/09/15", "2004-05-25", "15.03.2011", "03/15/2011" (US order unless the first part cannot be a month),
    /// "03-12-31" (ISO two-digit year). Exactly three parts.
    /// </summary>
    private static bool TryReadNumericDate(ReadOnlySpan<char> s, ref int pos, int first, int firstLength, out int year, out int month, out int day)
    {
        year = month = day = Unset;
        var separator = s[pos];
        pos++;
        var secondLength = DigitRun(s, pos);
        if (secondLength > 2)
            return false;
        var second = Digits(s, pos, secondLength);
        pos += secondLength;
        if (pos + 1 >= s.Length || s[pos] != separator || !char.IsAsciiDigit(s[pos + 1]))
            return false;
        pos++;
        var thirdLength = DigitRun(s, pos);
        if (thirdLength > 4)
            return false;
        var third = Digits(s, pos, thirdLength);
        pos += thirdLength;
        if (pos + 1 < s.Length && s[pos] == separator && char.IsAsciiDigit(s[pos + 1]))
            return false;

        if (firstLength == 4)
        {
            if (thirdLength > 2)
                return false;
            (year, month, day) = (first, second, third);
            return true;
        }

        if (firstLength > 2 || thirdLength is not (2 or 4))
            return false;
        var lastAsYear = thirdLength == 4 ? third : ExpandTwoDigitYear(third);
        if (separator == '-' && thirdLength == 2)
            (year, month, day) = (ExpandTwoDigitYear(first), second, third);
        else if (separator == '/' && first <= 12)
            (year, month, day) = (lastAsYear, first, second);
        else
            (year, month, day) = (lastAsYear, second, first);
        return true;
    }

    private static bool TryAssignKoreanUnit(char unit, int value, int length, ref int year, ref int month, ref int day, ref int hour, ref int minute, ref int second)
    {
        switch (unit)
        {
            case '년':
                if (year != Unset || length is not (2 or 4))
                    return false;
                year = length == 2 ? ExpandTwoDigitYear(value) : value;
                return true;
            case '월':
                return TrySetOnce(ref month, value, length);
            case '일':
                return TrySetOnce(ref day, value, length);
            case '시':
                return TrySetOnce(ref hour, value, length);
            case '분':
                minute = value;
                return length <= 2;
            default:
                second = value;
                return length <= 2;
        }
    }

    private static bool TrySetOnce(ref int field, int value, int length)
    {
        if (field != Unset || length > 2)
            return false;
        field = value;
        return true;
    }

    /// <summary>A four-digit number is the year; a one- or two-digit number is the day, else a two-digit year.</summary>
    private static bool TryAssignNumber(int value, int length, ref int year, ref int day)
    {
        if (length == 4)
        {
            if (year != Unset)
                return false;
            year = value;
            return true;
        }

        if (length > 2)
            return false;
        if (day == Unset)
        {
            day = value;
            return true;
        }

        if (year != Unset)
            return false;
        year = ExpandTwoDigitYear(value);
        return true;
    }

    private static bool IsOrdinalSuffix(ReadOnlySpan<char> s, int pos)
    {
        if (pos + 1 >= s.Length || (pos + 2 < s.Length && char.IsLetter(s[pos + 2])))
            return false;
        var a = char.ToLowerInvariant(s[pos]);
        var b = char.ToLowerInvariant(s[pos + 1]);
        return (a, b) is ('s', 't') or ('n', 'd') or ('r', 'd') or ('t', 'h');
    }

    private static bool TryCompose(int year, int month, int day, int hour, int minute, int second, long fractionTicks, int offsetMinutes, out DateTimeOffset result)
    {
        result = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        if (minute > 59 || second > 60)
            return false;
        // ISO 8601 "24:00" is the end of the day; any other hour past 23 is invalid.
        if (hour > 23 && !(hour == 24 && minute == 0 && second == 0 && fractionTicks == 0))
            return false;
        // A leap second is kept inside its minute rather than rejected.
        if (second == 60)
            second = 59;

        var ticks = new DateTime(year, month, day).Ticks
            + hour * TimeSpan.TicksPerHour
            + minute * TimeSpan.TicksPerMinute
            + second * TimeSpan.TicksPerSecond
            + fractionTicks
            - offsetMinutes * TimeSpan.TicksPerMinute;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            return false;
        result = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    // RFC 5322 4.3: 00-49 is 20xx, 50-99 is 19xx; fixed rather than relative to today so results are reproducible.
    private static int ExpandTwoDigitYear(int year) => year < 50 ? 2000 + year : 1900 + year;

    private static bool TryMeridiem(ReadOnlySpan<char> word, out Meridiem meridiem)
    {
        meridiem = word switch
        {
            "am" => Meridiem.Am,
            "pm" => Meridiem.Pm,
            _ => Meridiem.None,
        };
        return meridiem != Meridiem.None;
    }

    private static bool IsWeekday(ReadOnlySpan<char> word) => word is
        "mon" or "monday" or "tue" or "tues" or "tuesday" or "wed" or "weds" or "wednesday" or "thu" or "thur" or "thurs"
        or "thursday" or "fri" or "friday" or "sat" or "saturday" or "sun" or "sunday"
        or "mo" or "di" or "mi" or "do" or "fr" or "sa" or "so" or "montag" or "dienstag" or "mittwoch" or "donnerstag"
        or "freitag" or "samstag" or "sonnabend" or "sonntag";

    private static int MonthFromName(ReadOnlySpan<char> word) => MonthsByPrefix.TryGetValue(word, out var month) ? month : 0;

    private static FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BuildMonthsByPrefix()
    {
        const int ambiguous = 0;
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        var english = MonthNames.English.Select((name, index) => (Name: name.ToLowerInvariant(), Month: index + 1)).ToList();
        foreach (var (name, month) in english.Concat(MonthNames.OtherLanguages))
        {
            for (var length = 3; length <= name.Length; length++)
            {
                var prefix = name[..length];
                // A prefix shared by two months (French "jui") names neither.
                months[prefix] = months.TryGetValue(prefix, out var other) && other != month ? ambiguous : month;
            }
        }

        // The English three-letter abbreviations ("jan", "mar") always stand for their month.
        foreach (var (name, month) in english)
            months[name[..3]] = month;
        return months.Where(entry => entry.Value != ambiguous).ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Zone abbreviations in minutes east of UTC; where one is ambiguous the reading common in feeds wins (CST is US Central, IST is India).</summary>
    private static bool TryZoneOffset(ReadOnlySpan<char> word, bool allowMilitary, out int offsetMinutes)
    {
        if (word.StartsWith("etc/", StringComparison.Ordinal))
            word = word[4..];

        if (word.Length == 1)
        {
            // RFC 822's military zones, with the signs as RFC 822 printed them (A = -1 ... M = -12, N = +1 ... Y = +12).
            var letter = word[0];
            offsetMinutes = letter switch
            {
                >= 'a' and <= 'i' => -(letter - 'a' + 1) * 60,
                >= 'k' and <= 'm' => -(letter - 'a') * 60,
                >= 'n' and <= 'y' => (letter - 'n' + 1) * 60,
                _ => 0,
            };
            return letter == 'z' || (allowMilitary && letter is >= 'a' and <= 'y' and not 'j');
        }

        offsetMinutes = word switch
        {
            "ut" or "utc" or "gmt" or "uct" or "zulu" or "wet" => 0,
            "bst" or "cet" or "met" or "mez" or "west" or "wat" => 60,
            "cest" or "mest" or "mesz" or "eet" or "sast" or "cat" => 120,
            "eest" or "msk" or "eat" => 180,
            "pkt" => 300,
            "ist" => 330,
            "npt" => 345,
            "ict" or "wib" => 420,
            "hkt" or "sgt" or "awst" or "pht" => 480,
            "jst" or "kst" => 540,
            "acst" => 570,
            "aest" => 600,
            "acdt" => 630,
            "aedt" => 660,
            "nzst" => 720,
            "nzdt" => 780,
            "hst" => -600,
            "akst" => -540,
            "akdt" => -480,
            "pst" or "pt" => -480,
            "pdt" or "mst" or "mt" => -420,
            "mdt" or "cst" or "ct" => -360,
            "cdt" or "est" or "et" => -300,
            "edt" or "ast" or "at" => -240,
            "adt" or "brt" or "art" => -180,
            "nst" => -210,
            "ndt" => -150,
            _ => int.MinValue,
        };
        if (offsetMinutes != int.MinValue)
            return true;
        offsetMinutes = 0;
        return false;
    }

    /// <summary>Lower-cases and strips the diacritics that month names carry, so "März", "ápr" and "Ιούλ" match the table.</summary>
    private static ReadOnlySpan<char> Fold(ReadOnlySpan<char> raw, Span<char> buffer)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            buffer[i] = char.ToLowerInvariant(raw[i]) switch
            {
                'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' => 'a',
                'ç' => 'c',
                'è' or 'é' or 'ê' or 'ë' => 'e',
                'ì' or 'í' or 'î' or 'ï' => 'i',
                'ñ' => 'n',
                'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ő' => 'o',
                'ù' or 'ú' or 'û' or 'ü' or 'ű' => 'u',
                'ά' => 'α',
                'έ' => 'ε',
                'ή' => 'η',
                'ί' or 'ϊ' or 'ΐ' => 'ι',
                'ό' => 'ο',
                'ύ' or 'ϋ' or 'ΰ' => 'υ',
                'ώ' => 'ω',
                'ς' => 'σ',
                var other => other,
            };
        }

        return buffer[..raw.Length];
    }

    /// <summary>Letters, with '/' and '_' inside a name so that "Etc/GMT" is one word.</summary>
    private static int WordEnd(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && (char.IsLetter(s[pos]) || (s[pos] is '/' or '_' && pos + 1 < s.Length && char.IsLetter(s[pos + 1]))))
            pos++;
        return pos;
    }

    private static bool IsAsciiLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsAsciiLetter(c))
                return false;
        }

        return true;
    }

    private static char NextNonWhiteSpaceOrDot(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && (char.IsWhiteSpace(s[pos]) || s[pos] == '.'))
            pos++;
        return pos < s.Length ? s[pos] : '\0';
    }

    private static int SkipWhiteSpace(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
            pos++;
        return pos;
    }

    private static int DigitRun(ReadOnlySpan<char> s, int pos)
    {
        var start = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            pos++;
        return pos - start;
    }

    private static int Digits(ReadOnlySpan<char> s, int pos, int count)
    {
        var value = 0;
        for (var i = pos; i < pos + count; i++)
            value = value * 10 + (s[i] - '0');
        return value;
    }
}
