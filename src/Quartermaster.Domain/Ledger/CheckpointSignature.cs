using System.Security.Cryptography;

namespace Quartermaster.Domain.Ledger;

/// <summary>
/// Checkpoint signatures: ECDSA over NIST P-256 with SHA-256, the signature DER-encoded (RFC 3279), public keys as
/// DER SubjectPublicKeyInfo (base64 in documents). A key's id is the lower-case hex SHA-256 of its SubjectPublicKeyInfo.
/// </summary>
public static class CheckpointSignature
{
    public const string Algorithm = "ECDSA P-256 SHA-256 (DER signature, SubjectPublicKeyInfo public key)";

    public static string KeyId(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>Reads a base64 SubjectPublicKeyInfo (or a PEM "PUBLIC KEY") as a P-256 key; null when it is not one.</summary>
    public static ECDsa? PublicKey(string text, out byte[] spki)
    {
        spki = [];
        try
        {
            var t = text.Trim();
            var der = t.StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? Convert.FromBase64String(string.Concat(t.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))))
                : Convert.FromBase64String(t);
            var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(der, out _);
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                key.Dispose();
                return null;
            }
            spki = der;
            return key;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    public static bool Verify(string publicKey, byte[] signedBytes, string signatureBase64)
    {
        using var key = PublicKey(publicKey, out _);
        if (key is null) return false;
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64.Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return key.VerifyData(signedBytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
