using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>One captured log entry: its category, level, formatted text, structured values and exception (all as text).</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Values, string? Exception)
{
    /// <summary>Everything the entry would put in any sink: the text, every value and the exception.</summary>
    public string Everything => string.Join("\n", new[] { Category, Message, Exception ?? "" }.Concat(Values.Select(v => $"{v.Key}={v.Value}")));

    public override string ToString() => $"{Level} {Category}: {Message}";
}

/// <summary>An in-memory logger provider: everything the server logs, at every level the filters let through.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> kvs
                ? kvs.GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value?.ToString())
                : new Dictionary<string, string?>();
            sink.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}

/// <summary>A server that logs every request and captures all its logs (Debug and up) in memory.</summary>
public sealed class ObservabilityFixture<TKind> : AppFixture<TKind> where TKind : IDbKind
{
    public LogCapture Logs { get; } = new();

    protected override WebOptions Options(WebOptions defaults)
        => defaults with { LogRequestsByDefault = true, MinimumLogLevel = LogLevel.Debug, LoggerProviders = [Logs] };
}
