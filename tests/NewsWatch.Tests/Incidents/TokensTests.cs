using NewsWatch.Incidents;

namespace NewsWatch.Tests.Incidents;

public sealed class TokensTests
{
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        Tokens.ForEachWord(text, w => words.Add(w.ToString()));
        return words;
    }

    [Fact]
    public void Words_are_the_fact_rules_words_lower_cased()
    {
        const string text = "Two KPA soldiers crossed the MDL near Panmunjŏm on 13-11-2017, a 2nd time.";
        using var index = WordIndex.Of(text);
        var expected = Enumerable.Range(0, index.Count).Select(i => index.Word(text, i).ToString().ToLowerInvariant());
        Assert.Equal(expected, Words(text));
    }

    [Theory]
    [InlineData("the soldier's rifle", "the|soldier|rifle")]
    [InlineData("KIM’S unit", "kim|unit")]
    [InlineData("don't go", "dont|go")]
    [InlineData("rock'n'roll", "rocknroll")]
    [InlineData("the '90s, soldiers' kit", "the|90s|soldiers|kit")]
    [InlineData("class of '05", "class|of|05")]
    public void An_apostrophe_before_a_letter_joins_the_word_and_a_possessive_is_dropped(string text, string words)
    {
        Assert.Equal(words.Split('|'), Words(text));
    }

    [Fact]
    public void A_word_longer_than_64_characters_is_cut()
    {
        Assert.Equal([new string('a', 64), "b"], Words(new string('A', 70) + " b"));
    }

    [Fact]
    public void Content_words_leave_out_stop_words_short_words_and_numbers_but_years_and_meet_singulars()
    {
        Assert.Equal(
            ["soldier", "crossed", "2017", "border", "post", "casualty"],
            Tokens.ContentWords("The soldiers crossed in 2017 at 40 border posts; no casualties"));
    }
}
