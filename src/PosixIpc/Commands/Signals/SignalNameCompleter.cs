using PosixIpc.Signals;

namespace PosixIpc.Commands;

/// <summary>Tab completion of signal names: USR1, HUP, RTMIN+2 ... (with SIG when the word starts with it).</summary>
public class SignalNameCompleter : ValueCompleter
{
    /// <summary>Whether the cmdlet accepts the signal; every signal by default.</summary>
    protected virtual bool Offers(SignalInfo signal) => true;

    protected override IEnumerable<(string Value, string Tooltip)> Candidates(string commandName, string word)
    {
        bool prefixed = word.StartsWith("SIG", StringComparison.OrdinalIgnoreCase);
        string bare = prefixed ? word[3..] : word;
        return SignalTable.Signals
            .Where(Offers)
            .Where(s => s.ShortName.StartsWith(bare, StringComparison.OrdinalIgnoreCase)
                || s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == bare)
            .Select(s => (prefixed ? s.Name : s.ShortName, $"{s.Name} ({s.Number}): {s.Description}"));
    }
}
