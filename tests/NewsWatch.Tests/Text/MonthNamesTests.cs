using NewsWatch.Text;

namespace NewsWatch.Tests.Text;

public sealed class MonthNamesTests
{
    [Theory]
    [InlineData("January", 1)]
    [InlineData("may", 5)]
    [InlineData("Sept", 9)]
    [InlineData("SEP", 9)]
    [InlineData("Dec", 12)]
    [InlineData("Ma", 0)]
    [InlineData("Monday", 0)]
    [InlineData("", 0)]
    public void Number_reads_an_English_name_or_abbreviation_in_any_case(string name, int month)
    {
        Assert.Equal(month, MonthNames.Number(name));
    }

    [Fact]
    public void English_names_are_in_month_order_and_each_abbreviation_starts_its_month()
    {
        Assert.Equal(12, MonthNames.English.Count);
        for (var i = 0; i < MonthNames.English.Count; i++)
            Assert.Equal(i + 1, MonthNames.Number(MonthNames.English[i]));
        foreach (var abbreviation in MonthNames.EnglishAbbreviations)
            Assert.StartsWith(abbreviation, MonthNames.English[MonthNames.Number(abbreviation) - 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Other_languages_are_lower_case_and_each_name_is_listed_once()
    {
        Assert.All(MonthNames.OtherLanguages, entry =>
        {
            Assert.InRange(entry.Month, 1, 12);
            Assert.Equal(entry.Name.ToLowerInvariant(), entry.Name);
        });
        Assert.Equal(MonthNames.OtherLanguages.Count, MonthNames.OtherLanguages.Select(entry => entry.Name).Distinct(StringComparer.Ordinal).Count());
    }
}
