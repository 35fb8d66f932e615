using System.Text;

namespace NewsWatch.Sources;

/// <summary>
/// The form of a link under which one article is stored once: absolute http(s), no fragment,
/// no campaign-tracking parameters.
/// </summary>
internal static class CanonicalLink
{
    private static readonly string[] TrackingParameters = ["fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"];

    /// <summary>Returns null for anything that is not, or does not resolve to, an http(s) URL.</summary>
    public static string? Normalize(string? raw, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        raw = raw.Trim();

        Uri? uri;
        if (!Uri.TryCreate(raw, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && !raw.Contains("://", StringComparison.Ordinal)))
        {
            // "/news/1", "news/1" and "//host/news/1" are resolved against the document; Uri treats "/news/1" as a file path on Unix.
            if (baseUri is null || !Uri.TryCreate(baseUri, raw, out uri))
                return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return null;

        // Most links have nothing to strip; Uri already lower-cases the host and drops a default port.
        if (uri.Query.Length == 0 && uri.Fragment.Length == 0)
            return uri.AbsoluteUri;

        var builder = new UriBuilder(uri) { Fragment = "" };
        if (builder.Query.Length > 1)
            builder.Query = StripTracking(builder.Query.AsSpan(1));
        if (uri.IsDefaultPort)
            builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    private static string StripTracking(ReadOnlySpan<char> query)
    {
        var kept = new StringBuilder(query.Length);
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
                continue;
            var nameEnd = pair.IndexOf('=');
            var name = nameEnd < 0 ? pair : pair[..nameEnd];
            if (name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || IsTracking(name))
                continue;
            if (kept.Length > 0)
                kept.Append('&');
            kept.Append(pair);
        }

        return kept.ToString();
    }

    private static bool IsTracking(ReadOnlySpan<char> name)
    {
        foreach (var tracking in TrackingParameters)
        {
            if (name.Equals(tracking, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
