using NewsWatch.Text;

namespace NewsWatch.Incidents;

/// <summary>What a word can be to the fact rules (several at once: "one" is a number and may start a date phrase).</summary>
[Flags]
internal enum WordClass
{
    None = 0,
    Month = 1 << 0,
    Weekday = 1 << 1,
    DateRelative = 1 << 2,
    DatePrefix = 1 << 3,
    PeopleHead = 1 << 4,
    PeopleCount = 1 << 5,
    RankHead = 1 << 6,
    RankPrefix = 1 << 7,
    UnitHead = 1 << 8,
    UnitPrefix = 1 << 9,
    CasualtyVerb = 1 << 10,
    CasualtyEnd = 1 << 11,
    About = 1 << 12,
    Number = 1 << 13,
    Surname = 1 << 14,
    FirstName = 1 << 15,
    PersonRole = 1 << 16,
}

/// <summary>The word lists of the fact rules, merged into one table of folded words so that each word of a text is looked up once.</summary>
internal static class FactWords
{
    private static readonly FoldedTable<WordClass> Classes = new(Build());

    public static WordClass Of(ReadOnlySpan<char> word) => Of(word, Fold.Hash(word));

    public static WordClass Of(ReadOnlySpan<char> word, uint hash) => Classes.TryGet(word, hash, out var c) ? c : WordClass.None;

    private static Dictionary<string, WordClass> Build()
    {
        var classes = new Dictionary<string, WordClass>(StringComparer.Ordinal);
        // Month names and abbreviations (a capital is required in the text).
        Add(classes, WordClass.Month, [.. MonthNames.English, .. MonthNames.EnglishAbbreviations]);
        Add(classes, WordClass.Weekday,
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
        // Words that end a relative date phrase: "yesterday", "last week", "three days ago".
        Add(classes, WordClass.DateRelative,
            "yesterday", "today", "tonight", "night", "morning", "afternoon", "evening", "week", "weekend", "month", "year", "ago");
        // Words that may stand before a head inside a date phrase ("on or about the 23rd", "in early March", "three weeks ago").
        Add(classes, WordClass.DatePrefix,
            "on", "or", "about", "around", "by", "from", "after", "before", "until", "till", "since", "of", "as", "the", "in", "during", "last",
            "this", "next", "past", "early", "mid", "late", "earlier", "later", "end", "beginning", "middle", "between", "through", "throughout",
            "spring", "summer", "autumn", "fall", "winter", "a", "an", "few", "couple", "several", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve", "day", "days", "week", "weeks", "month", "months", "year", "years");
        // Nouns a head count is about.
        Add(classes, WordClass.PeopleHead,
            "soldier", "soldiers", "troops", "serviceman", "servicemen", "guard", "guards", "defector", "defectors", "deserter", "deserters",
            "escapee", "escapees", "men", "man", "woman", "women", "people", "person", "persons", "individual", "individuals", "Koreans", "Korean",
            "fishermen", "fisherman", "crew", "crewmen", "sailor", "sailors", "officer", "officers", "civilian", "civilians", "pilot", "pilots",
            "diplomat", "diplomats", "resident", "residents", "worker", "workers", "private", "privates", "sergeant", "sergeants", "colonel",
            "colonels", "lieutenant", "lieutenants", "captain", "captains", "refugee", "refugees", "POW", "POWs", "prisoner", "prisoners", "captive",
            "captives", "agent", "agents");
        // Counts that are not numbers: "a soldier", "a lone soldier".
        Add(classes, WordClass.PeopleCount,
            "a", "an", "lone", "single", "dozen");
        // Words a rank phrase turns on.
        Add(classes, WordClass.RankHead,
            "general", "colonel", "lieutenant", "captain", "sergeant", "major", "corporal", "private", "officer", "officers", "NCO", "NCOs",
            "noncommissioned", "non", "guard", "guards", "pilot", "pilots", "Lt", "Gen", "Col", "Maj", "Brig", "Capt", "Sgt", "Staff", "Cpl", "Pvt",
            "Pfc");
        // Words that may precede them in a rank: "staff sergeant", "second lieutenant".
        Add(classes, WordClass.RankPrefix,
            "lieutenant", "major", "brigadier", "senior", "second", "2nd", "first", "1st", "junior", "staff", "master", "sergeant", "lance",
            "private", "non", "commissioned", "noncommissioned", "border", "patrol", "security", "Lt", "Maj", "Brig");
        // Words a unit name ends with.
        Add(classes, WordClass.UnitHead,
            "Division", "Divisions", "Corps", "Brigade", "Brigades", "Regiment", "Regiments", "Battalion", "Battalions", "Company", "Companies",
            "Platoon", "Platoons", "Squadron", "Squadrons", "Fleet", "Fleets", "Army", "Armies", "Detachment", "Detachments", "Wing", "Wings",
            "Bureau", "Command", "Security", "Department", "Ministry", "Agency", "Forces", "Unit", "Units");
        // Lower-case words that may stand inside a unit name: "border security brigade".
        Add(classes, WordClass.UnitPrefix,
            "infantry", "border", "security", "guard", "patrol", "mechanized", "mechanised", "artillery", "armored", "armoured", "special", "light",
            "reconnaissance", "engineering", "construction", "coastal", "marine", "naval", "air", "sniper", "training", "tank", "rocket", "missile",
            "defense", "defence", "operations", "operation", "forces", "navy", "military", "of", "s", "No");
        // Verbs a casualty phrase starts with: "killing two", "shot twice".
        Add(classes, WordClass.CasualtyVerb,
            "killed", "killing", "kills", "shot", "shooting", "murdered", "murdering", "wounding", "injuring", "wounded", "injured", "hit", "struck",
            "riddled");
        // Words that end a number-first casualty phrase, at most five words after the number.
        Add(classes, WordClass.CasualtyEnd,
            "killed", "dead", "died", "wounded", "injured", "hurt", "bullets", "rounds", "shots", "gunshots", "gunshot");
        // Approximations before a number: "about 20", "more than 40".
        Add(classes, WordClass.About,
            "about", "around", "roughly", "some", "nearly", "almost", "approximately", "at", "least", "more", "than", "over", "up", "to", "as", "many");
        // Number words.
        Add(classes, WordClass.Number,
            "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
            "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty");
        // Korean surnames (a capital is required in the text).
        Add(classes, WordClass.Surname,
            "Kim", "Gim", "Lee", "Yi", "Ri", "Rhee", "Rhie", "Park", "Pak", "Bak", "Choi", "Choe", "Chwe", "Jung", "Jeong", "Chung", "Chong", "Kang",
            "Gang", "Cho", "Jo", "Joe", "Yoon", "Yun", "Jang", "Chang", "Lim", "Im", "Rim", "Han", "Oh", "Seo", "Suh", "Shin", "Sin", "Kwon", "Gwon",
            "Hwang", "Ahn", "An", "Song", "Ryu", "Yu", "Yoo", "Hong", "Jeon", "Jun", "Chon", "Chun", "Ko", "Koh", "Go", "Moon", "Mun", "Yang", "Son",
            "Sohn", "Bae", "Pae", "Baek", "Paek", "Paik", "Heo", "Hur", "Huh", "Nam", "Noh", "Roh", "Ro", "Ha", "Kwak", "Sung", "Seong", "Cha",
            "Joo", "Ju", "Chu", "Choo", "Woo", "Min", "Na", "Ra", "Jin", "Ji", "Chi", "Eom", "Um", "Chae", "Won", "Bang", "Pang", "Pyo", "Byun",
            "Pyon", "Yeo", "Tak", "Thae", "Tae", "Hyon", "Hyun", "Kye", "Gye", "Maeng", "Gil", "Kil", "Ok", "Wang", "Bong", "Sim", "Shim", "Ryom",
            "Yeom", "Myong", "Ku", "Koo", "Gu", "Kong", "Gong", "Yeon", "Yon", "Ryang", "Rho", "Kum", "Geum", "Ryo", "Pyun", "Seol", "Sol", "Mo",
            "Tong", "Dong", "Hahn");
        // Common first names of people writing or written about in English (a capital is required).
        Add(classes, WordClass.FirstName,
            "Aaron", "Adam", "Adrian", "Alan", "Albert", "Alex", "Alexander", "Alexandr", "Alexei", "Alexey", "Alice", "Alison", "Amanda", "Amy",
            "Andrea", "Andrei", "Andrew", "Andrey", "Andriy", "Angela", "Ann", "Anna", "Anne", "Anthony", "Anton", "Antonio", "Arthur", "Barbara",
            "Ben", "Benjamin", "Bernard", "Boris", "Brad", "Brian", "Bruce", "Bryan", "Carl", "Carlos", "Caroline", "Catherine", "Charles",
            "Charlotte", "Chris", "Christian", "Christina", "Christine", "Christopher", "Claire", "Colin", "Craig", "Dan", "Daniel", "Daniela",
            "David", "Dennis", "Denis", "Diana", "Dmitri", "Dmitriy", "Dmitry", "Donald", "Douglas", "Edward", "Elena", "Elizabeth", "Emily", "Emma",
            "Eric", "Erik", "Eugene", "Evgeny", "Fyodor", "Gary", "George", "Georgy", "Gerald", "Gordon", "Greg", "Gregory", "Hannah", "Harry",
            "Heather", "Helen", "Henry", "Howard", "Hugh", "Hans", "Igor", "Ivan", "Jack", "Jacob", "James", "Jamie", "Jane", "Janet", "Jason",
            "Jean", "Jeff", "Jeffrey", "Jennifer", "Jeremy", "Jessica", "Jim", "Joan", "Joe", "Joel", "John", "Jonathan", "Jon", "Joseph", "Josh",
            "Joshua", "Judith", "Julia", "Julian", "Julie", "Justin", "Karen", "Katherine", "Kathleen", "Keith", "Kenneth", "Kevin", "Kirill",
            "Kyle", "Larry", "Laura", "Lauren", "Lawrence", "Leonid", "Linda", "Lisa", "Louis", "Lucy", "Luke", "Maria", "Marie", "Mario", "Martin",
            "Mary", "Matthew", "Max", "Maxim", "Melissa", "Michael", "Michel", "Michelle", "Mike", "Mikhail", "Mykola", "Mykhailo", "Nancy",
            "Natalia", "Nathan", "Neil", "Nicholas", "Nick", "Nicole", "Nikita", "Nikolai", "Nikolay", "Oleg", "Oleh", "Oleksandr", "Oleksiy",
            "Olga", "Oliver", "Pamela", "Patrick", "Paul", "Pavel", "Pavlo", "Peter", "Petro", "Philip", "Phillip", "Pierre", "Rachel", "Ralph",
            "Raymond", "Rebecca", "Richard", "Robert", "Roger", "Roman", "Ronald", "Ruslan", "Russell", "Ryan", "Samuel", "Sarah", "Scott", "Sean",
            "Serhiy", "Sergei", "Sergey", "Sergiy", "Simon", "Sophie", "Stanislav", "Stephanie", "Stephen", "Steve", "Steven", "Susan", "Taras",
            "Thomas", "Timothy", "Todd", "Tom", "Tony", "Valentin", "Valery", "Valeriy", "Vasily", "Vasyl", "Viktor", "Vitaliy", "Vitaly",
            "Vladimir", "Vladislav", "Volodymyr", "Walter", "Wayne", "William", "Yaroslav", "Yevgeny", "Yuri", "Yuriy", "Yury", "Zachary", "Hiroshi",
            "Jiro", "Taro", "Kenji", "Yuki", "Akira", "Takeshi");
        // A role before a non-Korean name that marks it as a person even when the first name is not a common one.
        Add(classes, WordClass.PersonRole,
            "journalist", "blogger", "analyst", "researcher", "professor", "scholar", "expert", "producer", "director", "lawmaker", "legislator",
            "commander", "activist", "defector", "soldier", "officer", "pilot", "diplomat", "ambassador", "envoy", "general", "colonel",
            "lieutenant", "captain", "sergeant", "private", "major", "author", "filmmaker", "photographer", "volunteer", "lawyer", "attorney",
            "judge", "pastor", "missionary", "Mr", "Mrs", "Ms", "Dr", "Prof", "Rep", "Sen", "Gen", "Col", "Lt", "Capt", "Sgt", "Maj", "Pvt");
        return classes;
    }

    private static void Add(Dictionary<string, WordClass> classes, WordClass c, params string[] words)
    {
        foreach (var word in words)
        {
            var key = Fold.Of(word);
            classes[key] = classes.GetValueOrDefault(key) | c;
        }
    }
}
