using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace NewsWatch.Hosting;

/// <summary>
/// The "NewsWatch" section checked against the options classes before anything binds it, so that every misspelt key and
/// every value of the wrong type is reported at once, named as an operator wrote it (<c>Sources[2] ("Daily NK"): unknown key
/// 'Intervall'</c>), rather than the binder's first exception.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>Every unknown key and unconvertible value under the section (keys in the configuration's sorted order).</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var problems = new List<string>();
        Walk(configuration.GetSection(NewsWatchOptions.Section), typeof(NewsWatchOptions), NewsWatchOptions.Section, problems);
        return problems;
    }

    /// <summary>Where the configuration came from: the JSON file, and the environment when it sets NewsWatch keys.</summary>
    public static string Origin(IConfiguration configuration)
    {
        if (configuration is not IConfigurationRoot root)
            return "the configuration";
        var files = root.Providers.OfType<JsonConfigurationProvider>()
            .Where(p => p.Source.Path is not null && p.Source.FileProvider?.GetFileInfo(p.Source.Path).Exists != false)
            .Select(p => FullPath(p.Source))
            .ToList();
        var environment = root.Providers.OfType<EnvironmentVariablesConfigurationProvider>()
            .Any(p => p.TryGet(NewsWatchOptions.Section, out _) || p.GetChildKeys([], null).Contains(NewsWatchOptions.Section, StringComparer.OrdinalIgnoreCase));
        var parts = files.Select(f => $"'{f}'").ToList();
        if (environment)
            parts.Add($"{NewsWatchOptions.Section}__* environment variables");
        return parts.Count == 0 ? "the built-in defaults" : string.Join(" and ", parts);
    }

    /// <summary>
    /// A configuration file that could not be read, said with the file and, for broken JSON, the line and column
    /// (the configuration wraps System.Text.Json's error in two exceptions of its own).
    /// </summary>
    public static ConfigurationException Unreadable(string path, InvalidDataException error)
    {
        for (Exception? inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                // The message repeats the position as "LineNumber: 0 | BytePositionInLine: 9."; the 1-based form is ours.
                var reason = json.Message;
                var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                if (cut > 0)
                    reason = reason[..cut];
                var position = json.LineNumber is { } line
                    ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}")
                    : "";
                return new ConfigurationException($"configuration file '{path}' is not valid JSON{position}: {reason}", error);
            }
        }

        var innermost = error.InnerException?.Message ?? error.Message;
        return new ConfigurationException($"configuration file '{path}' cannot be read: {innermost}", error);
    }

    private static string FullPath(FileConfigurationSource source) =>
        source.FileProvider is PhysicalFileProvider physical ? Path.Combine(physical.Root, source.Path!) : source.Path!;

    private static void Walk(IConfigurationSection section, Type type, string label, List<string> problems)
    {
        var properties = Settable(type);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add($"{label}: unknown key '{child.Key}'{Suggestion(child.Key, properties.Keys)}");
                continue;
            }

            Check(child, property.PropertyType, label, property.Name, problems);
        }
    }

    private static void Check(IConfigurationSection child, Type type, string label, string name, List<string> problems)
    {
        var hasChildren = child.GetChildren().Any();
        if (IsValue(type))
        {
            if (hasChildren)
                problems.Add($"{label}: {name} must be a single value, not a section");
            else if (!Converts(child.Value, type))
                problems.Add($"{label}: {name} '{child.Value}' {Expected(type)}");
            return;
        }

        if (ElementType(type) is { } element)
        {
            if (!hasChildren)
            {
                if (!string.IsNullOrEmpty(child.Value))
                    problems.Add($"{label}: {name} must be a list, not '{child.Value}'");
                return;
            }

            foreach (var item in child.GetChildren())
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    problems.Add($"{label}: {name} must be a list, not a section (found key '{item.Key}')");
                    break;
                }

                var itemLabel = ItemLabel(label, name, index, item);
                if (IsValue(element))
                {
                    if (item.GetChildren().Any())
                        problems.Add($"{itemLabel}: must be a single value, not a section");
                    else if (!Converts(item.Value, element))
                        problems.Add($"{itemLabel}: '{item.Value}' {Expected(element)}");
                }
                else
                {
                    Walk(item, element, itemLabel, problems);
                }
            }

            return;
        }

        if (!hasChildren)
        {
            // An empty JSON object reads as an empty value; anything else is a value where a section belongs.
            if (!string.IsNullOrEmpty(child.Value))
                problems.Add($"{label}: {name} must be a section, not '{child.Value}'");
            return;
        }

        Walk(child, type, Nested(label, name), problems);
    }

    /// <summary>A section's own name for people: the top level drops the "NewsWatch:" prefix, which every key has.</summary>
    private static string Nested(string label, string name) => label == NewsWatchOptions.Section ? name : $"{label}:{name}";

    /// <summary><c>Sources[2] ("Daily NK")</c>: the index as in the file, and the entry's name when it has one.</summary>
    private static string ItemLabel(string label, string name, int index, IConfigurationSection item) =>
        string.Create(CultureInfo.InvariantCulture, $"{Nested(label, name)}[{index}]")
        + (item.GetSection("Name").Value is { Length: > 0 } itemName ? $" (\"{itemName}\")" : "");

    private static Dictionary<string, PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is { IsPublic: true })
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid);
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
            return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
            return null;
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
                return t.GetGenericArguments()[0];
        }

        return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>As the binder converts: with the type's converter, in the invariant culture; an empty value leaves the default.</summary>
    private static bool Converts(string? value, Type type)
    {
        if (string.IsNullOrEmpty(value) || type == typeof(string))
            return true;
        try
        {
            TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            return false;
        }
    }

    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(TimeSpan))
            return "is not a time span (hh:mm:ss, or d.hh:mm:ss)";
        if (type == typeof(bool))
            return "is not true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong))
            return "is not a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return "is not a number (use a point for decimals)";
        if (type.IsEnum)
            return $"is not one of {string.Join(", ", Enum.GetNames(type))}";
        return $"is not a valid {type.Name}";
    }

    /// <summary>The known key a typo most likely meant, when one is close.</summary>
    private static string Suggestion(string key, IEnumerable<string> known)
    {
        var best = known.Select(k => (Key: k, Distance: Distance(key.ToUpperInvariant(), k.ToUpperInvariant()))).OrderBy(k => k.Distance).FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(1, key.Length / 4) ? $" (did you mean '{best.Key}'?)" : "";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}
