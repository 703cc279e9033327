using Quartermaster.Application.Import;

namespace Quartermaster.Application.Importing;

/// <summary>
/// The file of one import, read and checked before the command starts. Its sheets are handed over once
/// (<see cref="TakeSheets"/>) and not kept here, so that while the parsed lines are matched and written memory no
/// longer holds every raw cell of the file as well (about 800 bytes a line; the file's bytes are a sixth of that). A
/// command that runs again (a transient database fault) reads the sheets again from the bytes.
/// </summary>
internal sealed class ImportFile
{
    private readonly byte[] bytes;
    private readonly string fileName;
    private readonly ReadOptions options;
    private IReadOnlyList<SourceSheet>? sheets;

    private ImportFile(byte[] bytes, string fileName, ReadOptions options)
    {
        this.bytes = bytes;
        this.fileName = fileName;
        this.options = options;
        sheets = TabularReader.Read(bytes, fileName, options);
    }

    /// <summary>Reads the stream and its sheets; a file that cannot be read is refused here, before any transaction.</summary>
    public static ImportFile Read(Stream stream, string fileName, ReadOptions options)
        => new(TabularReader.ReadBytes(stream, fileName, options.Limits), fileName, options);

    /// <summary>The sheets, released by this holder (the caller keeps them only as long as it needs them).</summary>
    public IReadOnlyList<SourceSheet> TakeSheets()
    {
        var taken = sheets ?? TabularReader.Read(bytes, fileName, options);
        sheets = null;
        return taken;
    }
}
