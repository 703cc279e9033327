using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Web.Hosting;

/// <summary>
/// Signs a checkpoint at start and then at every interval (configuration <c>Ledger:CheckpointIntervalMinutes</c>,
/// default 60) when the ledger has grown since the last one. Failures are logged, never fatal.
/// </summary>
public sealed class CheckpointScheduler(IServiceScopeFactory scopes, WebOptions options, ILogger<CheckpointScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.CheckpointInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.CheckpointInterval, options.Clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<QuartermasterDb>();
                db.RestrictTo(null);
                if (await db.LedgerEvents.AnyAsync(stoppingToken))
                {
                    var c = await scope.ServiceProvider.GetRequiredService<CheckpointService>().Create(stoppingToken);
                    log.LogInformation("Ledger checkpoint {Size} signed: root {Root}", c.TreeSize, c.RootHash);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Signing a ledger checkpoint failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
