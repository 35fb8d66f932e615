namespace NewsWatch.Text;

/// <summary>
/// The month names the code reads: English as written in reports and feeds, and the other languages feeds date in.
/// Here rather than in a stage's folder because feed polling and incident facts both read months, and neither may use the other.
/// </summary>
internal static class MonthNames
{
    /// <summary>English names as written in text, January first.</summary>
    public static IReadOnlyList<string> English { get; } =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    /// <summary>English abbreviations as written in text, in month order; May has none, September two.</summary>
    public static IReadOnlyList<string> EnglishAbbreviations { get; } =
        ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Names and short forms in other languages, lower case with accents folded, and their month.</summary>
    public static IReadOnlyList<(string Name, int Month)> OtherLanguages { get; } =
    [
        // German (Austrian "Jänner"); "Mrz" is the short form of März.
        ("januar", 1), ("janner", 1), ("februar", 2), ("marz", 3), ("mrz", 3), ("mai", 5), ("juni", 6), ("juli", 7),
        ("oktober", 10), ("dezember", 12),
        // French.
        ("janvier", 1), ("fevrier", 2), ("mars", 3), ("avril", 4), ("juin", 6), ("juillet", 7), ("aout", 8),
        ("septembre", 9), ("octobre", 10), ("novembre", 11), ("decembre", 12),
        // Spanish.
        ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7),
        ("agosto", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
        // Italian.
        ("gennaio", 1), ("febbraio", 2), ("aprile", 4), ("maggio", 5), ("giugno", 6), ("luglio", 7),
        ("settembre", 9), ("ottobre", 10), ("dicembre", 12),
        // Dutch.
        ("januari", 1), ("februari", 2), ("maart", 3), ("mei", 5), ("augustus", 8),
        // Portuguese.
        ("janeiro", 1), ("fevereiro", 2), ("marco", 3), ("maio", 5), ("junho", 6), ("julho", 7), ("setembro", 9),
        ("outubro", 10), ("novembro", 11), ("dezembro", 12),
        // Hungarian.
        ("marcius", 3), ("aprilis", 4), ("majus", 5), ("junius", 6), ("julius", 7), ("augusztus", 8),
        ("szeptember", 9),
        // Greek, nominative and genitive, accents folded; "Ιον"/"Ιολ" are abbreviations seen in Greek feeds.
        ("ιανουαριος", 1), ("ιανουαριου", 1), ("φεβρουαριος", 2), ("φεβρουαριου", 2), ("μαρτιος", 3), ("μαρτιου", 3),
        ("απριλιος", 4), ("απριλιου", 4), ("μαιος", 5), ("μαιου", 5), ("ιουνιος", 6), ("ιουνιου", 6), ("ιον", 6),
        ("ιουλιος", 7), ("ιουλιου", 7), ("ιολ", 7), ("αυγουστος", 8), ("αυγουστου", 8),
        ("σεπτεμβριος", 9), ("σεπτεμβριου", 9), ("οκτωβριος", 10), ("οκτωβριου", 10),
        ("νοεμβριος", 11), ("νοεμβριου", 11), ("δεκεμβριος", 12), ("δεκεμβριου", 12),
        // Russian, nominative and genitive.
        ("январь", 1), ("января", 1), ("февраль", 2), ("февраля", 2), ("март", 3), ("марта", 3),
        ("апрель", 4), ("апреля", 4), ("май", 5), ("мая", 5), ("июнь", 6), ("июня", 6), ("июль", 7), ("июля", 7),
        ("август", 8), ("августа", 8), ("сентябрь", 9), ("сентября", 9), ("октябрь", 10), ("октября", 10),
        ("ноябрь", 11), ("ноября", 11), ("декабрь", 12), ("декабря", 12),
    ];

    /// <summary>The month (1–12) of an English name or abbreviation, read from its first three letters in any case; 0 when none.</summary>
    public static int Number(ReadOnlySpan<char> name)
    {
        if (name.Length < 3)
            return 0;
        Span<char> key = stackalloc char[3];
        name[..3].ToLowerInvariant(key);
        for (var i = 0; i < English.Count; i++)
        {
            var month = English[i];
            if (char.ToLowerInvariant(month[0]) == key[0] && month[1] == key[1] && month[2] == key[2])
                return i + 1;
        }

        return 0;
    }
}
