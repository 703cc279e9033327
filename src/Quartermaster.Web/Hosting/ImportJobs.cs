using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Application.Importing;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Web.Api;

namespace Quartermaster.Web.Hosting;

public enum ImportJobState { Queued, Running, Ready, Failed, Applied, Cancelled }

/// <summary>
/// One import from the browser: the uploaded file (kept in memory, at most the upload limit), its preview computed in the
/// background, then applied or cancelled by the person who started it. Nobody else sees it.
/// </summary>
public sealed class ImportJob(Guid id, string owner, Actor actor, Viewer viewer, ImportKind kind, string fileName, byte[] bytes,
    ImportMapping mapping, System.Text.Encoding? encoding, DateTime queuedAt)
{
    public Guid Id { get; } = id;
    /// <summary>The account that started the job: the only one that may see, apply or cancel it.</summary>
    public string Owner { get; } = owner;
    public Actor Actor { get; } = actor;
    public Viewer Viewer { get; } = viewer;
    public ImportKind Kind { get; } = kind;
    public string FileName { get; } = fileName;
    public ImportMapping Mapping { get; } = mapping;
    public System.Text.Encoding? Encoding { get; } = encoding;
    public DateTime QueuedAt { get; } = queuedAt;
    public DateTime ExpiresAt { get; set; } = queuedAt + ImportJobs.Lifetime;
    /// <summary>The file; released once the job is applied, cancelled or expired.</summary>
    public byte[]? Bytes { get; set; } = bytes;
    public long Size { get; } = bytes.LongLength;
    public ImportJobState State { get; set; } = ImportJobState.Queued;
    public string Phase { get; set; } = "queued";
    public double Fraction { get; set; }
    public ImportPreview? Preview { get; set; }
    public ImportSummary? Applied { get; set; }
    public string? Error { get; set; }

    /// <summary>Guards apply and cancel against a double click (one of them wins).</summary>
    internal readonly SemaphoreSlim Gate = new(1, 1);

    public bool IsRunning => State is ImportJobState.Queued or ImportJobState.Running;
}

/// <summary>
/// Import previews in the background, like plan computations: one at a time, each in its own scope restricted to what
/// its requester may see, with phase and progress; a bounded queue, at most <see cref="MaxJobsPerUser"/> live jobs per
/// account and jobs forgotten <see cref="Lifetime"/> after they were started. Applying runs the import itself (one
/// transaction, ledgered with the requester as actor) with the preview's counts as the expectation: a stale preview is
/// refused (409) and nothing is written.
/// </summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportJobs> log) : BackgroundService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    public const int MaxJobsPerUser = 5;
    public const int QueueLength = 8;

    private readonly Channel<ImportJob> _queue = Channel.CreateBounded<ImportJob>(new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.Wait });
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public ImportJob Enqueue(Actor actor, Viewer viewer, ImportKind kind, string fileName, byte[] bytes, ImportMapping mapping, System.Text.Encoding? encoding)
    {
        Sweep();
        if (_jobs.Values.Count(j => j.Owner == actor.Name && j.State is not (ImportJobState.Applied or ImportJobState.Cancelled or ImportJobState.Failed)) >= MaxJobsPerUser)
            throw new ConflictException($"You already have {MaxJobsPerUser} imports open; apply or cancel one first.");
        var job = new ImportJob(Guid.NewGuid(), actor.Name, actor, viewer, kind, fileName, bytes, mapping, encoding, clock.GetUtcNow().UtcDateTime);
        _jobs[job.Id] = job;
        if (!_queue.Writer.TryWrite(job))
        {
            _jobs.TryRemove(job.Id, out _);
            throw new ConflictException("Too many imports are waiting to be checked; try again in a minute.");
        }
        return job;
    }

    /// <summary>The job, if it exists, has not expired and was started by <paramref name="owner"/>; else null (a 404 for everyone else).</summary>
    public ImportJob? Find(Guid id, string owner)
    {
        Sweep();
        return _jobs.TryGetValue(id, out var job) && string.Equals(job.Owner, owner, StringComparison.Ordinal) ? job : null;
    }

    /// <summary>Applies a ready preview in one transaction; the import re-runs its checks and refuses (409) if the preview is stale.</summary>
    public async Task<ImportSummary> Apply(ImportJob job, ImportService imports, CancellationToken ct)
    {
        await job.Gate.WaitAsync(ct);
        try
        {
            if (job.State != ImportJobState.Ready || job.Preview is not { } preview)
                throw new ConflictException(job.State == ImportJobState.Applied ? "This import has already been applied."
                    : job.State == ImportJobState.Cancelled ? "This import was cancelled; upload the file again."
                    : "This import has no preview to apply yet.");
            if (!preview.CanApply || job.Bytes is not { } bytes)
                throw new ConflictException($"The file has {preview.Issues.Count:N0} problem(s); correct them and upload it again. Nothing was imported.");
            ImportSummary summary;
            try
            {
                summary = await imports.Import(job.Actor, job.Kind, new MemoryStream(bytes, false), job.FileName, job.Mapping,
                    new ImportOptions { Encoding = job.Encoding, Expect = preview.Expectation }, ct);
            }
            catch (ImportRejectedException e)
            {
                throw new ConflictException($"The data changed since the preview: the file now has {e.Issues.Count:N0} problem(s) "
                    + $"(first: {e.Issues[0]}). Nothing was imported; upload the file again to see them.");
            }
            job.Applied = summary;
            job.State = ImportJobState.Applied;
            job.Bytes = null;
            return summary;
        }
        finally
        {
            job.Gate.Release();
        }
    }

    public async Task Cancel(ImportJob job, CancellationToken ct)
    {
        await job.Gate.WaitAsync(ct);
        try
        {
            if (job.State == ImportJobState.Applied) throw new ConflictException("This import has already been applied.");
            job.State = ImportJobState.Cancelled;
            job.Bytes = null;
            job.Preview = null;
        }
        finally
        {
            job.Gate.Release();
        }
    }

    private void Sweep()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (id, job) in _jobs)
            if (job.ExpiresAt <= now && !job.IsRunning)
            {
                job.Bytes = null;
                _jobs.TryRemove(id, out _);
            }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (job.State != ImportJobState.Queued || job.Bytes is not { } bytes) continue;
            job.State = ImportJobState.Running;
            job.Phase = "reading";
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                // A background scope has no signed-in request: it sees what the requester sees.
                scope.ServiceProvider.GetRequiredService<Storage.QuartermasterDb>().RestrictTo(job.Viewer);
                var service = scope.ServiceProvider.GetRequiredService<ImportService>();
                var options = new ImportOptions
                {
                    Encoding = job.Encoding,
                    Progress = new SyncProgress(p => (job.Fraction, job.Phase) = (p.Fraction, p.Text)),
                };
                var preview = await Task.Run(() => service.Preview(job.Actor, job.Kind, new MemoryStream(bytes, false), job.FileName, job.Mapping,
                    options, stoppingToken), stoppingToken);
                await job.Gate.WaitAsync(stoppingToken);
                try
                {
                    // Cancelled while it was being checked: the preview is dropped with the file.
                    if (job.State != ImportJobState.Running) continue;
                    job.Preview = preview;
                    job.Phase = "done";
                    job.Fraction = 1;
                    job.State = ImportJobState.Ready;
                    // A file with problems can never be applied: its bytes are not kept.
                    if (!preview.CanApply) job.Bytes = null;
                }
                finally
                {
                    job.Gate.Release();
                }
                // The clock for a decision starts when the preview is ready.
                job.ExpiresAt = clock.GetUtcNow().UtcDateTime + Lifetime;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var problem = ProblemExceptionHandler.Describe(e);
                if (job.State == ImportJobState.Cancelled) continue;
                job.State = ImportJobState.Failed;
                job.Error = problem.Detail;
                job.Bytes = null;
                if (problem.Status == 500) log.LogError(e, "Import job {Job} failed", job.Id);
            }
        }
    }

    private sealed class SyncProgress(Action<(double Fraction, string Text)> report) : IProgress<(double Fraction, string Text)>
    {
        public void Report((double Fraction, string Text) value) => report(value);
    }
}
