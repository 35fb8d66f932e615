namespace NewsWatch.Tests.Support;

/// <summary>Fixture files written for these tests, and the evaluation data beside the repository.</summary>
internal static class Fixtures
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static string Path(string name)
    {
        var matches = Directory.GetFiles(AppContext.BaseDirectory, name, SearchOption.AllDirectories)
            .Where(p => p.Contains($"{System.IO.Path.DirectorySeparatorChar}Fixtures{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new FileNotFoundException($"No fixture named {name}"),
            _ => throw new InvalidOperationException($"Fixture name {name} is ambiguous: {string.Join(", ", matches)}"),
        };
    }

    /// <summary>../shared/data beside the repository root, or null when this checkout has none.</summary>
    public static string? SharedData()
    {
        var shared = System.IO.Path.GetFullPath(System.IO.Path.Combine(Repository.Root, "..", "shared", "data"));
        return Directory.Exists(shared) ? shared : null;
    }

    public static string RequireSharedData()
    {
        var shared = SharedData();
        if (shared is null)
            Assert.Skip("../shared/data (the evaluation data beside the repository) is not present in this checkout.");
        return shared;
    }
}
