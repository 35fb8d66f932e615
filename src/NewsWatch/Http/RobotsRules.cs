namespace NewsWatch.Http;

/// <summary>
/// The rules of one robots.txt for one user agent (RFC 9309): the group naming our product token,
/// else the "*" group; the longest matching Allow/Disallow path wins, Allow on a tie.
/// </summary>
internal sealed class RobotsRules
{
    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsRules(List<(string Pattern, bool Allow)> rules) => _rules = rules;

    public static RobotsRules AllowAll { get; } = new([]);

    public static RobotsRules Parse(string content, string userAgent)
    {
        var token = ProductToken(userAgent);
        var groups = new List<(List<string> Agents, List<(string, bool)> Rules)>();
        (List<string> Agents, List<(string, bool)> Rules)? current = null;
        var lastWasAgent = false;

        foreach (var rawLine in content.Split('\n'))
        {
            var line = rawLine;
            var comment = line.IndexOf('#');
            if (comment >= 0)
                line = line[..comment];
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();

            if (key == "user-agent")
            {
                if (current is null || !lastWasAgent)
                {
                    current = ([], []);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is null)
                continue;
            if (key == "disallow" && value.Length > 0)
                current.Value.Rules.Add((value, false));
            else if (key == "allow" && value.Length > 0)
                current.Value.Rules.Add((value, true));
        }

        var mine = groups.Where(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))).SelectMany(g => g.Rules).ToList();
        if (mine.Count == 0 && !groups.Any(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))))
            mine = groups.Where(g => g.Agents.Contains("*")).SelectMany(g => g.Rules).ToList();
        return new RobotsRules(mine);
    }

    public bool IsAllowed(Uri url)
    {
        var path = url.PathAndQuery;
        var best = -1;
        var allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (pattern.Length >= best && Matches(pattern, path) && (pattern.Length > best || allow))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    /// <summary>"NewsWatch/1.0 (+https://…)" → "newswatch".</summary>
    private static string ProductToken(string userAgent)
    {
        var end = userAgent.IndexOfAny(['/', ' ']);
        return (end < 0 ? userAgent : userAgent[..end]).ToLowerInvariant();
    }

    /// <summary>Path prefix match with "*" for any run of characters and a trailing "$" for the end.</summary>
    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored)
            pattern = pattern[..^1];
        var parts = pattern.Split('*');
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
            return false;
        var position = parts[0].Length;
        for (var i = 1; i < parts.Length; i++)
        {
            var found = path.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
                return false;
            position = found + parts[i].Length;
            if (i == parts.Length - 1 && anchored)
                return path.EndsWith(parts[i], StringComparison.Ordinal) && path.Length - parts[i].Length >= found;
        }

        return !anchored || position == path.Length;
    }
}
