using System.Text;
using NewsWatch.Extraction;

namespace NewsWatch.Tests.Extraction;

/// <summary>Pages nested deep enough to take minutes to parse are refused for their depth; ordinary markup is not.</summary>
public sealed class DeepPageTests
{
    private const string Story =
        "<p>A North Korean soldier crossed the military demarcation line in the central section of the border on Tuesday morning, the Joint Chiefs of Staff said.</p>" +
        "<p>The soldier was taken into custody and the authorities plan to question him about how and why he crossed, officials said later in the day.</p>";

    internal static string PageNested(int depth, string open = "<div>", string close = "</div>")
    {
        var html = new StringBuilder("<!DOCTYPE html><html><head><title>Soldier crosses border</title></head><body><article>");
        for (var i = 0; i < depth; i++)
            html.Append(open);
        html.Append(Story);
        for (var i = 0; i < depth; i++)
            html.Append(close);
        return html.Append("</article></body></html>").ToString();
    }

    [Fact]
    public void A_page_of_200000_nested_divs_is_refused_for_its_depth()
    {
        var error = Assert.Throws<PageFormatException>(() => ArticleExtractor.Extract(PageNested(200_000), null));

        Assert.StartsWith($"the page nests elements more than {HtmlNesting.MaxDepth} deep", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_closing_syntax_does_not_hide_nesting_outside_svg()
    {
        // In HTML "<div/>" opens a div like "<div>" does.
        Assert.Throws<PageFormatException>(() => ArticleExtractor.Extract(PageNested(HtmlNesting.MaxDepth + 1, "<div/>", ""), null));
        Assert.Throws<PageFormatException>(() => ArticleExtractor.Extract(PageNested(HtmlNesting.MaxDepth + 1, "<div '>", "</div>"), null));
    }

    [Fact]
    public void A_page_nested_within_the_limit_is_extracted()
    {
        var article = ArticleExtractor.Extract(PageNested(HtmlNesting.MaxDepth - 10), null);

        Assert.Contains("crossed the military demarcation line", article.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<html><body><p>text<!-- unterminated")]
    [InlineData("<html><body><p>text<div class=\"x")]
    [InlineData("<html><body><p>text<script>var a = '<div>'")]
    [InlineData("<html><body><p>text<")]
    [InlineData("<html><body><p>text</")]
    public void A_page_cut_off_in_any_construct_is_still_extracted(string html)
    {
        ArticleExtractor.Extract(html, null);
    }

    [Fact]
    public void Unclosed_paragraphs_list_items_void_elements_svg_shapes_and_scripts_do_not_count_as_nesting()
    {
        var many = 3 * HtmlNesting.MaxDepth;
        var html = "<!DOCTYPE html><html><head><title>T</title><script>" + string.Concat(Enumerable.Repeat("<div>", many)) + "</script></head><body>"
            + "<svg>" + string.Concat(Enumerable.Repeat("<path d='M0 0'/>", many)) + "</svg>"
            + "<ul>" + string.Concat(Enumerable.Repeat("<li>item<br><img src=x.png>", many)) + "</ul>"
            + "<!-- " + string.Concat(Enumerable.Repeat("<span>", many)) + " -->"
            + "<article>" + string.Concat(Enumerable.Repeat("<p>short", many)) + Story + "</article></body></html>";

        var article = ArticleExtractor.Extract(html, null);

        Assert.Contains("crossed the military demarcation line", article.Text, StringComparison.Ordinal);
    }
}
