using NewsWatch.Incidents;

namespace NewsWatch.Tests.Incidents;

public sealed class EventDatesTests
{
    // Friday 16 June 2023, 09:00 UTC.
    private static readonly DateTimeOffset Friday = new(2023, 6, 16, 9, 0, 0, TimeSpan.Zero);

    private static EventDate Resolve(string text, DateTimeOffset? published = null, string title = "", DatePrecision precision = DatePrecision.Day) =>
        EventDates.Resolve(title, text, published ?? Friday, precision);

    private static void AssertDay(EventDate date, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), date.Earliest);
        Assert.Equal(new DateOnly(year, month, day), date.Latest);
        Assert.Equal(DatePrecision.Day, date.Precision);
    }

    private static void AssertInterval(EventDate date, string from, string to, DatePrecision precision)
    {
        Assert.Equal(DateOnly.Parse(from), date.Earliest);
        Assert.Equal(DateOnly.Parse(to), date.Latest);
        Assert.Equal(precision, date.Precision);
    }

    [Fact]
    public void On_Monday_resolves_to_the_Monday_before_publication()
    {
        var date = Resolve("Troops spotted a private walking toward a guard post on Monday and took him in.");
        AssertDay(date, 2023, 6, 12);
        Assert.Equal("on Monday", date.Evidence);
    }

    [Fact]
    public void A_weekday_equal_to_the_publication_day_is_the_publication_day()
    {
        AssertDay(Resolve("The man reached an island early Friday after swimming for hours."), 2023, 6, 16);
    }

    [Fact]
    public void Last_with_the_publication_weekday_means_a_week_earlier()
    {
        AssertDay(Resolve("The boat was first seen last Friday near the sea border."), 2023, 6, 9);
    }

    [Fact]
    public void Tuesday_night_resolves_like_Tuesday()
    {
        AssertDay(Resolve("Guards heard shots Tuesday night and found the post empty."), 2023, 6, 13);
    }

    [Fact]
    public void An_explicit_day_without_a_year_is_the_most_recent_one_not_after_publication()
    {
        AssertDay(Resolve("He slipped away from his unit on Dec. 28, the officials said.", new DateTimeOffset(2024, 1, 5, 3, 0, 0, TimeSpan.Zero)), 2023, 12, 28);
    }

    [Fact]
    public void The_day_after_publication_is_allowed_for_time_zones()
    {
        AssertDay(Resolve("The crossing happened before dawn on June 17 local time."), 2023, 6, 17);
    }

    [Theory]
    [InlineData("A lone soldier crossed on December 21, 2017, in thick fog.")]
    [InlineData("A lone soldier crossed on 21 December 2017 in thick fog.")]
    [InlineData("A lone soldier crossed on Dec. 21st, 2017 in thick fog.")]
    [InlineData("A lone soldier crossed on 2017-12-21 in thick fog.")]
    public void An_explicit_day_with_a_year_is_that_day(string text)
    {
        AssertDay(Resolve(text, new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero)), 2017, 12, 21);
    }

    [Fact]
    public void A_day_of_the_month_alone_is_the_most_recent_such_day()
    {
        var published = new DateTimeOffset(2012, 4, 5, 0, 0, 0, TimeSpan.Zero);
        AssertDay(Resolve("A source said that on or about the 23rd two guards ran across the river.", published), 2012, 3, 23);
        AssertDay(Resolve("Our contact reached us on the 4th with the news.", published), 2012, 4, 4);
    }

    [Fact]
    public void An_ordinal_before_a_unit_name_is_not_a_date()
    {
        var date = Resolve("Deserters from the 12th Brigade robbed a farmhouse.");
        Assert.Equal("published", date.Evidence);
    }

    [Theory]
    [InlineData("Police found the boat yesterday.", "2023-06-15")]
    [InlineData("Police found the boat last night.", "2023-06-15")]
    [InlineData("Police found the boat this morning.", "2023-06-16")]
    [InlineData("Police found the boat earlier today.", "2023-06-16")]
    [InlineData("Police found the boat two days ago.", "2023-06-14")]
    public void Relative_days_count_back_from_publication(string text, string expected)
    {
        var date = Resolve(text);
        Assert.Equal(DateOnly.Parse(expected), date.Earliest);
        Assert.Equal(DatePrecision.Day, date.Precision);
    }

    [Fact]
    public void Last_week_is_the_week_before_the_publication_week()
    {
        AssertInterval(Resolve("Two guards fled across the river last week."), "2023-06-03", "2023-06-11", DatePrecision.Week);
    }

    [Fact]
    public void Earlier_this_week_ends_on_publication()
    {
        AssertInterval(Resolve("A fisherman was rescued earlier this week."), "2023-06-10", "2023-06-16", DatePrecision.Week);
    }

    [Fact]
    public void Three_weeks_ago_is_a_week_around_that_day()
    {
        var date = Resolve("He left his post three weeks ago.");
        Assert.Equal(DatePrecision.Week, date.Precision);
        Assert.True(date.Earliest <= new DateOnly(2023, 5, 26) && new DateOnly(2023, 5, 26) <= date.Latest);
    }

    [Fact]
    public void Last_month_is_the_previous_calendar_month()
    {
        AssertInterval(Resolve("The pilot landed at a southern airbase last month.", new DateTimeOffset(2023, 1, 10, 0, 0, 0, TimeSpan.Zero)),
            "2022-12-01", "2022-12-31", DatePrecision.Month);
    }

    [Fact]
    public void Earlier_this_month_runs_from_the_first_to_publication()
    {
        AssertInterval(Resolve("Investigators say the officer vanished earlier this month."), "2023-06-01", "2023-06-16", DatePrecision.Month);
    }

    [Fact]
    public void A_month_without_a_year_is_the_most_recent_such_month()
    {
        AssertInterval(Resolve("The guards deserted in March."), "2023-03-01", "2023-03-31", DatePrecision.Month);
        AssertInterval(Resolve("The guards deserted in March.", new DateTimeOffset(2023, 2, 10, 0, 0, 0, TimeSpan.Zero)), "2022-03-01", "2022-03-31", DatePrecision.Month);
    }

    [Fact]
    public void A_month_with_a_year_is_that_month()
    {
        AssertInterval(Resolve("The colonel left his post in March 2015, officials believe."), "2015-03-01", "2015-03-31", DatePrecision.Month);
    }

    [Fact]
    public void Late_in_a_month_narrows_to_its_last_third()
    {
        AssertInterval(Resolve("A sergeant attacked his commander's family late in May."), "2023-05-20", "2023-05-31", DatePrecision.Month);
    }

    [Fact]
    public void Last_year_and_in_a_year_are_whole_years()
    {
        AssertInterval(Resolve("The officer is believed to have fled last year."), "2022-01-01", "2022-12-31", DatePrecision.Year);
        AssertInterval(Resolve("The officer is believed to have fled in 2015."), "2015-01-01", "2015-12-31", DatePrecision.Year);
    }

    [Fact]
    public void The_headline_date_comes_before_the_text()
    {
        AssertDay(Resolve("Another guard was caught on Wednesday.", title: "Guard defects on Tuesday"), 2023, 6, 13);
    }

    [Fact]
    public void The_day_something_was_said_ranks_below_the_day_it_happened()
    {
        var saturday = new DateTimeOffset(2023, 6, 17, 4, 0, 0, TimeSpan.Zero);
        var date = Resolve("The defence ministry said on Saturday that a soldier had walked across the border at about 10 p.m. on Friday.", saturday);
        AssertDay(date, 2023, 6, 16);
    }

    [Fact]
    public void A_reported_day_is_used_when_it_is_the_only_date()
    {
        AssertDay(Resolve("Officials said Wednesday that a senior officer had come south."), 2023, 6, 14);
    }

    [Fact]
    public void A_dateline_ranks_below_the_event_date()
    {
        var date = Resolve("SEOUL, June 16 (Wire) -- A soldier crossed the frontier on Thursday and asked for asylum.");
        AssertDay(date, 2023, 6, 15);
    }

    [Fact]
    public void Dates_after_born_or_since_do_not_date_the_event()
    {
        Assert.Equal("published", Resolve("The soldier, born in 1999, has served since 2017 at a coastal post.").Evidence);
    }

    [Fact]
    public void An_earlier_incident_mentioned_for_background_does_not_date_the_report()
    {
        var published = new DateTimeOffset(2017, 12, 21, 0, 0, 0, TimeSpan.Zero);
        var date = Resolve("A young soldier walked out of the fog toward a southern guard post. On November 13, another soldier was shot while running across.", published);
        Assert.Equal("published", date.Evidence);
    }

    [Fact]
    public void A_programme_name_in_brackets_is_not_today()
    {
        var date = Resolve("The boat reached the harbour last Saturday.", title: "[Evening News Today] Boat from the North");
        AssertDay(date, 2023, 6, 10);
    }

    [Fact]
    public void Plans_and_statistics_do_not_date_the_event()
    {
        Assert.Equal("published", Resolve("Talks are planned for next week; it was the third defection this year.").Evidence);
    }

    [Fact]
    public void May_the_verb_is_not_a_month()
    {
        Assert.Equal("published", Resolve("Officials say there may 2 reasons for the delay.").Evidence);
        AssertDay(Resolve("The soldier crossed on May 5."), 2023, 5, 5);
    }

    [Fact]
    public void Without_a_date_the_event_date_is_the_publication_day()
    {
        var date = Resolve("A soldier crossed the border and asked to stay in the South.");
        AssertInterval(date, "2023-06-16", "2023-06-16", DatePrecision.Day);
        Assert.Equal("published", date.Evidence);
    }

    [Fact]
    public void The_publication_day_is_read_in_utc()
    {
        var lateEvening = new DateTimeOffset(2023, 6, 16, 23, 30, 0, TimeSpan.FromHours(-5));
        AssertDay(Resolve("Nothing dated here.", lateEvening), 2023, 6, 17);
    }

    [Fact]
    public void A_month_publication_without_a_date_is_the_whole_month()
    {
        var date = Resolve("A soldier crossed the border.", new DateTimeOffset(2012, 10, 1, 0, 0, 0, TimeSpan.Zero), precision: DatePrecision.Month);
        AssertInterval(date, "2012-10-01", "2012-10-31", DatePrecision.Month);
        Assert.Equal("published", date.Evidence);
    }

    [Fact]
    public void A_month_publication_still_resolves_an_explicit_day()
    {
        var date = Resolve("On Sunday officials described how he climbed three fences on October 2.",
            new DateTimeOffset(2012, 10, 1, 0, 0, 0, TimeSpan.Zero), precision: DatePrecision.Month);
        AssertDay(date, 2012, 10, 2);
    }

    [Fact]
    public void A_month_publication_turns_a_weekday_into_every_day_it_could_be()
    {
        var date = Resolve("Guards arrested the deserter on Sunday.", new DateTimeOffset(2015, 3, 1, 0, 0, 0, TimeSpan.Zero), precision: DatePrecision.Month);
        Assert.Equal(DatePrecision.Month, date.Precision);
        Assert.Equal("on Sunday", date.Evidence);
        Assert.True(date.Earliest <= new DateOnly(2015, 3, 1));
        Assert.Equal(new DateOnly(2015, 3, 29), date.Latest);
    }

    [Fact]
    public void A_year_publication_uses_a_month_named_in_the_text()
    {
        var date = Resolve("The fishermen came south in November.", new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero), precision: DatePrecision.Year);
        Assert.Equal(DatePrecision.Month, date.Precision);
        Assert.Equal(11, date.Earliest.Month);
    }

    [Fact]
    public void Overlaps_widens_both_intervals_by_the_slack()
    {
        var a = new EventDate(new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 1), DatePrecision.Day, "June 1");
        var b = new EventDate(new DateOnly(2023, 6, 5), new DateOnly(2023, 6, 9), DatePrecision.Week, "last week");
        Assert.False(a.Overlaps(b, 1));
        Assert.True(a.Overlaps(b, 2));
        Assert.True(b.Overlaps(a, 2));
        Assert.True(b.Overlaps(b, 0));
    }

    [Fact]
    public void Midpoint_is_the_middle_day_of_the_interval()
    {
        var month = new EventDate(new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 30), DatePrecision.Month, "in June");
        Assert.Equal(new DateOnly(2023, 6, 15), month.Midpoint);
        var day = new EventDate(new DateOnly(2023, 6, 4), new DateOnly(2023, 6, 4), DatePrecision.Day, "June 4");
        Assert.Equal(new DateOnly(2023, 6, 4), day.Midpoint);
    }
}
