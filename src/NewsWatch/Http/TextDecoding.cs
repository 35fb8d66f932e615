using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text;
using System.Text.Unicode;

namespace NewsWatch.Http;

/// <param name="WrongDeclaration">When the document declared UTF-8 but is not: what it declared and where, e.g. "utf-8 (http)".</param>
internal sealed record DecodedText(string Text, string EncodingName, string Source, string? WrongDeclaration = null);

internal static class TextDecoding
{
    public const string SourceBom = "bom";
    public const string SourceHttp = "http";
    public const string SourceXmlDeclaration = "xml-declaration";
    public const string SourceMeta = "meta";
    public const string SourceUtf8Detected = "utf8-detected";
    public const string SourceDefault = "default";

    private const int DeclarationScanLimit = 4096;
    private const int MaxLabelLength = 64;
    private const int MaxCachedUnknownLabels = 128;

    private static readonly CharsetEntry Utf8Charset;
    private static readonly CharsetEntry Utf16LittleEndianCharset;
    private static readonly CharsetEntry Utf16BigEndianCharset;
    private static readonly CharsetEntry Utf32LittleEndianCharset;
    private static readonly CharsetEntry Utf32BigEndianCharset;
    private static readonly CharsetEntry Windows1252Charset;
    private static readonly CharsetEntry EucKrCharset;
    private static readonly FrozenDictionary<string, CharsetEntry>.AlternateLookup<ReadOnlySpan<char>> EntriesByLabel;
    private static readonly ConcurrentDictionary<string, CharsetEntry?> LabelsOutsideTable = new(StringComparer.OrdinalIgnoreCase);
    private static readonly SearchValues<char> LabelCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    static TextDecoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        Utf8Charset = new CharsetEntry("utf-8", Encoding.UTF8);
        Utf16LittleEndianCharset = new CharsetEntry("utf-16le", Encoding.Unicode);
        Utf16BigEndianCharset = new CharsetEntry("utf-16be", Encoding.BigEndianUnicode);
        Utf32LittleEndianCharset = new CharsetEntry("utf-32le", Encoding.UTF32);
        Utf32BigEndianCharset = new CharsetEntry("utf-32be", new UTF32Encoding(bigEndian: true, byteOrderMark: false));
        Windows1252Charset = new CharsetEntry("windows-1252", 1252);
        // WHATWG's euc-kr is Microsoft's UHC (949); .NET's 51949 cannot decode the extended Hangul Korean sites emit.
        EucKrCharset = new CharsetEntry("euc-kr", 949);

        var table = new Dictionary<string, CharsetEntry>(StringComparer.OrdinalIgnoreCase);
        void Add(CharsetEntry entry, params string[] labels)
        {
            foreach (var label in labels)
                table.Add(label, entry);
        }

        // Labels from the WHATWG Encoding Standard, plus a few common non-WHATWG spellings (cp949, utf_8, ...).
        Add(Utf8Charset, "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8", "utf_8");
        Add(new CharsetEntry("ibm866", 866), "866", "cp866", "csibm866", "ibm866");
        Add(new CharsetEntry("iso-8859-2", 28592), "csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2");
        Add(new CharsetEntry("iso-8859-3", 28593), "csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3");
        Add(new CharsetEntry("iso-8859-4", 28594), "csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4");
        Add(new CharsetEntry("iso-8859-5", 28595), "csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988");
        Add(new CharsetEntry("iso-8859-6", 28596), "arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987");
        Add(new CharsetEntry("iso-8859-7", 28597), "csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek");
        Add(new CharsetEntry("iso-8859-8", 28598), "csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8", "iso_8859-8:1988", "visual");
        Add(new CharsetEntry("iso-8859-8-i", 38598), "csiso88598i", "iso-8859-8-i", "logical");
        Add(new CharsetEntry("iso-8859-13", 28603), "iso-8859-13", "iso8859-13", "iso885913");
        Add(new CharsetEntry("iso-8859-15", 28605), "csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9");
        Add(new CharsetEntry("koi8-r", 20866), "cskoi8r", "koi", "koi8", "koi8-r", "koi8_r");
        Add(new CharsetEntry("koi8-u", 21866), "koi8-ru", "koi8-u");
        Add(new CharsetEntry("macintosh", 10000), "csmacintosh", "mac", "macintosh", "x-mac-roman");
        Add(new CharsetEntry("windows-874", 874), "dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874");
        Add(new CharsetEntry("windows-1250", 1250), "cp1250", "windows-1250", "x-cp1250");
        Add(new CharsetEntry("windows-1251", 1251), "cp1251", "windows-1251", "x-cp1251");
        Add(Windows1252Charset, "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252");
        Add(new CharsetEntry("windows-1253", 1253), "cp1253", "windows-1253", "x-cp1253");
        Add(new CharsetEntry("windows-1254", 1254), "cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254");
        Add(new CharsetEntry("windows-1255", 1255), "cp1255", "windows-1255", "x-cp1255");
        Add(new CharsetEntry("windows-1256", 1256), "cp1256", "windows-1256", "x-cp1256");
        Add(new CharsetEntry("windows-1257", 1257), "cp1257", "windows-1257", "x-cp1257");
        Add(new CharsetEntry("windows-1258", 1258), "cp1258", "windows-1258", "x-cp1258");
        Add(new CharsetEntry("x-mac-cyrillic", 10007), "x-mac-cyrillic", "x-mac-ukrainian");
        Add(new CharsetEntry("gbk", 936), "chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk", "cp936", "ms936", "windows-936");
        Add(new CharsetEntry("gb18030", 54936), "gb18030");
        Add(new CharsetEntry("big5", 950), "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950");
        Add(new CharsetEntry("euc-jp", 51932), "cseucpkdfmtjapanese", "euc-jp", "x-euc-jp", "eucjp");
        Add(new CharsetEntry("iso-2022-jp", 50220), "csiso2022jp", "iso-2022-jp");
        Add(new CharsetEntry("shift_jis", 932), "csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis", "cp932");
        Add(EucKrCharset, "cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949", "cp949", "ms949", "uhc", "euckr");
        Add(Utf16BigEndianCharset, "unicodefffe", "utf-16be");
        Add(Utf16LittleEndianCharset, "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le");
        Add(Utf32LittleEndianCharset, "utf-32", "utf-32le", "ucs-4", "iso-10646-ucs-4");
        Add(Utf32BigEndianCharset, "utf-32be");

        EntriesByLabel = table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static DecodedText Decode(ReadOnlySpan<byte> body, string? contentTypeHeader)
    {
        var decoded = DecodeAsDeclared(body, contentTypeHeader);
        if (decoded.EncodingName != Utf8Charset.Name || decoded.Source is SourceBom or SourceDefault or SourceUtf8Detected || Utf8.IsValid(body) || !IsMostlyNotUtf8(body))
            return decoded;

        // Declared UTF-8 but mostly invalid as UTF-8 (an EUC-KR page behind a server-wide "charset=utf-8"): decoding it as
        // declared would store replacement characters. The page's own other declaration, else the legacy charset it looks like.
        var head = body[..Math.Min(body.Length, DeclarationScanLimit)];
        var asciiCompatibleStart = StartsLikeAsciiMarkup(body);
        var wrong = $"{decoded.EncodingName} ({decoded.Source})";
        if (TryFindXmlDeclaredEncoding(head, out var xmlLabel) && TryResolveLabel(xmlLabel, asciiCompatibleStart, out var xmlEntry) && xmlEntry != Utf8Charset)
            return Create(body, xmlEntry, SourceXmlDeclaration) with { WrongDeclaration = wrong };
        if (TryFindMetaCharset(head, out var metaLabel) && TryResolveLabel(metaLabel, asciiCompatibleStart, out var metaEntry) && metaEntry != Utf8Charset)
            return Create(body, metaEntry, SourceMeta) with { WrongDeclaration = wrong };
        return Create(body, GuessUndeclaredLegacyEncoding(body), SourceDefault) with { WrongDeclaration = wrong };
    }

    /// <summary>
    /// A body that is not text at all (an image, a PDF or a compressed file under a text/html label, or none): NUL bytes, or
    /// many control characters, in its first kilobytes. Returns why, or null for text. UTF-16 and UTF-32, which hold NULs,
    /// are recognised first by their byte order mark or their first characters.
    /// </summary>
    public static string? WhyNotText(ReadOnlySpan<byte> body)
    {
        if (TryDetectByteOrderMark(body, out _, out _) || TryDetectWideXmlStart(body, out _))
            return null;
        var sample = body[..Math.Min(body.Length, 8192)];
        var nul = sample.IndexOf((byte)0);
        if (nul >= 0)
            return $"a NUL byte at offset {nul}: binary data, not text";
        var controls = 0;
        foreach (var b in sample)
        {
            // Tab, line breaks and form feed are text; ESC, SO and SI switch character sets in ISO-2022 text.
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or 0x1B or 0x0E or 0x0F) || b == 0x7F)
                controls++;
        }

        return sample.Length > 0 && controls * 20 > sample.Length
            ? $"{controls * 100 / sample.Length}% of its first {sample.Length} bytes are control characters: binary data, not text"
            : null;
    }

    private static DecodedText DecodeAsDeclared(ReadOnlySpan<byte> body, string? contentTypeHeader)
    {
        if (TryDetectByteOrderMark(body, out var bomEntry, out int bomLength))
            return Create(body[bomLength..], bomEntry, SourceBom);

        if (TryDetectWideXmlStart(body, out var wideEntry))
            return Create(body, wideEntry, SourceXmlDeclaration);

        bool asciiCompatibleStart = StartsLikeAsciiMarkup(body);

        if (contentTypeHeader is not null
            && TryResolveLabel(FindCharsetParameter(contentTypeHeader), asciiCompatibleStart, out var httpEntry))
            return Create(body, httpEntry, SourceHttp);

        var head = body[..Math.Min(body.Length, DeclarationScanLimit)];

        if (TryFindXmlDeclaredEncoding(head, out var xmlLabel)
            && TryResolveLabel(xmlLabel, asciiCompatibleStart, out var xmlEntry))
            return CreateDeclared(body, xmlEntry, SourceXmlDeclaration);

        if (TryFindMetaCharset(head, out var metaLabel)
            && TryResolveLabel(metaLabel, asciiCompatibleStart, out var metaEntry))
            return CreateDeclared(body, metaEntry, SourceMeta);

        if (Utf8.IsValid(body))
            return Create(body, Utf8Charset, SourceDefault);

        return Create(body, GuessUndeclaredLegacyEncoding(body), SourceDefault);
    }

    private static DecodedText Create(ReadOnlySpan<byte> bytes, CharsetEntry entry, string source) =>
        new(entry.Encoding.GetString(bytes), entry.Name, source);

    // Feeds often keep a Latin prolog after their software switched to UTF-8; valid multi-byte UTF-8 in Latin text is implausible.
    private static DecodedText CreateDeclared(ReadOnlySpan<byte> body, CharsetEntry entry, string source)
    {
        if (entry.Encoding.IsSingleByte && !Ascii.IsValid(body) && Utf8.IsValid(body))
            return Create(body, Utf8Charset, SourceUtf8Detected);

        return Create(body, entry, source);
    }

    private static bool TryDetectByteOrderMark(ReadOnlySpan<byte> body, out CharsetEntry entry, out int length)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            (entry, length) = (Utf8Charset, 3);
        else if (body.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
            (entry, length) = (Utf32BigEndianCharset, 4);
        else if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            (entry, length) = (Utf32LittleEndianCharset, 4);
        else if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            (entry, length) = (Utf16BigEndianCharset, 2);
        else if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            (entry, length) = (Utf16LittleEndianCharset, 2);
        else
        {
            (entry, length) = (Utf8Charset, 0);
            return false;
        }

        return true;
    }

    // XML 1.0 appendix F, widened from "<?" to any ASCII start: markup never begins with NUL in an ASCII-compatible encoding.
    private static bool TryDetectWideXmlStart(ReadOnlySpan<byte> body, out CharsetEntry entry)
    {
        entry = Utf8Charset;
        if (body.Length < 4)
            return false;

        var (b0, b1, b2, b3) = (body[0], body[1], body[2], body[3]);
        if (b0 == 0 && b1 == 0 && b2 == 0 && IsAsciiNonZero(b3))
            entry = Utf32BigEndianCharset;
        else if (IsAsciiNonZero(b0) && b1 == 0 && b2 == 0 && b3 == 0)
            entry = Utf32LittleEndianCharset;
        else if (b0 == 0 && IsAsciiNonZero(b1) && b2 == 0 && IsAsciiNonZero(b3))
            entry = Utf16BigEndianCharset;
        else if (IsAsciiNonZero(b0) && b1 == 0 && IsAsciiNonZero(b2) && b3 == 0)
            entry = Utf16LittleEndianCharset;
        else
            return false;

        return true;
    }

    private static bool IsAsciiNonZero(byte value) => value is > 0 and < 0x80;

    private static bool StartsLikeAsciiMarkup(ReadOnlySpan<byte> body)
    {
        int start = body.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && start + 1 < body.Length && body[start] == '<' && body[start + 1] is >= 0x21 and < 0x7F;
    }

    private static ReadOnlySpan<char> FindCharsetParameter(ReadOnlySpan<char> contentType)
    {
        int firstSeparator = contentType.IndexOf(';');
        if (firstSeparator < 0)
            return [];

        var parameters = contentType[(firstSeparator + 1)..];
        while (!parameters.IsEmpty)
        {
            int equals = parameters.IndexOfAny('=', ';');
            if (equals < 0)
                return [];
            if (parameters[equals] == ';')
            {
                parameters = parameters[(equals + 1)..];
                continue;
            }

            var name = parameters[..equals].Trim();
            var rest = parameters[(equals + 1)..].TrimStart();
            ReadOnlySpan<char> value;
            if (rest.StartsWith('"'))
            {
                int close = rest[1..].IndexOf('"');
                value = close < 0 ? rest[1..] : rest.Slice(1, close);
                rest = close < 0 ? [] : rest[(close + 2)..];
            }
            else
            {
                int end = rest.IndexOf(';');
                value = (end < 0 ? rest : rest[..end]).Trim();
                rest = end < 0 ? [] : rest[end..];
            }

            if (name.Equals("charset", StringComparison.OrdinalIgnoreCase))
                return value;

            int next = rest.IndexOf(';');
            if (next < 0)
                return [];
            parameters = rest[(next + 1)..];
        }

        return [];
    }

    private static bool TryFindXmlDeclaredEncoding(ReadOnlySpan<byte> head, out ReadOnlySpan<byte> label)
    {
        label = default;
        int start = head.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
            return false;

        var declaration = head[start..];
        if (declaration.Length < 6 || !declaration.StartsWith("<?xml"u8) || !IsAsciiWhitespace(declaration[5]))
            return false;

        int end = declaration.IndexOf("?>"u8);
        if (end < 0)
            return false;
        declaration = declaration[5..end];

        while (true)
        {
            int found = declaration.IndexOf("encoding"u8);
            if (found < 0)
                return false;

            // A quote before it tolerates the common `version="1.0"encoding=` typo.
            bool standsAlone = found > 0 && (IsAsciiWhitespace(declaration[found - 1]) || declaration[found - 1] is (byte)'"' or (byte)'\'');
            declaration = declaration[(found + "encoding"u8.Length)..];
            if (!standsAlone)
                continue;

            var rest = TrimAsciiWhitespaceStart(declaration);
            if (rest.Length == 0 || rest[0] != '=')
                continue;
            rest = TrimAsciiWhitespaceStart(rest[1..]);
            if (rest.Length == 0 || rest[0] is not ((byte)'"' or (byte)'\''))
                return false;

            int close = rest[1..].IndexOf(rest[0]);
            if (close < 0)
                return false;
            label = rest.Slice(1, close);
            return true;
        }
    }

    // A cut-down WHATWG prescan: skips comments and CDATA so HTML embedded in feeds cannot override the feed's encoding.
    private static bool TryFindMetaCharset(ReadOnlySpan<byte> head, out ReadOnlySpan<byte> label)
    {
        label = default;
        int position = 0;
        while (position < head.Length)
        {
            int open = head[position..].IndexOf((byte)'<');
            if (open < 0)
                return false;
            position += open;
            var rest = head[position..];

            if (rest.StartsWith("<!--"u8))
            {
                int close = rest[4..].IndexOf("-->"u8);
                if (close < 0)
                    return false;
                position += 4 + close + 3;
                continue;
            }

            if (rest.StartsWith("<![CDATA["u8))
            {
                int close = rest[9..].IndexOf("]]>"u8);
                if (close < 0)
                    return false;
                position += 9 + close + 3;
                continue;
            }

            if (rest.Length > 5 && StartsWithIgnoreAsciiCase(rest, "<meta"u8) && (IsAsciiWhitespace(rest[5]) || rest[5] == '/'))
            {
                int consumed = ReadMetaAttributes(rest[5..], out label);
                if (!label.IsEmpty)
                    return true;
                position += 5 + consumed;
                continue;
            }

            position++;
        }

        return false;
    }

    private static int ReadMetaAttributes(ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> label)
    {
        label = default;
        ReadOnlySpan<byte> charset = default;
        ReadOnlySpan<byte> content = default;
        bool declaresContentType = false;
        int position = 0;

        while (position < tag.Length)
        {
            byte current = tag[position];
            if (IsAsciiWhitespace(current) || current == '/')
            {
                position++;
                continue;
            }
            if (current == '>')
            {
                position++;
                break;
            }

            int nameStart = position;
            while (position < tag.Length && tag[position] is not ((byte)'=' or (byte)'>' or (byte)'/') && !IsAsciiWhitespace(tag[position]))
                position++;
            var name = tag[nameStart..position];

            while (position < tag.Length && IsAsciiWhitespace(tag[position]))
                position++;

            ReadOnlySpan<byte> value = default;
            if (position < tag.Length && tag[position] == '=')
            {
                position++;
                while (position < tag.Length && IsAsciiWhitespace(tag[position]))
                    position++;

                if (position < tag.Length && tag[position] is (byte)'"' or (byte)'\'')
                {
                    byte quote = tag[position++];
                    int close = tag[position..].IndexOf(quote);
                    int valueEnd = close < 0 ? tag.Length : position + close;
                    value = tag[position..valueEnd];
                    position = Math.Min(tag.Length, valueEnd + 1);
                }
                else
                {
                    int valueStart = position;
                    while (position < tag.Length && tag[position] != '>' && !IsAsciiWhitespace(tag[position]))
                        position++;
                    value = tag[valueStart..position];
                }
            }

            if (EqualsIgnoreAsciiCase(name, "charset"u8))
                charset = value;
            else if (EqualsIgnoreAsciiCase(name, "content"u8))
                content = value;
            else if (EqualsIgnoreAsciiCase(name, "http-equiv"u8))
                declaresContentType = EqualsIgnoreAsciiCase(TrimAsciiWhitespace(value), "content-type"u8);
        }

        if (!charset.IsEmpty)
            label = charset;
        else if (declaresContentType && !content.IsEmpty)
            label = ExtractCharsetFromMetaContent(content);

        return position;
    }

    // WHATWG "extract a character encoding from a meta element".
    private static ReadOnlySpan<byte> ExtractCharsetFromMetaContent(ReadOnlySpan<byte> content)
    {
        while (true)
        {
            int found = IndexOfIgnoreAsciiCase(content, "charset"u8);
            if (found < 0)
                return default;

            var rest = TrimAsciiWhitespaceStart(content[(found + "charset"u8.Length)..]);
            if (rest.Length == 0 || rest[0] != '=')
            {
                content = rest;
                continue;
            }

            rest = TrimAsciiWhitespaceStart(rest[1..]);
            if (rest.Length == 0)
                return default;

            if (rest[0] is (byte)'"' or (byte)'\'')
            {
                int close = rest[1..].IndexOf(rest[0]);
                return close < 0 ? default : rest.Slice(1, close);
            }

            int end = rest.IndexOfAny(" \t\r\n;"u8);
            return end < 0 ? rest : rest[..end];
        }
    }

    private static bool TryResolveLabel(ReadOnlySpan<byte> label, bool asciiCompatibleStart, out CharsetEntry entry)
    {
        entry = Utf8Charset;
        label = TrimAsciiWhitespace(label);
        if (label.IsEmpty || label.Length > MaxLabelLength || !Ascii.IsValid(label))
            return false;

        Span<char> chars = stackalloc char[MaxLabelLength];
        int written = Encoding.ASCII.GetChars(label, chars);
        return TryResolveLabel(chars[..written], asciiCompatibleStart, out entry);
    }

    private static bool TryResolveLabel(ReadOnlySpan<char> label, bool asciiCompatibleStart, out CharsetEntry entry)
    {
        label = label.Trim(" \t\r\n\f");
        if (EntriesByLabel.TryGetValue(label, out var known))
            entry = known;
        else if (!TryResolveOutsideTable(label, out entry))
            return false;

        // A UTF-16/32 label on a body that starts with plain ASCII markup is wrong; trusting it would produce garbage.
        return !(asciiCompatibleStart && entry.IsWideUnicode);
    }

    private static bool TryResolveOutsideTable(ReadOnlySpan<char> label, out CharsetEntry entry)
    {
        entry = Utf8Charset;
        if (label.IsEmpty || label.Length > MaxLabelLength || label.ContainsAnyExcept(LabelCharacters))
            return false;

        if (LabelsOutsideTable.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(label, out var cached))
        {
            entry = cached ?? Utf8Charset;
            return cached is not null;
        }

        var labelText = label.ToString();
        CharsetEntry? resolved;
        try
        {
            var encoding = Encoding.GetEncoding(labelText);
            resolved = new CharsetEntry(encoding.WebName, encoding.CodePage);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            resolved = null;
        }

        // Labels come from remote content; the cap keeps hostile feeds from growing the cache without bound.
        if (LabelsOutsideTable.Count < MaxCachedUnknownLabels)
            LabelsOutsideTable.TryAdd(labelText, resolved);

        entry = resolved ?? Utf8Charset;
        return resolved is not null;
    }

    // Undeclared and not UTF-8: keep UTF-8 when only a few sequences are broken (truncated text), else pick a single-byte
    // or Korean decoding so the text never silently turns into U+FFFD.
    private static CharsetEntry GuessUndeclaredLegacyEncoding(ReadOnlySpan<byte> body)
    {
        if (IsMostlyUtf8(body))
            return Utf8Charset;
        return LooksLikeEucKr(body) ? EucKrCharset : Windows1252Charset;
    }

    private static bool IsMostlyUtf8(ReadOnlySpan<byte> body)
    {
        var (valid, invalid) = CountUtf8Sequences(body);
        return valid >= 4 * invalid;
    }

    /// <summary>Clearly another charset: more invalid sequences than valid ones, and more than a stray few.</summary>
    private static bool IsMostlyNotUtf8(ReadOnlySpan<byte> body)
    {
        var (valid, invalid) = CountUtf8Sequences(body);
        return invalid >= 4 && invalid > valid;
    }

    private static (int Valid, int Invalid) CountUtf8Sequences(ReadOnlySpan<byte> body)
    {
        int validSequences = 0;
        int invalidSequences = 0;
        var rest = body;
        while (true)
        {
            int nonAscii = rest.IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F);
            if (nonAscii < 0)
                break;
            rest = rest[nonAscii..];

            var status = Rune.DecodeFromUtf8(rest, out _, out int consumed);
            if (status == OperationStatus.Done)
                validSequences++;
            else
                invalidSequences++;
            rest = rest[consumed..];
        }

        return (validSequences, invalidSequences);
    }

    private static bool LooksLikeEucKr(ReadOnlySpan<byte> body)
    {
        int hangulBytes = 0;
        int otherPairBytes = 0;
        int strayBytes = 0;
        var rest = body;
        while (true)
        {
            int nonAscii = rest.IndexOfAnyExceptInRange((byte)0x00, (byte)0x7F);
            if (nonAscii < 0)
                break;
            rest = rest[nonAscii..];

            byte lead = rest[0];
            byte trail = rest.Length > 1 ? rest[1] : (byte)0;
            if (lead is >= 0xB0 and <= 0xC8 && trail is >= 0xA1 and <= 0xFE)
            {
                hangulBytes += 2;
                rest = rest[2..];
            }
            else if (lead is >= 0x81 and <= 0xFE && trail is (>= 0x41 and <= 0x5A) or (>= 0x61 and <= 0x7A) or (>= 0x81 and <= 0xFE))
            {
                otherPairBytes += 2;
                rest = rest[2..];
            }
            else
            {
                strayBytes++;
                rest = rest[1..];
            }
        }

        int highBytes = hangulBytes + otherPairBytes + strayBytes;
        return hangulBytes > 0 && hangulBytes * 2 >= highBytes && strayBytes * 10 <= highBytes;
    }

    private static bool IsAsciiWhitespace(byte value) => value is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f';

    private static ReadOnlySpan<byte> TrimAsciiWhitespaceStart(ReadOnlySpan<byte> value)
    {
        int start = 0;
        while (start < value.Length && IsAsciiWhitespace(value[start]))
            start++;
        return value[start..];
    }

    private static ReadOnlySpan<byte> TrimAsciiWhitespace(ReadOnlySpan<byte> value)
    {
        value = TrimAsciiWhitespaceStart(value);
        int end = value.Length;
        while (end > 0 && IsAsciiWhitespace(value[end - 1]))
            end--;
        return value[..end];
    }

    private static bool EqualsIgnoreAsciiCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowercase) =>
        Ascii.EqualsIgnoreCase(value, lowercase);

    private static bool StartsWithIgnoreAsciiCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> prefix) =>
        value.Length >= prefix.Length && Ascii.EqualsIgnoreCase(value[..prefix.Length], prefix);

    private static int IndexOfIgnoreAsciiCase(ReadOnlySpan<byte> value, ReadOnlySpan<byte> lowercase)
    {
        for (int index = 0; index + lowercase.Length <= value.Length; index++)
        {
            if (Ascii.EqualsIgnoreCase(value.Slice(index, lowercase.Length), lowercase))
                return index;
        }
        return -1;
    }

    private sealed class CharsetEntry
    {
        private readonly int _codePage;
        private Encoding? _encoding;

        public CharsetEntry(string name, Encoding encoding)
            : this(name, encoding.CodePage) => _encoding = encoding;

        public CharsetEntry(string name, int codePage)
        {
            Name = name;
            _codePage = codePage;
        }

        public string Name { get; }

        // Created on first use so decoding tables of code pages never seen are never loaded; U+FFFD (not '?') marks bad bytes.
        public Encoding Encoding => _encoding ??= Encoding.GetEncoding(_codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));

        public bool IsWideUnicode => _codePage is 1200 or 1201 or 12000 or 12001;
    }
}
