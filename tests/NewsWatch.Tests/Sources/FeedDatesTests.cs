using System.Globalization;
using NewsWatch.Sources;
using Xunit;

namespace NewsWatch.Tests.Sources;

public sealed class FeedDatesTests(ITestOutputHelper output)
{
    // The corpus mixes parser families that disagree on a few strings, so full agreement is not attainable.
    private const double RequiredCorpusAgreement = 0.95;

    [Theory]
    [InlineData("Tue, 10 Jun 2003 09:41:01 GMT", "2003-06-10T09:41:01Z")]
    [InlineData("Tue, 10 Jun 2003 09:41:01 UT", "2003-06-10T09:41:01Z")]
    [InlineData("Tue, 10 Jun 2003 09:41:01 UTC", "2003-06-10T09:41:01Z")]
    [InlineData("Tue, 10 Jun 2003 09:41:01 Z", "2003-06-10T09:41:01Z")]
    [InlineData("Tue, 10 Jun 2003 09:41:01 gmt", "2003-06-10T09:41:01Z")]
    [InlineData("Tue, 10 Jun 2003 09:41:01 Etc/UTC", "2003-06-10T09:41:01Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 EST", "2025-01-15T13:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 EDT", "2025-07-15T12:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 CST", "2025-01-15T14:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 CDT", "2025-07-15T13:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 MST", "2025-01-15T15:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 MDT", "2025-07-15T14:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 PST", "2025-01-15T16:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 PDT", "2025-07-15T15:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 ET", "2025-01-15T13:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 CT", "2025-01-15T14:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 MT", "2025-01-15T15:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 PT", "2025-01-15T16:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 AT", "2025-01-15T12:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 A", "2025-01-15T09:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 M", "2025-01-15T20:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 N", "2025-01-15T07:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 Y", "2025-01-14T20:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 MET", "2025-01-15T07:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 MEST", "2025-07-15T06:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 CET", "2025-01-15T07:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 CEST", "2025-07-15T06:00:00Z")]
    [InlineData("Tue, 15 Jul 2025 08:00:00 BST", "2025-07-15T07:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 KST", "2025-01-14T23:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 JST", "2025-01-14T23:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 IST", "2025-01-15T02:30:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 AEST", "2025-01-14T22:00:00Z")]
    public void Rfc822_dates_with_named_zones_are_converted_to_utc(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("Wed, 15 Jan 2025 08:00:00 XYZ", "2025-01-15T08:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 Foo", "2025-01-15T08:00:00Z")]
    public void Unknown_zone_abbreviations_are_read_as_utc_as_rfc5322_says(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("Wed, 15 Jan 2025 08:00:00 +0900", "2025-01-14T23:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 +09:00", "2025-01-14T23:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 -0330", "2025-01-15T11:30:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 +0545", "2025-01-15T02:15:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 -0000", "2025-01-15T08:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 GMT+0100", "2025-01-15T07:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 UTC-05:00", "2025-01-15T13:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 +0000 (UTC)", "2025-01-15T08:00:00Z")]
    [InlineData("Wed, 15 Jan 2025 08:00:00 -0800 PST", "2025-01-15T16:00:00Z")]
    [InlineData("Wed Jan 15 2025 08:00:00 GMT+0100 (Central European Standard Time)", "2025-01-15T07:00:00Z")]
    [InlineData("Wed, 01 Jan 2025 00:30:00 +0100", "2024-12-31T23:30:00Z")]
    public void Rfc822_dates_with_numeric_offsets_are_converted_to_utc(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("Sun, 05 Jan 2025 08:30 GMT", "2025-01-05T08:30:00Z")]
    [InlineData("05 Jan 2025 08:30:45 +0000", "2025-01-05T08:30:45Z")]
    [InlineData("Fri, 05 Jan 2025 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Sun, 05 Jan 25 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Fri, 31 Dec 99 23:59:59 GMT", "1999-12-31T23:59:59Z")]
    [InlineData("Sun, 5 Jan 2025 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("  Sun,   5  Jan   2025   08:30:45   GMT  ", "2025-01-05T08:30:45Z")]
    [InlineData("Sun,\t5 Jan 2025\u00a008:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Sun,05 Jan 2025 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Sun, 05 Jan, 2025 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Sunday, 05 January 2025 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Sun, 05 Sept 2025 08:30:45 GMT", "2025-09-05T08:30:45Z")]
    [InlineData("sun, 05 jan 2025 08:30:45 gmt", "2025-01-05T08:30:45Z")]
    [InlineData("Sun, 05 Jan 2025", "2025-01-05T00:00:00Z")]
    [InlineData("Sun, 05 Jan 2025 08:30:45.25 GMT", "2025-01-05T08:30:45.25Z")]
    [InlineData("Sun Jan  5 08:30:45 2025", "2025-01-05T08:30:45Z")]
    [InlineData("Sun Jan 05 08:30:45 +0100 2025", "2025-01-05T07:30:45Z")]
    [InlineData("January 5, 2025 8:30 PM EST", "2025-01-06T01:30:00Z")]
    [InlineData("January 5th, 2025 08:30 GMT", "2025-01-05T08:30:00Z")]
    [InlineData("Jan 5, 2025 12:05 am", "2025-01-05T00:05:00Z")]
    [InlineData("05-Jan-2025 08:30:45 GMT", "2025-01-05T08:30:45Z")]
    [InlineData("Sun, 2025/01/05 08:30:45 EST", "2025-01-05T13:30:45Z")]
    [InlineData("01/05/2025 08:30:45 PM", "2025-01-05T20:30:45Z")]
    [InlineData("05.01.2025 08:30", "2025-01-05T08:30:00Z")]
    [InlineData("2025-01-05 08:30:45.123 +0000 UTC", "2025-01-05T08:30:45.123Z")]
    [InlineData("2025-01-05T08:30:45 PST", "2025-01-05T16:30:45Z")]
    [InlineData("Sun, 05 Jan 0100 08:30:45 +0000", "0100-01-05T08:30:45Z")]
    public void Rfc822_layout_variants_are_tolerated(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("Mi, 08 Jan 2025 10:15:00 +0100", "2025-01-08T09:15:00Z")]
    [InlineData("Sa, 01 Mär 2025 10:15:00 MEZ", "2025-03-01T09:15:00Z")]
    [InlineData("Do, 09 Okt 2025 10:15:00 MESZ", "2025-10-09T08:15:00Z")]
    [InlineData("Mo, 15 Dez 2025 10:15:00 +0100", "2025-12-15T09:15:00Z")]
    [InlineData("8. März 2025 10:15 Uhr MEZ", "2025-03-08T09:15:00Z")]
    [InlineData("mer., 08 janv. 2025 10:15:00 +0100", "2025-01-08T09:15:00Z")]
    [InlineData("8 de enero de 2025 10:15 GMT", "2025-01-08T10:15:00Z")]
    [InlineData("8 mei 2025 10:15 CEST", "2025-05-08T08:15:00Z")]
    [InlineData("Τετ, 08 Ιαν 2025 10:15:00 +0200", "2025-01-08T08:15:00Z")]
    [InlineData("Σαβ, 15 Μαρ 2025 10:15:00 GMT", "2025-03-15T10:15:00Z")]
    [InlineData("08 Ιανουαρίου 2025 10:15 GMT", "2025-01-08T10:15:00Z")]
    [InlineData("2025-március-15T8:05+01:00", "2025-03-15T07:05:00Z")]
    [InlineData("2025. január 8. 10:15 +0100", "2025-01-08T09:15:00Z")]
    [InlineData("8 января 2025 10:15 MSK", "2025-01-08T07:15:00Z")]
    public void Localised_weekday_and_month_names_are_read(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("2025-01-08 오전 09:05:00", "2025-01-08T00:05:00Z")]
    [InlineData("2025-01-08 오후 12:30:00", "2025-01-08T03:30:00Z")]
    [InlineData("2025-01-08 오전 12:30:00", "2025-01-07T15:30:00Z")]
    [InlineData("2025-01-08 오후 06:00:00", "2025-01-08T09:00:00Z")]
    [InlineData("2025년 01월 08일  18:20:00", "2025-01-08T09:20:00Z")]
    [InlineData("2025년 1월 8일 18시 20분", "2025-01-08T09:20:00Z")]
    [InlineData("2025-01-08 오후 06:00:00 +0000", "2025-01-08T18:00:00Z")]
    public void Korean_dates_without_a_zone_are_korea_standard_time(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("2025-01-08T10:15:30Z", "2025-01-08T10:15:30Z")]
    [InlineData("2025-01-08T10:15:30.1234567+02:00", "2025-01-08T08:15:30.1234567Z")]
    [InlineData("2025-01-08T10:15:30.123456789Z", "2025-01-08T10:15:30.1234567Z")]
    [InlineData("2025-01-08T10:15:30,5Z", "2025-01-08T10:15:30.5Z")]
    [InlineData("2025-01-08T10:15:30-05:00", "2025-01-08T15:15:30Z")]
    [InlineData("2025-01-08T10:15:30+0530", "2025-01-08T04:45:30Z")]
    [InlineData("2025-01-08t10:15:30z", "2025-01-08T10:15:30Z")]
    [InlineData("2025-01-08T10:15Z", "2025-01-08T10:15:00Z")]
    [InlineData("2025-01-08T10Z", "2025-01-08T10:00:00Z")]
    [InlineData("2025-01-08T1015+0100", "2025-01-08T09:15:00Z")]
    [InlineData("2025-01-08T10:15:30", "2025-01-08T10:15:30Z")]
    [InlineData("2025-01-08 10:15:30", "2025-01-08T10:15:30Z")]
    [InlineData("2025-01-08 10:15:30 +01:00", "2025-01-08T09:15:30Z")]
    [InlineData("2025-01-08", "2025-01-08T00:00:00Z")]
    [InlineData("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z")]
    [InlineData("2025-01-08T24:00:00Z", "2025-01-09T00:00:00Z")]
    [InlineData("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z")]
    [InlineData("2025-01-08T23:30:00-01:00", "2025-01-09T00:30:00Z")]
    public void Iso8601_and_rfc3339_dates_are_converted_to_utc_and_default_to_utc(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("2025-01", "2025-01-01T00:00:00Z")]
    [InlineData("2025", "2025-01-01T00:00:00Z")]
    [InlineData("20250108", "2025-01-08T00:00:00Z")]
    [InlineData("20250108T101530Z", "2025-01-08T10:15:30Z")]
    [InlineData("250108", "2025-01-08T00:00:00Z")]
    [InlineData("25-01-08", "2025-01-08T00:00:00Z")]
    [InlineData("-2501", "2025-01-01T00:00:00Z")]
    [InlineData("-25-01", "2025-01-01T00:00:00Z")]
    [InlineData("2025-008", "2025-01-08T00:00:00Z")]
    [InlineData("25-008", "2025-01-08T00:00:00Z")]
    [InlineData("2025008", "2025-01-08T00:00:00Z")]
    [InlineData("2024-366", "2024-12-31T00:00:00Z")]
    [InlineData("2025-W02-3", "2025-01-08T00:00:00Z")]
    [InlineData("2025-001-08T10:00:00Z", "2025-01-08T10:00:00Z")]
    public void Iso_truncated_ordinal_week_and_compact_forms_are_read(string input, string expectedUtc) => AssertParsesTo(input, expectedUtc);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("not a date")]
    [InlineData("yesterday")]
    [InlineData("12:30")]
    [InlineData("Jan 2025")]
    [InlineData("15 Jan")]
    [InlineData("12345")]
    [InlineData("1736331330")]
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-02-29")]
    [InlineData("2025-04-31")]
    [InlineData("2025-01-32")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2025-01-08T25:00:00Z")]
    [InlineData("2025-01-08T10:60:00Z")]
    [InlineData("2025-01-08T10:15:61Z")]
    [InlineData("2025-01-08T24:30:00Z")]
    [InlineData("2025-01-08T10:15:30+24:00")]
    [InlineData("2025-01-08T10:15:30+05:75")]
    [InlineData("2025-01-08 1015")]
    [InlineData("2025-01-08 10")]
    [InlineData("2025-01-08T10:15:30Zjunk")]
    [InlineData("2025-01-08T10:15:30+01:00Tmore")]
    [InlineData("2025-01-08-07")]
    [InlineData("25-01")]
    [InlineData("2025-1x-08")]
    [InlineData("2025-W54-1")]
    [InlineData("2025-000")]
    [InlineData("2025-366")]
    [InlineData("9999-12-31T23:00:00-05:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("Wed, 32 Jan 2025 10:00:00 GMT")]
    [InlineData("Wed, 15 Foo 2025 10:00:00 GMT")]
    [InlineData("Wed, 15 Jan 2025 25:00:00 GMT")]
    [InlineData("Wed, 15 Jan 2025 10:00:00 +ab00")]
    [InlineData("Wed, 15 Jan 2025 10:00:00 +01:ab")]
    [InlineData("Wed, 15 Jan 2025 10:00:00 -9999")]
    [InlineData("Wed, 15 Jan 2025 1:2:3:4 GMT")]
    [InlineData("Wed, 15 Jan 2025 10:00:00 Central")]
    [InlineData("Wed, 15 Jan 2025 13:00 PM")]
    [InlineData("Wed, 15 Jan 20255 10:00 GMT")]
    [InlineData("Wed, Jan q 2025 10:00:00 GMT")]
    [InlineData("Wed, 15 Jan 2025 10:00:00 GMT (unclosed")]
    [InlineData("Wed, 15 Jan Feb 2025 10:00:00 GMT")]
    [InlineData("2025년 13월 08일 10:00:00")]
    public void Strings_that_are_not_dates_or_have_out_of_range_parts_give_null(string input) => Assert.Null(FeedDates.Parse(input));

    [Fact]
    public void Null_gives_null() => Assert.Null(FeedDates.Parse(null));

    [Fact]
    public void The_result_always_has_a_zero_offset()
    {
        var parsed = FeedDates.Parse("2025-01-08T10:15:30+09:00");

        Assert.NotNull(parsed);
        Assert.Equal(TimeSpan.Zero, parsed.Value.Offset);
        Assert.Equal(new DateTime(2025, 1, 8, 1, 15, 30, DateTimeKind.Utc), parsed.Value.UtcDateTime);
    }

    [Fact]
    public void Agrees_with_the_shared_date_corpus_for_a_high_share_of_rows()
    {
        var corpus = FindSharedDateCorpus();
        if (corpus is null)
            Assert.Skip("../shared/data/feeds/edge/dates/date-strings.tsv is not beside the repository");

        var failures = new List<string>();
        var rows = 0;
        foreach (var line in File.ReadLines(corpus).Skip(1))
        {
            if (line.Length == 0)
                continue;
            // source, parser_family, input, expected_utc, note
            var columns = line.Split('\t');
            Assert.True(columns.Length >= 4, $"malformed corpus row: {line}");
            var (family, input, expected) = (columns[1], columns[2], columns[3]);
            rows++;

            var actual = FeedDates.Parse(input);
            var expectsReject = expected.StartsWith("REJECT", StringComparison.Ordinal);
            // The corpus states whole seconds; the parser keeps fractions.
            var agrees = expectsReject
                ? actual is null
                : actual is not null && TruncateToSecond(actual.Value) == ParseUtc(expected);
            if (!agrees)
                failures.Add($"[{family}] \"{input}\": expected {expected}, got {actual?.ToString("O", CultureInfo.InvariantCulture) ?? "null"}");
        }

        var report = $"{rows - failures.Count}/{rows} agree; disagreements:\n{string.Join('\n', failures)}";
        output.WriteLine(report);
        Assert.True(rows > 0, "the corpus has no rows");
        Assert.True(rows - failures.Count >= RequiredCorpusAgreement * rows, report);
    }

    private static void AssertParsesTo(string input, string expectedUtc)
    {
        var actual = FeedDates.Parse(input);

        Assert.NotNull(actual);
        Assert.Equal(TimeSpan.Zero, actual.Value.Offset);
        Assert.Equal(ParseUtc(expectedUtc), actual.Value);
    }

    private static DateTimeOffset ParseUtc(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset TruncateToSecond(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);

    private static string? FindSharedDateCorpus()
    {
        var shared = NewsWatch.Tests.Support.Fixtures.SharedData();
        var corpus = shared is null ? null : Path.Combine(shared, "feeds", "edge", "dates", "date-strings.tsv");
        return corpus is not null && File.Exists(corpus) ? corpus : null;
    }
}
