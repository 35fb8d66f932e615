using System.Text.RegularExpressions;

namespace NewsWatch.Tests;

/// <summary>
/// The folders of src/NewsWatch depend on each other one way only. A folder uses another when its code names a type declared
/// there; the picture of those arrows must have no circle.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>The doors in and the stages' order, as the README draws them; each folder may use only those listed for it.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Text"] = [],
        ["Http"] = [],
        ["Storage"] = [],
        ["Sources"] = ["Http", "Storage", "Text"],
        ["Extraction"] = ["Http", "Sources", "Storage", "Text"],
        ["Classification"] = ["Storage", "Text"],
        ["Incidents"] = ["Classification", "Storage", "Text"],
        ["Review"] = ["Classification", "Incidents", "Storage", "Text"],
        ["Pipeline"] = ["Sources", "Extraction", "Classification", "Incidents", "Storage", "Text"],
        ["Web"] = ["Sources", "Extraction", "Classification", "Incidents", "Review", "Pipeline", "Http", "Storage", "Text"],
        ["Hosting"] = ["Web", "Sources", "Extraction", "Classification", "Incidents", "Review", "Pipeline", "Http", "Storage", "Text"],
        ["Cli"] = ["Hosting", "Web", "Sources", "Extraction", "Classification", "Incidents", "Review", "Pipeline", "Http", "Storage", "Text"],
    };

    [Fact]
    public void Every_folder_uses_only_the_folders_before_it()
    {
        var graph = DependencyGraph(SourceFolder());

        Assert.Equal(Allowed.Keys.Order(), graph.Keys.Order());
        var violations = graph
            .SelectMany(f => f.Value.Where(g => !Allowed[f.Key].Contains(g.Key)).Select(g => $"{f.Key} -> {g.Key} ({string.Join(", ", g.Value.Take(5))})"))
            .ToList();
        Assert.True(violations.Count == 0, "folders using folders they must not:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_allowed_dependencies_have_no_circle()
    {
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();

        void Visit(string folder, List<string> path)
        {
            Assert.False(visiting.Contains(folder), "circle: " + string.Join(" -> ", path.Append(folder)));
            if (!done.Add(folder))
                return;
            visiting.Add(folder);
            foreach (var next in Allowed[folder])
                Visit(next, [.. path, folder]);
            visiting.Remove(folder);
        }

        foreach (var folder in Allowed.Keys)
            Visit(folder, []);
    }

    [Fact]
    public void Only_storage_names_the_database_engine()
    {
        var offenders = Directory.EnumerateFiles(SourceFolder(), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !f.Contains($"{Path.DirectorySeparatorChar}Storage{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => SqliteType().IsMatch(WithoutCommentsAndStrings(File.ReadAllText(f))))
            .Select(Path.GetFileName)
            .ToList();
        Assert.True(offenders.Count == 0, "Sqlite types outside Storage: " + string.Join(", ", offenders));
    }

    /// <summary>For each folder, the folders whose types it names, with the names that show it.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> DependencyGraph(string root)
    {
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).Cast<string>().ToList();
        var code = folders.ToDictionary(f => f, f => Directory.EnumerateFiles(Path.Combine(root, f), "*.cs", SearchOption.AllDirectories)
            .Select(p => (File: Path.GetFileName(p), Text: WithoutCommentsAndStrings(File.ReadAllText(p)))).ToList());

        // Which folder declares each type name; a name declared in several folders says nothing about either.
        var declaredIn = code
            .SelectMany(f => f.Value.SelectMany(file => TypeDeclaration().Matches(file.Text).Select(m => (Name: m.Groups[1].Value, Folder: f.Key))))
            .GroupBy(d => d.Name)
            .Where(g => g.Select(d => d.Folder).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Folder);

        var graph = folders.ToDictionary(f => f, _ => new Dictionary<string, List<string>>());
        foreach (var (folder, files) in code)
        {
            foreach (var (file, text) in files)
            {
                // A using directive or a qualified name (NewsWatch.Incidents.IncidentGrouper) is a use of that folder.
                foreach (Match qualified in QualifiedFolder().Matches(text))
                {
                    var owner = qualified.Groups[1].Value;
                    if (owner != folder && graph.ContainsKey(owner))
                        Add(graph[folder], owner, $"{qualified.Value}@{file}");
                }

                var members = MemberDeclaration().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();
                foreach (Match word in TypeLikeWord().Matches(text))
                {
                    var name = word.Value;
                    if (!declaredIn.TryGetValue(name, out var owner) || owner == folder || members.Contains(name) || IsMemberUse(text, word))
                        continue;
                    Add(graph[folder], owner, $"{name}@{file}");
                }
            }
        }

        return graph;
    }

    private static void Add(Dictionary<string, List<string>> uses, string folder, string evidence)
    {
        if (!uses.TryGetValue(folder, out var list))
            uses[folder] = list = [];
        if (!list.Contains(evidence))
            list.Add(evidence);
    }

    /// <summary>A word after a dot, before '=' or ':' (an initialiser or named argument), or naming a declaration is not a type.</summary>
    private static bool IsMemberUse(string text, Match word)
    {
        var before = text[Math.Max(0, word.Index - 60)..word.Index];
        var after = text[(word.Index + word.Length)..Math.Min(text.Length, word.Index + word.Length + 4)];
        return before.EndsWith('.')
            || AssignmentOrLabel().IsMatch(after)
            || (DeclarationBefore().IsMatch(before) && DeclarationAfter().IsMatch(after));
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string WithoutCommentsAndStrings(string text)
    {
        text = RawString().Replace(text, "\"\"");
        text = LineComment().Replace(text, "");
        text = BlockComment().Replace(text, "");
        return QuotedString().Replace(text, "\"\"");
    }

    private static string SourceFolder() => Path.Combine(Support.Repository.Root, "src", "NewsWatch");

    [GeneratedRegex(@"\b(?:class|record|struct|enum|interface)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b(?:const|readonly|public|internal|private|protected)\s+[\w<>\[\],?. ]+?\s+([A-Z]\w*)\s*(?:=|;|\{|\()")]
    private static partial Regex MemberDeclaration();

    [GeneratedRegex(@"(?<!namespace\s+)\bNewsWatch\.([A-Z]\w*)")]
    private static partial Regex QualifiedFolder();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex TypeLikeWord();

    [GeneratedRegex(@"^\s*(?:=(?!=)|=>|:(?!:))")]
    private static partial Regex AssignmentOrLabel();

    [GeneratedRegex(@"[\w>\]?]\s+$")]
    private static partial Regex DeclarationBefore();

    [GeneratedRegex(@"^\s*[{;,)]")]
    private static partial Regex DeclarationAfter();

    [GeneratedRegex(@"\bSqlite[A-Z]\w*")]
    private static partial Regex SqliteType();

    [GeneratedRegex("\"\"\"[\\s\\S]*?\"\"\"")]
    private static partial Regex RawString();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*[\s\S]*?\*/")]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex QuotedString();
}
