using Microsoft.Extensions.Options;

namespace NewsWatch.Storage;

/// <summary>The storage keys of the "NewsWatch" section.</summary>
internal sealed class StorageOptions
{
    public const string Section = "NewsWatch";

    public const string DefaultDatabase = "data/newswatch.db";

    /// <summary>SQLite database file; a relative path is resolved against the working directory.</summary>
    public string Database { get; set; } = DefaultDatabase;
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.Database)
            ? ValidateOptionsResult.Fail($"{StorageOptions.Section}:Database must name a database file.")
            : ValidateOptionsResult.Success;
}
