namespace NewsWatch;

/// <summary>
/// A configuration the process cannot start with (the message names the key or the option at fault); every door turns it into
/// its own refusal, the CLI into exit code 2.
/// </summary>
internal sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
