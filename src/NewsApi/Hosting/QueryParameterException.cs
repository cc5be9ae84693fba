namespace NewsApi.Hosting;

/// <summary>A query parameter the caller got wrong, reported as a 400 naming it.</summary>
public sealed class QueryParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
