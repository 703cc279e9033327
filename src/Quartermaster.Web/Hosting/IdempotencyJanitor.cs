using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Common;
using Quartermaster.Storage;

namespace Quartermaster.Web.Hosting;

/// <summary>Removes stored write results older than <see cref="Idempotency.Retention"/>, at start and then every hour.</summary>
public sealed class IdempotencyJanitor(DatabaseTarget database, TimeProvider clock, ILogger<IdempotencyJanitor> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await using var db = database.Open(clock);
                while (await Idempotency.Purge(db, stoppingToken) > 0) { }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Could not purge expired idempotency results; will try again in an hour.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
