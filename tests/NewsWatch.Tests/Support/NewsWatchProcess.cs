using System.Diagnostics;

namespace NewsWatch.Tests.Support;

/// <summary>Runs the real <c>newswatch</c> executable, as an operator would.</summary>
internal static class NewsWatchProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static string EntryAssembly => Path.Combine(AppContext.BaseDirectory, "newswatch.dll");

    /// <summary>
    /// Sends SIGTERM, as systemd's stop or a Ctrl+C does, through libc rather than the <c>kill</c> program, which a bare
    /// machine may not have.
    /// </summary>
    public static void Terminate(Process process)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("SIGTERM is a Unix signal.");
        if (Kill(process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed with errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(EntryAssembly);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        // The test runner's own settings must not leak into the process under test.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("NewsWatch__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return Process.Start(info)!;
    }

    /// <param name="stdin">Written to the process's standard input, which is then closed.</param>
    public static async Task<Result> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null, string? stdin = null)
    {
        using var process = Start(args, environment, workingDirectory, redirectInput: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"newswatch {string.Join(' ', args)} did not exit; stderr so far: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
