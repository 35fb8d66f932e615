namespace NewsWatch;

/// <summary>Where a file or folder named in the configuration is.</summary>
internal static class ConfiguredPath
{
    /// <summary>
    /// A relative path is looked up beside the executable first (the shipped models), then in the working directory (an
    /// operator's own files).
    /// </summary>
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
            return path;
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideExecutable) || Directory.Exists(besideExecutable) ? besideExecutable : Path.GetFullPath(path);
    }
}
