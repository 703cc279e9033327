using System.Security.Cryptography;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Application.Ledger;

/// <summary>
/// The server's checkpoint signing key: an ECDSA P-256 private key in a PKCS#8 PEM file outside the database, readable
/// only by the service's user (mode 0600). Created on first start when the file does not exist; refused when the file
/// can be read by anyone else. Whoever can write the database cannot sign with it.
/// </summary>
public sealed class LedgerSigningKey : IDisposable
{
    public const string EnvironmentVariable = "QM_LEDGER_KEY";
    public const string ConfigurationKey = "Ledger:SigningKeyPath";

    private readonly ECDsa key;

    private LedgerSigningKey(ECDsa key, string path)
    {
        this.key = key;
        Path = path;
        PublicKeyDer = key.ExportSubjectPublicKeyInfo();
        KeyId = CheckpointSignature.KeyId(PublicKeyDer);
    }

    public string Path { get; }
    public byte[] PublicKeyDer { get; }
    public string PublicKey => Convert.ToBase64String(PublicKeyDer);
    public string PublicKeyPem => PemEncoding.WriteString("PUBLIC KEY", PublicKeyDer);
    public string KeyId { get; }

    /// <summary>The path given, else $QM_LEDGER_KEY, else ledger-signing-key.pem in the per-user data directory.</summary>
    public static string ResolvePath(string? path)
    {
        if (!string.IsNullOrWhiteSpace(path)) return System.IO.Path.GetFullPath(path);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return System.IO.Path.GetFullPath(env);
        var root = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(root))
            root = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return System.IO.Path.Combine(root, "quartermaster", "ledger-signing-key.pem");
    }

    public static LedgerSigningKey LoadOrCreate(string path, bool create = true)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            if (!create) throw new FileNotFoundException($"no ledger signing key at {path}", path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            // Written whole to a private temporary file, then linked into place: nobody ever reads a half-written key.
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var stream = new FileStream(temporary, options))
                using (var writer = new StreamWriter(stream))
                    writer.Write(PemEncoding.WriteString("PRIVATE KEY", fresh.ExportPkcs8PrivateKey()));
                File.Move(temporary, path, overwrite: false);
                return new LedgerSigningKey(fresh, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
                fresh.Dispose();
            }
            finally
            {
                File.Delete(temporary);
            }
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & others) != 0)
                throw new InvalidOperationException($"the ledger signing key {path} can be read by other users (mode {Convert.ToString((int)mode, 8)}): run chmod 600 on it");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"the ledger signing key {path} is not a PEM private key: {e.Message}");
        }
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"the ledger signing key {path} is not an ECDSA P-256 key");
        }
        return new LedgerSigningKey(key, path);
    }

    public string Sign(byte[] data) => Convert.ToBase64String(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public void Dispose() => key.Dispose();
}
