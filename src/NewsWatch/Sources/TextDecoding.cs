using System.Text;
namespace NewsWatch.Sources;
internal sealed record DecodedText(string Text, string EncodingName, string Source);
internal static class TextDecoding
{
    public static DecodedText Decode(ReadOnlySpan<byte> body, string? contentTypeHeader) => new(Encoding.UTF8.GetString(body), "utf-8", "default");
}
