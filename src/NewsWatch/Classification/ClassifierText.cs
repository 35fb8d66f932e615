namespace NewsWatch.Classification;

/// <summary>The text a report is classified on: its headline and the opening of its body.</summary>
internal static class ClassifierText
{
    /// <summary>Facts that decide the category sit in the headline and first paragraphs; the rest adds noise and time.</summary>
    public const int MaxBodyLength = 2500;

    public static string Compose(string? title, string? text)
    {
        title = title?.Trim() ?? "";
        text = text?.Trim() ?? "";
        if (text.Length > MaxBodyLength)
        {
            var cut = text.LastIndexOf(' ', MaxBodyLength);
            text = text[..(cut > MaxBodyLength / 2 ? cut : MaxBodyLength)];
        }

        return title.Length == 0 ? text : text.Length == 0 ? title : title + ". " + text;
    }
}
