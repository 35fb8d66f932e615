using NewsWatch.Incidents;

namespace NewsWatch.Tests.Incidents;

public sealed class KeyIndexTests
{
    private static CandidateLookup Near(string key, int day, int window = 10) => new([key], [], [], [(day, day)], window, 1000, 3);

    [Fact]
    public void Keys_are_found_only_within_the_window_of_days()
    {
        var index = new KeyIndex();
        index.AddStored([(1, "t:fog", 100, 7), (2, "t:fog", 130, 8), (3, "t:rain", 101, 9)]);

        Assert.Equal([7], index.Find(Near("t:fog", 105), 10));
        Assert.Equal([8, 7], index.Find(Near("t:fog", 115, window: 15), 10));
        Assert.Empty(index.Find(Near("t:snow", 100), 10));
    }

    [Fact]
    public void Incidents_sharing_more_keys_come_first_and_the_limit_holds()
    {
        var index = new KeyIndex();
        index.AddStored([(1, "t:fog", 100, 1), (2, "p:paju", 100, 2), (3, "t:fog", 100, 2), (4, "t:fog", 100, 3)]);

        var found = index.Find(new CandidateLookup(["t:fog", "p:paju"], [], [], [(100, 100)], 5, 1000, 3), 2);

        Assert.Equal([2, 3], found);
    }

    [Fact]
    public void A_batch_s_own_keys_count_until_they_are_read_back_as_stored_and_vanish_when_it_is_rolled_back()
    {
        var index = new KeyIndex();
        index.AddPending([("t:fog", 100)], 5);
        Assert.Equal([5], index.Find(Near("t:fog", 100), 10));

        index.DiscardPending();
        Assert.Empty(index.Find(Near("t:fog", 100), 10));

        index.AddPending([("t:fog", 100)], 6);
        index.AddStored([(41, "t:fog", 100, 6)]);
        Assert.Equal([6], index.Find(Near("t:fog", 100), 10));
        Assert.Equal(41, index.SyncedRowId);
        Assert.Equal(1, index.Count);
    }

    [Fact]
    public void Keys_arriving_out_of_date_order_are_still_found_by_day()
    {
        var index = new KeyIndex();
        index.AddStored([(1, "n:kim", 500, 1), (2, "n:kim", 100, 2), (3, "n:kim", 300, 3)]);

        Assert.Equal([2], index.Find(new CandidateLookup([], ["n:kim"], [], [(100, 100)], 0, 50, 0), 10));
        Assert.Equal([3, 2], index.Find(new CandidateLookup([], ["n:kim"], [], [(200, 200)], 0, 100, 0), 10));
    }
}
