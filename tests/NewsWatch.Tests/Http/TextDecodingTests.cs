using System.Text;
using NewsWatch.Http;
using NewsWatch.Sources;
using Xunit;

namespace NewsWatch.Tests.Http;

public sealed class TextDecodingTests
{
    private const string KoreanHeadline = "북한군 병사 귀순… 합참 \"군사분계선 넘어와\"";

    static TextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static byte[] Encode(string encodingName, string text) => Encoding.GetEncoding(encodingName).GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    private static string RssWithTitle(string encodingLabel, string title) =>
        $"<?xml version=\"1.0\" encoding=\"{encodingLabel}\"?>\n<rss version=\"2.0\"><channel><title>{title}</title></channel></rss>";

    [Fact]
    public void Utf8_bom_wins_over_header_and_prolog_and_is_stripped()
    {
        var body = Concat([0xEF, 0xBB, 0xBF], Encoding.UTF8.GetBytes(RssWithTitle("windows-1251", "Café 북한")));

        var decoded = TextDecoding.Decode(body, "text/xml; charset=iso-8859-1");

        Assert.Equal(RssWithTitle("windows-1251", "Café 북한"), decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
        Assert.Equal("bom", decoded.Source);
    }

    [Theory]
    [InlineData("utf-16", "utf-16le")]
    [InlineData("utf-16BE", "utf-16be")]
    [InlineData("utf-32", "utf-32le")]
    [InlineData("utf-32BE", "utf-32be")]
    public void Utf16_and_utf32_boms_are_detected_and_stripped(string dotnetEncodingName, string expectedEncodingName)
    {
        var encoding = Encoding.GetEncoding(dotnetEncodingName);
        var text = RssWithTitle("utf-8", "Пример 例子 북한군");
        var body = Concat(encoding.GetPreamble(), encoding.GetBytes(text));

        var decoded = TextDecoding.Decode(body, "application/rss+xml; charset=utf-8");

        Assert.Equal(text, decoded.Text);
        Assert.Equal(expectedEncodingName, decoded.EncodingName);
        Assert.Equal("bom", decoded.Source);
    }

    [Theory]
    [InlineData("utf-16", "utf-16le")]
    [InlineData("utf-16BE", "utf-16be")]
    [InlineData("utf-32", "utf-32le")]
    [InlineData("utf-32BE", "utf-32be")]
    public void Utf16_and_utf32_without_bom_are_detected_from_the_xml_declaration_bytes(string dotnetEncodingName, string expectedEncodingName)
    {
        var text = RssWithTitle("utf-16", "Café 北京 북한군");
        var body = Encoding.GetEncoding(dotnetEncodingName).GetBytes(text);

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Equal(text, decoded.Text);
        Assert.Equal(expectedEncodingName, decoded.EncodingName);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Fact]
    public void Utf16_without_bom_beats_a_contradicting_header()
    {
        var text = RssWithTitle("utf-16", "Ёжик");
        var body = Encoding.BigEndianUnicode.GetBytes(text);

        var decoded = TextDecoding.Decode(body, "text/xml; charset=iso-8859-1");

        Assert.Equal(text, decoded.Text);
        Assert.Equal("utf-16be", decoded.EncodingName);
    }

    [Fact]
    public void Header_charset_beats_xml_declaration()
    {
        var body = Encode("windows-1251", RssWithTitle("iso-8859-1", "Новости: Москва и Санкт-Петербург"));

        var decoded = TextDecoding.Decode(body, "application/rss+xml; charset=windows-1251");

        Assert.Contains("<title>Новости: Москва и Санкт-Петербург</title>", decoded.Text);
        Assert.Equal("windows-1251", decoded.EncodingName);
        Assert.Equal("http", decoded.Source);
    }

    [Theory]
    [InlineData("text/xml; CHARSET=\"KOI8-R\"")]
    [InlineData("text/xml;charset=koi8-r")]
    [InlineData("text/xml; format=flowed ; Charset= \"koi8-r\" ")]
    public void Header_charset_is_case_insensitive_and_may_be_quoted(string contentType)
    {
        var body = Encode("koi8-r", RssWithTitle("utf-8", "Привет мир"));

        var decoded = TextDecoding.Decode(body, contentType);

        Assert.Contains("<title>Привет мир</title>", decoded.Text);
        Assert.Equal("koi8-r", decoded.EncodingName);
        Assert.Equal("http", decoded.Source);
    }

    [Fact]
    public void Euc_kr_declared_in_xml_prolog_is_decoded()
    {
        var body = Encode("euc-kr", RssWithTitle("EUC-KR", KoreanHeadline));

        var decoded = TextDecoding.Decode(body, "application/rss+xml");

        Assert.Contains($"<title>{KoreanHeadline}</title>", decoded.Text);
        Assert.Equal("euc-kr", decoded.EncodingName);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Fact]
    public void Euc_kr_label_decodes_extended_hangul_outside_ks_x_1001()
    {
        // "똠" and "햏" exist only in Microsoft's extended EUC-KR (code page 949), which Korean sites label euc-kr.
        var body = Encode("ks_c_5601-1987", RssWithTitle("euc-kr", "똠방각하 햏자"));

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains("<title>똠방각하 햏자</title>", decoded.Text);
    }

    [Fact]
    public void Windows_1251_declared_in_xml_prolog_is_decoded()
    {
        var body = Encode("windows-1251", RssWithTitle("windows-1251", "Госдума приняла закон о «цифровом рубле»"));

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains("<title>Госдума приняла закон о «цифровом рубле»</title>", decoded.Text);
        Assert.Equal("windows-1251", decoded.EncodingName);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Fact]
    public void Gb2312_declared_in_xml_prolog_is_decoded()
    {
        var body = Encode("gb2312", RssWithTitle("gb2312", "国务院新闻办公室举行发布会"));

        var decoded = TextDecoding.Decode(body, "text/xml");

        Assert.Contains("<title>国务院新闻办公室举行发布会</title>", decoded.Text);
        Assert.Equal("gbk", decoded.EncodingName);
    }

    [Fact]
    public void Iso_8859_1_from_header_is_decoded_as_windows_1252_so_smart_quotes_survive()
    {
        var body = Encode("windows-1252", RssWithTitle("utf-8", "“Déjà vu” – naïve café €5"));

        var decoded = TextDecoding.Decode(body, "text/html; charset=ISO-8859-1");

        Assert.Contains("<title>“Déjà vu” – naïve café €5</title>", decoded.Text);
        Assert.Equal("windows-1252", decoded.EncodingName);
        Assert.Equal("http", decoded.Source);
    }

    [Fact]
    public void Header_latin1_is_trusted_even_when_the_bytes_are_valid_utf8()
    {
        var body = Encoding.UTF8.GetBytes(RssWithTitle("utf-8", "Café"));

        var decoded = TextDecoding.Decode(body, "text/xml; charset=latin1");

        Assert.Contains("<title>CafÃ©</title>", decoded.Text);
        Assert.Equal("http", decoded.Source);
    }

    [Fact]
    public void Meta_charset_in_html_is_used()
    {
        var html = "<!DOCTYPE html><html><head><meta charset=\"windows-1251\"><title>Последние новости</title></head></html>";

        var decoded = TextDecoding.Decode(Encode("windows-1251", html), "text/html");

        Assert.Equal(html, decoded.Text);
        Assert.Equal("windows-1251", decoded.EncodingName);
        Assert.Equal("meta", decoded.Source);
    }

    [Fact]
    public void Meta_http_equiv_content_type_in_html_is_used()
    {
        var html = "<html><head>\n<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=euc-kr\">\n"
            + $"<title>{KoreanHeadline}</title></head></html>";

        var decoded = TextDecoding.Decode(Encode("euc-kr", html), contentTypeHeader: null);

        Assert.Equal(html, decoded.Text);
        Assert.Equal("euc-kr", decoded.EncodingName);
        Assert.Equal("meta", decoded.Source);
    }

    [Fact]
    public void Meta_inside_a_comment_or_cdata_is_ignored()
    {
        var html = "<html><head><!-- <meta charset=\"koi8-r\"> --></head><body><![CDATA[<meta charset=\"big5\">]]>Café</body></html>";

        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes(html), contentTypeHeader: null);

        Assert.Equal(html, decoded.Text);
        Assert.Equal("default", decoded.Source);
    }

    [Fact]
    public void Meta_beyond_the_first_4_kb_is_ignored()
    {
        var html = "<html><head>" + new string(' ', 5000) + "<meta charset=\"windows-1251\"></head><body>Москва</body></html>";

        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes(html), contentTypeHeader: null);

        Assert.Contains("Москва", decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
        Assert.Equal("default", decoded.Source);
    }

    [Theory]
    [InlineData("ISO-8859-1")]
    [InlineData("windows-1252")]
    [InlineData("us-ascii")]
    public void Lying_latin_prolog_with_valid_utf8_is_decoded_as_utf8(string declaredLabel)
    {
        var text = RssWithTitle(declaredLabel, $"Café — Euro € — {KoreanHeadline}");

        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes(text), contentTypeHeader: null);

        Assert.Equal(text, decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
        Assert.Equal("utf8-detected", decoded.Source);
    }

    [Fact]
    public void Lying_latin_meta_with_valid_utf8_is_decoded_as_utf8()
    {
        var html = "<html><head><meta http-equiv=content-type content=\"text/html;charset=iso-8859-1\"></head><body>Café €</body></html>";

        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal(html, decoded.Text);
        Assert.Equal("utf8-detected", decoded.Source);
    }

    [Fact]
    public void Truthful_latin_prolog_is_kept_when_the_bytes_are_not_utf8()
    {
        var body = Encode("windows-1252", RssWithTitle("iso-8859-1", "Présentation à Zürich"));

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains("<title>Présentation à Zürich</title>", decoded.Text);
        Assert.Equal("windows-1252", decoded.EncodingName);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Fact]
    public void Xml_declaration_without_space_before_encoding_is_still_read()
    {
        var body = Encode("windows-1251", "<?xml version=\"1.0\"encoding='windows-1251'?><rss><title>Ёлка</title></rss>");

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains("<title>Ёлка</title>", decoded.Text);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Fact]
    public void Unknown_header_label_falls_back_to_the_xml_declaration()
    {
        var body = Encode("koi8-r", RssWithTitle("koi8-r", "Ёжик"));

        var decoded = TextDecoding.Decode(body, "text/xml; charset=x-no-such-charset");

        Assert.Contains("<title>Ёжик</title>", decoded.Text);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("")]
    [InlineData("utf-16")]
    [InlineData("Ω-bogus")]
    public void Unusable_xml_declaration_label_falls_back_to_utf8(string declaredLabel)
    {
        var text = RssWithTitle(declaredLabel, "북한군 Café");

        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes(text), contentTypeHeader: "application/xml; charset=");

        Assert.Equal(text, decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
        Assert.Equal("default", decoded.Source);
    }

    [Fact]
    public void Utf16_header_on_an_ascii_compatible_body_is_ignored()
    {
        var text = RssWithTitle("utf-8", "Café");

        var decoded = TextDecoding.Decode(Encoding.UTF8.GetBytes(text), "text/xml; charset=utf-16");

        Assert.Equal(text, decoded.Text);
        Assert.Equal("xml-declaration", decoded.Source);
    }

    [Theory]
    [InlineData("x-sjis", "shift_jis", "東京で記者会見")]
    [InlineData("ms_kanji", "shift_jis", "東京で記者会見")]
    [InlineData("ks_c_5601-1987", "euc-kr", "북한군 병사 귀순")]
    [InlineData("cp949", "euc-kr", "북한군 병사 귀순")]
    [InlineData("utf8", "utf-8", "Café 北京")]
    [InlineData("latin1", "windows-1252", "“naïve”")]
    [InlineData("iso-8859-7", "iso-8859-7", "Αθήνα")]
    [InlineData("big5", "big5", "臺灣新聞")]
    [InlineData("euc-jp", "euc-jp", "日本語のニュース")]
    [InlineData("gbk", "gbk", "新华社北京电")]
    [InlineData("koi8-r", "koi8-r", "Ёжик")]
    public void Whatwg_labels_resolve_to_the_right_encoding(string label, string expectedEncodingName, string title)
    {
        var dotnetEncoding = expectedEncodingName switch
        {
            "euc-kr" => "ks_c_5601-1987",
            "gbk" => "gb2312",
            _ => expectedEncodingName,
        };
        var body = Encode(dotnetEncoding, RssWithTitle(label, title));

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains($"<title>{title}</title>", decoded.Text);
        Assert.Equal(expectedEncodingName, decoded.EncodingName);
    }

    [Fact]
    public void Undeclared_non_utf8_bytes_fall_back_to_windows_1252_without_replacement_characters()
    {
        var body = Encode("windows-1252", "<?xml version=\"1.0\"?><rss><channel><title>Don’t panic — café</title></channel></rss>");

        var decoded = TextDecoding.Decode(body, "application/rss+xml");

        Assert.Contains("<title>Don’t panic — café</title>", decoded.Text);
        Assert.DoesNotContain('\uFFFD', decoded.Text);
        Assert.Equal("windows-1252", decoded.EncodingName);
        Assert.Equal("default", decoded.Source);
    }

    [Fact]
    public void Undeclared_korean_text_is_detected_as_euc_kr()
    {
        var body = Encode("euc-kr", $"<rss><channel><title>{KoreanHeadline}</title><item><title>국방부, 귀순 경위 조사 중</title></item></channel></rss>");

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains($"<title>{KoreanHeadline}</title>", decoded.Text);
        Assert.Contains("<title>국방부, 귀순 경위 조사 중</title>", decoded.Text);
        Assert.Equal("euc-kr", decoded.EncodingName);
        Assert.Equal("default", decoded.Source);
    }

    [Fact]
    public void Undeclared_utf8_with_one_truncated_character_stays_utf8()
    {
        var valid = Encoding.UTF8.GetBytes($"<rss><title>{KoreanHeadline}</title><description>");
        var truncatedHangul = Encoding.UTF8.GetBytes("귀")[..2];
        var body = Concat(valid, truncatedHangul, Encoding.UTF8.GetBytes("</description></rss>"));

        var decoded = TextDecoding.Decode(body, contentTypeHeader: null);

        Assert.Contains($"<title>{KoreanHeadline}</title>", decoded.Text);
        Assert.Equal("utf-8", decoded.EncodingName);
    }

    [Fact]
    public void Empty_body_decodes_to_empty_utf8_text()
    {
        var decoded = TextDecoding.Decode([], contentTypeHeader: null);

        Assert.Equal(new DecodedText("", "utf-8", "default"), decoded);
    }

    public static TheoryData<string, string?, string, string, string, string[], bool> EvaluationCases() => new()
    {
        // file, Content-Type header, encoding, source, decoded text starts with, must contain, replacement chars expected
        { "miniflux/encoding/iso-8859-1.html", null, "windows-1252", "meta", "<!DOCTYPE", ["Café"], false },
        { "miniflux/encoding/iso-8859-1.xml", null, "windows-1252", "xml-declaration", "<?xml", ["Café"], false },
        { "miniflux/encoding/iso-8859-1.xml", "text/html; charset=ISO-8859-1", "windows-1252", "http", "<?xml", ["Café"], false },
        { "miniflux/encoding/koi8r.xml", null, "koi8-r", "xml-declaration", "<?xml", ["Пример RSS ленты", "Привет мир! Ёжик, чай, Москва, Санкт-Петербург.", "Тестовая лента в кодировке KOI8-R", "Проверка специальных символов"], false },
        { "miniflux/encoding/koi8r.xml", "application/rss+xml; charset=KOI8-R", "koi8-r", "http", "<?xml", ["Пример RSS ленты"], false },
        { "miniflux/encoding/utf8-incorrect-prolog.xml", null, "utf-8", "utf8-detected", "<?xml", ["Café"], false },
        { "miniflux/encoding/utf8.html", "text/html; charset=UTF-8", "utf-8", "http", "<!DOCTYPE", ["Café"], false },
        { "miniflux/encoding/utf8.html", "text/html", "utf-8", "meta", "<!DOCTYPE", ["Café"], false },
        { "miniflux/encoding/windows-1252-incorrect-prolog.xml", null, "utf-8", "utf8-detected", "<?xml", ["Euro €"], false },
        { "feedparser/encoding/big5.xml", null, "big5", "xml-declaration", "<?xml", ["<rss>"], false },
        { "feedparser/encoding/bozo_encoding_mismatch_crash.xml", null, "windows-1252", "default", "<!--", ["</rss>"], false },
        { "feedparser/encoding/bozo_http_text_plain.xml", "text/plain", "utf-8", "default", "<?xml", ["<rss"], false },
        { "feedparser/encoding/bozo_http_text_plain_charset.xml", "text/plain; charset=utf-8", "utf-8", "http", "<?xml", ["<rss"], false },
        { "feedparser/encoding/bozo_invalid-bytes-with-bom.xml", null, "utf-8", "bom", "<!--", ["<rss"], true },
        { "feedparser/encoding/bozo_linenoise.xml", null, "utf-8", "xml-declaration", "<?xml", ["<rss"], true },
        { "feedparser/encoding/demoronize-2.xml", null, "utf-8", "default", "<?xml", ["<rss"], false },
        { "feedparser/encoding/double-encoded-html.xml", null, "utf-8", "default", "<?xml", ["<rss"], false },
        { "feedparser/encoding/euc-kr-attribute.xml", null, "euc-kr", "xml-declaration", "<?xml", ["alt=\"년\""], false },
        { "feedparser/encoding/euc-kr.xml", null, "euc-kr", "xml-declaration", "<?xml", ["<title>년</title>"], false },
        { "feedparser/encoding/http_application_rss_xml_charset_overrides_encoding.xml", "application/rss+xml;charset= \"us-ascii\"", "windows-1252", "http", "<?xml", ["<rss"], false },
        { "feedparser/encoding/http_application_xml_default.xml", "application/xml", "utf-8", "default", "<?xml", ["<rss"], false },
        { "feedparser/encoding/http_encoding_attribute_crash.xml", "application/atom+xml", "utf-8", "xml-declaration", "<?xml", ["<feed"], false },
        { "feedparser/encoding/http_text_rss_xml_encoding.xml", "text/rss+xml", "windows-1252", "xml-declaration", "<?xml", ["<rss"], false },
        { "feedparser/encoding/no_content_type_default.xml", null, "utf-8", "default", "<?xml", ["<feed"], false },
        { "feedparser/encoding/no_content_type_encoding.xml", null, "windows-1252", "xml-declaration", "<?xml", ["<feed"], false },
        { "feedparser/encoding/u16.xml", null, "utf-16be", "xml-declaration", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf-16le-bom.xml", null, "utf-16le", "bom", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf-16le.xml", null, "utf-16le", "xml-declaration", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf-32be.xml", null, "utf-32be", "xml-declaration", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf-32le-bom.xml", null, "utf-32le", "bom", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf-32le.xml", null, "utf-32le", "xml-declaration", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf-8-bom.xml", null, "utf-8", "bom", "<?xml", ["<rss"], false },
        { "feedparser/encoding/utf_32.xml", null, "utf-32be", "xml-declaration", "<?xml", ["<rss"], false },
    };

    [Theory]
    [MemberData(nameof(EvaluationCases))]
    public void Shared_edge_feed_decodes_as_the_manifest_expects(
        string relativePath, string? contentType, string expectedEncodingName, string expectedSource,
        string expectedStart, string[] expectedFragments, bool replacementCharactersExpected)
    {
        var edgeFeeds = FindSharedEdgeFeedsDirectory();
        var path = Path.Combine(edgeFeeds, relativePath);
        if (!File.Exists(path))
            Assert.Skip($"{path} is not available");

        var decoded = TextDecoding.Decode(File.ReadAllBytes(path), contentType);

        Assert.Equal(expectedEncodingName, decoded.EncodingName);
        Assert.Equal(expectedSource, decoded.Source);
        Assert.StartsWith(expectedStart, decoded.Text.TrimStart(), StringComparison.Ordinal);
        foreach (var fragment in expectedFragments)
            Assert.Contains(fragment, decoded.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', decoded.Text);
        if (!replacementCharactersExpected)
            Assert.DoesNotContain('\uFFFD', decoded.Text);
    }

    private static string FindSharedEdgeFeedsDirectory() =>
        Path.Combine(NewsWatch.Tests.Support.Fixtures.RequireSharedData(), "feeds", "edge");

    private static string KoreanPage(string metaCharset) =>
        $"<html lang=\"ko\"><head>{metaCharset}<title>{KoreanHeadline}</title></head><body><p>군 당국은 12일 새벽 북한 주민 두 명이 소형 목선을 타고 서해 북방한계선을 넘어왔다고 밝혔다.</p></body></html>";

    [Fact]
    public void Euc_kr_page_declared_utf8_by_the_server_is_decoded_by_its_meta_charset_and_flagged()
    {
        var body = Encode("euc-kr", KoreanPage("<meta charset=\"euc-kr\">"));

        var decoded = TextDecoding.Decode(body, "text/html; charset=UTF-8");

        Assert.Equal(KoreanPage("<meta charset=\"euc-kr\">"), decoded.Text);
        Assert.Equal(("euc-kr", "meta", "utf-8 (http)"), (decoded.EncodingName, decoded.Source, decoded.WrongDeclaration));
    }

    [Fact]
    public void Euc_kr_page_declared_utf8_everywhere_is_decoded_as_euc_kr_and_flagged()
    {
        var body = Encode("euc-kr", KoreanPage("<meta charset=\"utf-8\">"));

        var decoded = TextDecoding.Decode(body, "text/html; charset=utf-8");

        Assert.Contains(KoreanHeadline, decoded.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', decoded.Text);
        Assert.Equal(("euc-kr", "default", "utf-8 (http)"), (decoded.EncodingName, decoded.Source, decoded.WrongDeclaration));
    }

    [Fact]
    public void Utf8_page_with_one_stray_invalid_byte_stays_utf8_and_is_not_flagged()
    {
        var body = Concat(Encoding.UTF8.GetBytes(KoreanPage("")), [0xB0], Encoding.UTF8.GetBytes("<p>끝</p>"));

        var decoded = TextDecoding.Decode(body, "text/html; charset=utf-8");

        Assert.Contains(KoreanHeadline, decoded.Text, StringComparison.Ordinal);
        Assert.Equal(("utf-8", "http", (string?)null), (decoded.EncodingName, decoded.Source, decoded.WrongDeclaration));
    }

    [Fact]
    public void Binary_bodies_are_not_text_and_wide_unicode_and_iso_2022_are()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var controls = Enumerable.Range(0, 400).Select(i => (byte)(i % 2 == 0 ? 0x01 + (i % 7) : 0x41)).ToArray();

        Assert.StartsWith("a NUL byte at offset 8", TextDecoding.WhyNotText(png), StringComparison.Ordinal);
        Assert.Contains("control characters", TextDecoding.WhyNotText(controls), StringComparison.Ordinal);
        Assert.Null(TextDecoding.WhyNotText(Concat([0xFF, 0xFE], Encoding.Unicode.GetBytes("<html><p>text</p></html>"))));
        Assert.Null(TextDecoding.WhyNotText(Encoding.Unicode.GetBytes("<html><p>text</p></html>")));
        Assert.Null(TextDecoding.WhyNotText(Encode("iso-2022-jp", "<html><p>北朝鮮の兵士が軍事境界線を越えた。日本語の文章です。</p></html>")));
        Assert.Null(TextDecoding.WhyNotText(Encode("euc-kr", KoreanPage(""))));
    }
}
