using NewsWatch.Incidents;

namespace NewsWatch.Tests.Incidents;

/// <summary>The repository's models/gazetteer.json, found by walking up from the test binaries.</summary>
internal static class RepositoryGazetteer
{
    private static readonly Lazy<Gazetteer> Loaded = new(() => Gazetteer.Load(Path));

    public static Gazetteer Instance => Loaded.Value;

    public static string Path
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "models", "gazetteer.json");
                if (File.Exists(candidate))
                    return candidate;
            }

            throw new FileNotFoundException("No models/gazetteer.json above " + AppContext.BaseDirectory);
        }
    }
}

public sealed class GazetteerTests
{
    private static Gazetteer Gazetteer => RepositoryGazetteer.Instance;

    private static string[] Ids(string text) => Gazetteer.FindPlaces(text).Select(p => p.Id).ToArray();

    [Fact]
    public void The_repository_gazetteer_loads_with_its_places()
    {
        Assert.True(Gazetteer.PlaceCount > 150);
    }

    [Fact]
    public void Places_are_distinct_and_in_order_of_first_mention()
    {
        var ids = Ids("Guards from Hyesan fled to Changbai; later more guards left Hyesan for Changbai and Dandong.");
        Assert.Equal(["hyesan", "changbai", "dandong"], ids);
    }

    [Fact]
    public void Acronyms_match_only_in_capitals()
    {
        Assert.Equal(["panmunjom"], Ids("He ran across the JSA under fire."));
        Assert.Empty(Ids("The word jsa in lower case is not the area."));
    }

    [Fact]
    public void Spellings_match_across_case_hyphens_accents_and_possessives()
    {
        Assert.Equal(["panmunjom"], Ids("PANMUNJOM TRUCE TALKS"));
        Assert.Equal(["panmunjom"], Ids("A guard at P'anmunjŏm said little."));
        Assert.Equal(["imjingak"], Ids("Visitors at Imjin-gak watched the river."));
        Assert.Equal(["kaesong"], Ids("Kaesong's factories stood idle."));
        Assert.Equal(["hoeryong"], Ids("Border guards from the Hoiryeong district deserted."));
    }

    [Fact]
    public void A_capitalised_spelling_needs_a_capital_in_the_text()
    {
        Assert.Equal(["seoul"], Ids("Officials in Seoul spoke of the soldier's soul."));
    }

    [Fact]
    public void The_longest_spelling_wins()
    {
        Assert.Equal(["han_estuary"], Ids("He swam across the Han River estuary at night."));
        Assert.Equal(["tumen_river"], Ids("They waded over the Tumen River in winter."));
    }

    [Fact]
    public void A_spelling_shared_by_two_places_is_flagged_ambiguous()
    {
        var place = Assert.Single(Gazetteer.FindPlaces("A man came ashore near Goseong."));
        Assert.True(place.Ambiguous);
    }

    [Fact]
    public void A_shared_spelling_counts_as_the_place_the_text_also_names_plainly()
    {
        var places = Gazetteer.FindPlaces("The unit is based in Goseong County, Gangwon. Troops in Goseong were criticised.");
        var goseong = Assert.Single(places, p => p.Id == "goseong_south");
        Assert.False(goseong.Ambiguous);
        Assert.DoesNotContain(places, p => p.Id == "kosong_north");
    }

    [Fact]
    public void Mentions_carry_the_place_name_and_region()
    {
        var kursk = Assert.Single(Gazetteer.FindPlaces("Troops were sent to the Kursk region."));
        Assert.Equal("kursk", kursk.Id);
        Assert.Equal("russia", kursk.Region);
        Assert.False(string.IsNullOrEmpty(kursk.Name));
    }

    [Fact]
    public void Stretches_of_the_demilitarized_zone_are_places()
    {
        Assert.Equal(["dmz_central_sector"], Ids("He reached a guard post in the central section of the border."));
    }

    [Fact]
    public void Text_without_places_finds_none()
    {
        Assert.Empty(Ids("Nothing here names a place at all."));
        Assert.Empty(Ids(""));
    }

    [Theory]
    [InlineData("A soldier dashed across the JSA at Panmunjom while comrades fired at him.", "jsa_dash")]
    [InlineData("Two guards waded across the frozen Tumen River into China, helped by a broker.", "river_to_china")]
    [InlineData("A wooden boat drifted south of the Northern Limit Line and the coast guard towed it.", "sea_crossing")]
    [InlineData("Ukrainian forces captured two soldiers in the Kursk region, and one said he wants to go to South Korea.", "captured_abroad")]
    public void The_route_is_the_one_with_most_cue_hits(string text, string route)
    {
        Assert.Equal(route, Gazetteer.FindRoute(text));
    }

    [Fact]
    public void Without_cues_there_is_no_route()
    {
        Assert.Null(Gazetteer.FindRoute("The weather was mild and the harvest good."));
    }

    [Fact]
    public void Route_names_come_from_the_file()
    {
        Assert.False(string.IsNullOrEmpty(Gazetteer.RouteName("jsa_dash")));
        Assert.Null(Gazetteer.RouteName("no_such_route"));
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.json");
        var ex = Assert.Throws<InvalidDataException>(() => Gazetteer.Load(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("[]", "top level")]
    [InlineData("""{"places": []}""", "'places' is empty")]
    [InlineData("""{"places": [{"name": "X", "variants": ["X"]}]}""", "has no 'id'")]
    [InlineData("""{"places": [{"id": "a", "name": "A", "variants": ["A"]}, {"id": "a", "name": "B", "variants": ["B"]}]}""", "appears twice")]
    [InlineData("""{"places": [{"id": "a", "name": "A", "variants": "A"}]}""", "array of strings")]
    [InlineData("""{"places": [{"id": "a", "name": "A", "variants": ["A"]}], "routes": [{"id": "r", "name": "R"}]}""", "has no 'cues'")]
    public void A_malformed_file_is_reported_with_its_path_and_the_problem(string json, string problem)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gazetteer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            var ex = Assert.Throws<InvalidDataException>(() => Gazetteer.Load(path));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
            Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_minimal_file_loads()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gazetteer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"places": [{"id": "x", "name": "Xville", "region": "r", "variants": ["Xville", "Ex Ville"]}]}""");
        try
        {
            var gazetteer = Gazetteer.Load(path);
            Assert.Equal(1, gazetteer.PlaceCount);
            Assert.Equal("x", Assert.Single(gazetteer.FindPlaces("We drove to Ex-Ville.")).Id);
            Assert.Null(gazetteer.FindRoute("We drove to Xville."));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
