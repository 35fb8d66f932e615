using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace NewsWatch.Tests.Support;

/// <summary>
/// A fake clock that also reports each wait the code starts on it (a delay), so that a test advances the clock exactly
/// when the code is waiting, and by the amount it asked for, instead of sleeping.
/// </summary>
internal sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public TestClock()
        : this(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        // Timers created idle (pooled timeouts, armed later) are not waits.
        if (dueTime != Timeout.InfiniteTimeSpan)
            _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// The next wait the code starts whose length <paramref name="match"/> accepts; other waits are passed over.
    /// Fails if <paramref name="work"/> ends first; the real-time deadline only keeps a broken test from hanging.
    /// </summary>
    public async Task<TimeSpan> NextWaitAsync(Func<TimeSpan, bool> match, Task work)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var next = ReadAsync(match, deadline.Token);
        if (await Task.WhenAny(next, work) == work && !next.IsCompleted)
        {
            deadline.Cancel();
            await work;
            Assert.Fail("the work ended without starting the wait the test expected");
        }

        try
        {
            return await next;
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the work started no such wait within a minute");
            throw;
        }
    }

    /// <summary>
    /// Moves the clock on until <paramref name="work"/> has ended. For a test that failed half-way: its host cannot be disposed
    /// while a request waits on this clock, because the resilience pipeline waits for it to end, on this clock too.
    /// </summary>
    public async Task RunOutAsync(Task work)
    {
        for (var step = 0; !work.IsCompleted && step < 6000; step++)
        {
            Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(work, Task.Delay(10));
        }
    }

    private async Task<TimeSpan> ReadAsync(Func<TimeSpan, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = await _waits.Reader.ReadAsync(cancellationToken);
            if (match(wait))
                return wait;
        }
    }
}
