using NewsWatch.Sources;

namespace NewsWatch.Tests.Sources;

public sealed class HtmlTextTests
{
    [Fact]
    public void Uncapped_conversion_keeps_all_text()
    {
        Assert.Equal("Soldier crossed the MDL. Officials confirmed.", HtmlText.ToPlainText("<p>Soldier crossed the <b>MDL</b>.</p><p>Officials confirmed.</p>"));
    }

    [Fact]
    public void Script_style_and_comments_are_dropped_and_entities_decoded()
    {
        Assert.Equal("A & B — “quoted”", HtmlText.ToPlainText("<style>p{}</style>A &amp; B<!-- note --> &mdash; <script>x()</script>&ldquo;quoted&rdquo;"));
    }

    [Fact]
    public void Capped_text_is_cut_at_a_word_boundary_with_an_ellipsis()
    {
        var text = HtmlText.ToPlainText("North Korean border guards crossed the frozen river at night", 30);

        Assert.Equal("North Korean border guards…", text);
    }
}
