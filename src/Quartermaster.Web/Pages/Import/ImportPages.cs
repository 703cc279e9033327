using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Quartermaster.Application.Common;
using Quartermaster.Application.Import;
using Quartermaster.Application.Importing;
using Quartermaster.Web.Api;
using Quartermaster.Web.Hosting;
using Quartermaster.Web.Pages.Shared;

namespace Quartermaster.Web.Pages.Import;

/// <summary>What the import pages share: which kinds the signed-in person may import, and their words.</summary>
public static class ImportKinds
{
    public static string PolicyOf(ImportKind kind) => kind switch
    {
        ImportKind.Offers => Policies.Pledge,
        ImportKind.Requirements => Policies.Requirements,
        _ => Policies.Coordinate,
    };

    public static string Words(ImportKind kind) => kind switch
    {
        ImportKind.Offers => "Offers (pledge lines)",
        ImportKind.Requirements => "Requirements",
        _ => "Catalogue items",
    };

    public static string ListOf(ImportKind kind) => kind switch
    {
        ImportKind.Offers => "/offers",
        ImportKind.Requirements => "/requirements",
        _ => "/catalogue",
    };

    public static string Code(ImportKind kind) => kind.ToString().ToLowerInvariant();

    public static async Task<IReadOnlyList<ImportKind>> Permitted(IAuthorizationService auth, System.Security.Claims.ClaimsPrincipal user)
    {
        var kinds = new List<ImportKind>();
        foreach (var kind in Enum.GetValues<ImportKind>())
            if ((await auth.AuthorizeAsync(user, PolicyOf(kind))).Succeeded) kinds.Add(kind);
        return kinds;
    }

    /// <summary>The built-in mappings for a kind (the standard layout first).</summary>
    public static IReadOnlyList<string> Mappings(ImportKind kind)
        => ImportMapping.BuiltinNames.Where(n => string.Equals(ImportMapping.Builtin(n).Target.ToString(), kind.ToString(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(n => n == Code(kind) ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal).ToList();
}

/// <summary>
/// Upload a CSV or XLSX file with a mapping: the file is checked in the background (<see cref="ImportJobs"/>) and the
/// person is sent to the job's page, which shows the progress and then the preview.
/// </summary>
[Authorize(Policy = Policies.Import)]
public sealed class IndexModel(ImportJobs jobs, CurrentActor current, IAuthorizationService auth, WebOptions web) : RecordFormModel
{
    public IReadOnlyList<ImportKind> Kinds { get; private set; } = [];
    public long MaxBytes => web.MaxUploadBytes;

    [BindProperty(SupportsGet = true)] public ImportKind? Kind { get; set; }
    [BindProperty] public string? Mapping { get; set; }
    [BindProperty] public string? Encoding { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public IFormFile? MappingDocument { get; set; }

    public static readonly IReadOnlyList<(string Value, string Words)> Encodings =
    [
        ("", "UTF-8 (default)"), ("windows-1252", "Windows-1252 (Western European Excel)"), ("iso-8859-1", "ISO-8859-1 (Latin-1)"),
        ("windows-1250", "Windows-1250 (Central European)"), ("windows-1251", "Windows-1251 (Cyrillic)"), ("utf-16", "UTF-16"),
    ];

    protected override IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>
    {
        ["kind"] = "What to import", ["file"] = "File", ["upload"] = "File", ["mapping"] = "Mapping", ["encoding"] = "Encoding", ["form"] = "Import",
    };

    public async Task OnGetAsync() => Kinds = await ImportKinds.Permitted(auth, User);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Kinds = await ImportKinds.Permitted(auth, User);
        CollectBindingErrors();
        if (Kind is not { } kind) AddError("kind", "Choose what to import.");
        else if (!Kinds.Contains(kind)) AddError("kind", $"Your role may not import {ImportKinds.Code(kind)}.");
        if (Upload is null || Upload.Length == 0) AddError("file", "Choose a CSV or XLSX file.");
        else if (Upload.Length > web.MaxUploadBytes) AddError("file", $"A file is at most {web.MaxUploadBytes / (1024 * 1024)} MB.");
        System.Text.Encoding? text = null;
        try { text = TextEncodings.Parse(string.IsNullOrWhiteSpace(Encoding) ? null : Encoding); }
        catch (RequestException e) { AddError("encoding", e.Message); }
        ImportMapping? mapping = null;
        if (Kind is { } k && Errors.Count == 0)
        {
            try
            {
                if (MappingDocument is { Length: > 0 } doc)
                {
                    await using var m = doc.OpenReadStream();
                    mapping = await ImportApi.MappingDocument(m, doc.FileName, ct);
                }
                else mapping = ImportService.ResolveMapping(k, Mapping);
                if (!string.Equals(mapping.Target.ToString(), k.ToString(), StringComparison.OrdinalIgnoreCase))
                    AddError("mapping", $"Mapping '{mapping.Name}' is for {mapping.Target.ToString().ToLowerInvariant()}, not {ImportKinds.Code(k)}.");
            }
            catch (RequestException e) { AddError("mapping", e.Message); }
            catch (ImportRejectedException e) { AddError("mapping", string.Join(" ", e.Issues.Select(i => i.ToString()))); }
        }
        if (Errors.Count > 0 || mapping is null) return Page();

        byte[] bytes;
        await using (var s = Upload!.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await s.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }
        var job = await Attempt(() => Task.FromResult(jobs.Enqueue(current.Actor, current.Viewer!, Kind!.Value, Path.GetFileName(Upload.FileName), bytes, mapping, text)));
        if (job is null) return Page();
        return LocalRedirect($"/import/jobs/{job.Id}");
    }
}

/// <summary>One import: its progress while the file is checked, then the preview with the buttons to apply or cancel.</summary>
[Authorize(Policy = Policies.Import)]
public sealed class JobModel(ImportJobs jobs, CurrentActor current) : RecordFormModel
{
    public const int ProblemsShown = 500;

    public ImportJob Job { get; private set; } = null!;

    public IActionResult OnGet(Guid id)
    {
        if (jobs.Find(id, current.Actor.Name) is not { } job) return NotFound();
        Job = job;
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        if (jobs.Find(id, current.Actor.Name) is not { } job) return NotFound();
        Job = job;
        var done = await Attempt(async () => { await jobs.Cancel(job, ct); return job; });
        if (done is null) return Page();
        return SavedAndRedirect($"Import of {job.FileName} cancelled; nothing was imported.", "/import");
    }
}

/// <summary>The confirmation step, then the import itself: one transaction, ledgered as the person; a stale preview is refused (409).</summary>
[Authorize(Policy = Policies.Import)]
public sealed class ApplyModel(ImportJobs jobs, ImportService imports, CurrentActor current, IAuthorizationService auth) : RecordFormModel
{
    public ImportJob Job { get; private set; } = null!;

    public ConfirmStep Step
    {
        get
        {
            var p = Job.Preview;
            var counts = p is null ? "" : $"{Fmt.Int(p.Created)} new, {Fmt.Int(p.Updated)} updated and {Fmt.Int(p.Unchanged)} unchanged";
            return new ConfirmStep($"Import {Job.FileName}?",
                $"{ImportKinds.Words(Job.Kind)}: {counts} record(s), in one step, recorded in the ledger as yours. "
                + "If the data changed since the preview so that the import would do something else, nothing is imported and you are told.",
                "Apply import", $"/import/jobs/{Job.Id}", Danger: false);
        }
    }

    public IActionResult OnGet(Guid id)
    {
        if (jobs.Find(id, current.Actor.Name) is not { } job) return NotFound();
        Job = job;
        if (job.State != ImportJobState.Ready) return LocalRedirect($"/import/jobs/{id}");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (jobs.Find(id, current.Actor.Name) is not { } job) return NotFound();
        Job = job;
        // The role may have changed since the upload: the kind's own policy is checked again.
        if (!(await auth.AuthorizeAsync(User, ImportKinds.PolicyOf(job.Kind))).Succeeded) return Forbid();
        var done = await Attempt(() => jobs.Apply(job, imports, ct));
        if (done is null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return SavedAndRedirect($"Imported {done.File}: {Fmt.Int(done.Created)} created, {Fmt.Int(done.Updated)} updated, {Fmt.Int(done.Unchanged)} unchanged.",
            ImportKinds.ListOf(job.Kind));
    }
}
