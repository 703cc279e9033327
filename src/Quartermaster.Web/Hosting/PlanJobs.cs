using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Allocations;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Planning;
using Quartermaster.Web.Api;

namespace Quartermaster.Web.Hosting;

public enum PlanJobState { Queued, Running, Succeeded, Failed }

/// <summary>A plan computation (or, with <see cref="Changes"/>, a what-if re-plan) running in the background, with its progress.</summary>
public sealed class PlanJob(Guid id, string? period, Actor actor, Viewer viewer, DateTime queuedAt, IReadOnlyList<ScenarioChange>? changes = null)
{
    /// <summary>The what-if changes; null for a plan that is saved.</summary>
    public IReadOnlyList<ScenarioChange>? Changes { get; } = changes;
    /// <summary>The what-if outcome (kept in memory only: a what-if writes nothing).</summary>
    public WhatIfView? WhatIf { get; set; }
    public Guid Id { get; } = id;
    public string? Period { get; } = period;
    public Actor Actor { get; } = actor;

    /// <summary>What the requester may see: the job's queries see exactly that (the cell plans with what is released to it).</summary>
    public Viewer Viewer { get; } = viewer;
    public DateTime QueuedAt { get; } = queuedAt;
    public PlanJobState State { get; set; } = PlanJobState.Queued;
    public string Phase { get; set; } = "queued";
    public string Message { get; set; } = "waiting for the planner";
    public double? Fraction { get; set; }
    public Guid? PlanId { get; set; }
    public string? Error { get; set; }
    public string? ErrorField { get; set; }
}

/// <summary>
/// Runs plan computations one at a time in the background (the solver uses the machine's cores), each in its own
/// scope and database context. A failed job records why and writes nothing: the plan is saved in one command.
/// </summary>
public sealed class PlanJobs(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PlanJobs> log) : BackgroundService
{
    private readonly Channel<PlanJob> _queue = Channel.CreateBounded<PlanJob>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<Guid, PlanJob> _jobs = new();

    public PlanJob Enqueue(string? period, Actor actor, Viewer viewer, IReadOnlyList<ScenarioChange>? changes = null)
    {
        var job = new PlanJob(Guid.NewGuid(), period, actor, viewer, clock.GetUtcNow().UtcDateTime, changes);
        if (!_queue.Writer.TryWrite(job))
            throw new Application.Common.ConflictException("Too many plans are waiting to be computed; try again when one has finished.");
        _jobs[job.Id] = job;
        return job;
    }

    public PlanJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            job.State = PlanJobState.Running;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var activity = PlanningTelemetry.Source.StartActivity("plan.compute");
            activity?.SetTag("period", job.Period ?? "current");
            activity?.SetTag("plan.job", job.Id.ToString());
            var outcome = "failed";
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // A background scope has no signed-in request: it sees what the requester sees, not the anonymous view.
                scope.ServiceProvider.GetRequiredService<Storage.QuartermasterDb>().RestrictTo(job.Viewer);
                var service = scope.ServiceProvider.GetRequiredService<AllocationsService>();
                var progress = new SyncProgress(p =>
                {
                    job.Phase = p.Phase;
                    job.Message = p.Message;
                    job.Fraction = p.Fraction;
                });
                if (job.Changes is { } changes)
                {
                    var whatIf = scope.ServiceProvider.GetRequiredService<WhatIfService>();
                    var view = await Task.Run(() => whatIf.Run(job.Period, changes, progress, stoppingToken), stoppingToken);
                    job.WhatIf = view;
                    job.Phase = "done";
                    var c = view.Result.Comparison;
                    job.Message = $"what-if for {view.Period}: {c.Gained} gained, {c.Lost} lost, {c.Earlier} earlier, {c.Later} later";
                    outcome = "what-if";
                }
                else
                {
                    var summary = await Task.Run(() => service.Compute(job.Actor, job.Period, progress, stoppingToken), stoppingToken);
                    job.PlanId = summary.Id;
                    job.Phase = "done";
                    job.Message = $"plan {summary.Number} of {summary.Period}: {summary.SolveStatus}";
                    outcome = summary.SolveStatus.ToString();
                }
                job.Fraction = 1;
                job.State = PlanJobState.Succeeded;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                outcome = "cancelled";
                return;
            }
            catch (Exception e)
            {
                var problem = ProblemExceptionHandler.Describe(e is ScenarioException s ? new Application.Common.RequestException("scenario", s.Message) : e);
                job.State = PlanJobState.Failed;
                job.Error = problem.Detail;
                job.ErrorField = problem.Extensions.TryGetValue("field", out var f) ? f as string : null;
                if (problem.Status == 500) log.LogError(e, "Plan job {Job} failed", job.Id);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, problem.Title);
            }
            finally
            {
                activity?.SetTag("status", outcome);
                PlanningTelemetry.Record(job.Period, outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }
        }
    }

    private sealed class SyncProgress(Action<PlanProgress> report) : IProgress<PlanProgress>
    {
        public void Report(PlanProgress value) => report(value);
    }
}
