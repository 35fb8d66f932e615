using NewsWatch.Incidents;

namespace NewsWatch.Tests.Incidents;

public sealed class FactExtractorTests
{
    private static readonly DateTimeOffset Published = new(2023, 6, 16, 9, 0, 0, TimeSpan.Zero);

    private static readonly FactExtractor Extractor = new(RepositoryGazetteer.Instance);

    private static ReportFacts Extract(string text, string title = "") => Extractor.Extract(title, text, Published, DatePrecision.Day);

    // ---- people -------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Two soldiers crossed the line together.", 2)]
    [InlineData("A North Korean soldier walked up to a guard post.", 1)]
    [InlineData("Some 20 border guards are said to have fled.", 20)]
    [InlineData("A trio of armed soldiers broke into a farmhouse.", 3)]
    [InlineData("The lone soldier carried no weapon.", 1)]
    [InlineData("Seven North Koreans escaped by boat.", 7)]
    [InlineData("Officials said 4 fishermen were aboard.", 4)]
    [InlineData("A North Korean who crossed the river was detained.", 1)]
    [InlineData("An unarmed man from North Korea was taken into custody.", 1)]
    public void The_head_count_is_read_from_number_words_and_digits(string text, int people)
    {
        Assert.Equal(people, Extract(text).People);
    }

    [Theory]
    [InlineData("Soldiers have been stealing food from farms.")]
    [InlineData("A man said he saw lights on the water.")]
    [InlineData("Some 30,000 defectors now live in the South.")]
    [InlineData("Two guard posts were rebuilt.")]
    public void No_head_count_is_made_up(string text)
    {
        Assert.Null(Extract(text).People);
    }

    [Fact]
    public void The_headline_count_comes_first()
    {
        Assert.Equal(6, Extract("Two guards were later caught.", "Six soldiers cross into China").People);
    }

    // ---- ranks --------------------------------------------------------------------------------------------------

    [Fact]
    public void The_longest_rank_wins_and_ranks_are_lower_case()
    {
        var ranks = Extract("A Staff Sergeant and a senior colonel were named; border guards watched.").Ranks;
        Assert.Equal(["staff sergeant", "senior colonel", "border guard"], ranks);
    }

    [Fact]
    public void Abbreviated_ranks_before_a_name_are_spelled_out()
    {
        Assert.Equal(["lieutenant colonel"], Extract("Lt. Col. Pak was questioned.").Ranks);
    }

    [Theory]
    [InlineData("It was a major defection for the regime.")]
    [InlineData("He reached a general outpost south of the line.")]
    [InlineData("She works for a private company.")]
    [InlineData("The pilot project starts next year.")]
    [InlineData("Police officers blocked the road.")]
    public void Words_that_only_look_like_ranks_are_not_ranks(string text)
    {
        Assert.Empty(Extract(text).Ranks);
    }

    [Fact]
    public void A_private_as_a_noun_is_a_rank()
    {
        Assert.Equal(["private"], Extract("The defector, a North Korean private, was unarmed.").Ranks);
    }

    // ---- units --------------------------------------------------------------------------------------------------

    [Fact]
    public void Numbered_and_named_units_are_kept_as_written()
    {
        var units = Extract("Men of the 45th Division and the 7th Corps, and an officer of the Reconnaissance General Bureau, joined the Storm Corps.").Units;
        Assert.Equal(["45th Division", "7th Corps", "Reconnaissance General Bureau", "Storm Corps"], units);
    }

    [Fact]
    public void A_border_guard_brigade_is_a_unit()
    {
        Assert.Equal(["25th Border Security Brigade", "border guard regiment"],
            Extract("He served in the 25th Border Security Brigade before joining a border guard regiment.").Units);
    }

    // ---- casualties ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("The defector was shot five times as he ran.", "shot 5 times")]
    [InlineData("He was shot twice in the shoulder.", "shot 2 times")]
    [InlineData("A private shot his company commander twice after an argument.", "shot 2 times")]
    [InlineData("Two soldiers were killed and three wounded in the attack.", "2 killed; 3 wounded")]
    [InlineData("The guard fired 40 rounds at the fleeing man.", "40 rounds fired")]
    [InlineData("Troops in the South fired about 20 warning shots.", "20 warning shots")]
    [InlineData("The two guards escaped after killing roughly six or seven of their comrades.", "6-7 killed")]
    public void Casualties_are_short_normalised_phrases(string text, string casualties)
    {
        Assert.Equal(casualties, Extract(text).Casualties);
    }

    [Theory]
    [InlineData("The two sides held five rounds of talks.")]
    [InlineData("Both men survived the crossing.")]
    public void No_casualties_are_made_up(string text)
    {
        Assert.Null(Extract(text).Casualties);
    }

    // ---- names --------------------------------------------------------------------------------------------------

    [Fact]
    public void Hyphenated_and_spaced_Korean_names_meet()
    {
        Assert.Equal(["Thae Yong Ho"], Extract("The diplomat Thae Yong-ho left the embassy with his family.").Names);
        Assert.Equal(["Thae Yong Ho"], Extract("Thae Yong Ho later spoke to reporters.").Names);
    }

    [Fact]
    public void Names_keep_the_order_of_first_mention_and_appear_once()
    {
        var names = Extract("Oh Chong Song was carried out by Ri Song Chol; later Oh Chong-song recovered.").Names;
        Assert.Equal(["Oh Chong Song", "Ri Song Chol"], names);
    }

    [Fact]
    public void Leaders_named_in_every_story_are_not_names()
    {
        Assert.Empty(Extract("Kim Jong Un and Kim Jong-il appear on every page; Kim Il Sung too.").Names);
    }

    [Theory]
    [InlineData("Soldiers crossed from Kim Hyong Jik County into China.")]
    [InlineData("The Joint Chiefs of Staff told Daily NK and Yonhap on Monday.")]
    [InlineData("The United Nations Command and the National Intelligence Service said little.")]
    [InlineData("North Korean Soldier Crosses Into South Korea In Thick Fog")]
    public void Places_organisations_outlets_and_headline_words_are_not_names(string text)
    {
        Assert.Empty(Extract(text).Names);
    }

    [Fact]
    public void Spokespeople_officials_and_pseudonyms_are_left_out()
    {
        var names = Extract("Ministry spokesman Jeong Min Su spoke first. Park Ji Hoon, who speaks for the ministry, added more. "
            + "A resident, Lee Sun Ok (a pseudonym), told us the rest.").Names;
        Assert.Empty(names);
    }

    [Fact]
    public void A_western_name_needs_a_known_first_name_or_a_role()
    {
        Assert.Equal(["Yuriy Butusov"], Extract("Footage posted by Ukrainian journalist Yuriy Butusov showed the trench.").Names);
        Assert.Equal(["Travis King"], Extract("Pvt. Travis T. King crossed during a tour.").Names);
        Assert.Empty(Extract("Victory Talk and Pacific Sentinel carried the story.").Names);
    }

    // ---- the whole report ---------------------------------------------------------------------------------------

    [Fact]
    public void A_report_yields_its_facts_together()
    {
        const string title = "Two border guards flee across the Tumen into China";
        const string text = "Two North Korean border guards from the 27th Brigade crossed the frozen Tumen River near Hoeryong on Tuesday "
            + "and reached a village in China, a source told a reporter. One guard, a staff sergeant named Ri Chol Nam, was shot twice "
            + "by a pursuing patrol.";
        var facts = Extractor.Extract(title, text, Published, DatePrecision.Day);

        Assert.Equal(new DateOnly(2023, 6, 13), facts.EventDate.Earliest);
        Assert.Equal("on Tuesday", facts.EventDate.Evidence);
        Assert.Equal(["tumen_river", "china", "hoeryong"], facts.Places.Select(p => p.Id));
        Assert.Equal(2, facts.People);
        Assert.Equal(["border guard", "staff sergeant"], facts.Ranks);
        Assert.Equal(["27th Brigade"], facts.Units);
        Assert.Equal("shot 2 times", facts.Casualties);
        Assert.Equal("river_to_china", facts.Route);
        Assert.Equal(["Ri Chol Nam"], facts.Names);
    }

    [Fact]
    public void An_empty_report_yields_no_facts_but_the_publication_date()
    {
        var facts = Extractor.Extract("", "", Published, DatePrecision.Day);
        Assert.Equal("published", facts.EventDate.Evidence);
        Assert.Empty(facts.Places);
        Assert.Null(facts.People);
        Assert.Empty(facts.Ranks);
        Assert.Empty(facts.Units);
        Assert.Null(facts.Casualties);
        Assert.Null(facts.Route);
        Assert.Empty(facts.Names);
    }

    [Fact]
    public void A_long_report_that_repeats_itself_yields_the_facts_of_one_paragraph()
    {
        // How fast a long report is read is measured by the bench verbs, not here.
        var paragraph = "A North Korean soldier crossed the central section of the border at about 8 a.m. on Thursday, the Joint Chiefs of Staff said. "
            + "Troops fired about 20 warning shots when guards approached the line; Staff Sgt. Kim Chol Su of the 5th Corps was questioned. ";
        var once = Extractor.Extract("Soldier defects", paragraph, Published, DatePrecision.Day);

        var repeated = Extractor.Extract("Soldier defects", string.Concat(Enumerable.Repeat(paragraph, 6)), Published, DatePrecision.Day);

        Assert.Equal(once.EventDate, repeated.EventDate);
        Assert.Equal(once.Places, repeated.Places);
        Assert.Equal(once.People, repeated.People);
        Assert.Equal(once.Ranks, repeated.Ranks);
        Assert.Equal(once.Units, repeated.Units);
        Assert.Equal(once.Casualties, repeated.Casualties);
        Assert.Equal(once.Route, repeated.Route);
        Assert.Equal(once.Names, repeated.Names);
        Assert.Equal(1, once.People);
        Assert.Equal(["5th Corps"], once.Units);
        Assert.Equal("20 warning shots", once.Casualties);
    }
}
