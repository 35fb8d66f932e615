namespace NewsWatch.Tests.Support;

/// <summary>The repository this test build comes from (the folder holding NewsWatch.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsWatch.sln")))
                return dir.FullName;
        }

        throw new DirectoryNotFoundException($"no NewsWatch.sln above {AppContext.BaseDirectory}");
    }
}
