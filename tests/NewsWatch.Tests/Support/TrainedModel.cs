namespace NewsWatch.Tests.Support;

/// <summary>A model trained once, by the real executable, on the training set written for these tests, for the tests of one class to read.</summary>
public sealed class TrainedModel : IAsyncLifetime
{
    private readonly string _directory = TempDirectory.Create();

    public string Path => System.IO.Path.Combine(_directory, "model.zip");

    public static string TrainingFolder => System.IO.Path.GetDirectoryName(Fixtures.Path("corruption.jsonl"))!;

    public async ValueTask InitializeAsync() => await TrainAsync(Path);

    /// <summary>Runs <c>model train</c> on the fixture training set, writing the model and its card to <paramref name="modelPath"/>.</summary>
    public static async Task TrainAsync(string modelPath)
    {
        var result = await NewsWatchProcess.RunAsync(["model", "train", "--data", TrainingFolder, "--out", modelPath], timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.StdErr);
    }

    public ValueTask DisposeAsync()
    {
        TempDirectory.Delete(_directory);
        return ValueTask.CompletedTask;
    }
}
