using System.Globalization;
namespace NewsWatch.Sources;
internal static class FeedDates
{
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var v) ? v.ToUniversalTime() : null;
}
