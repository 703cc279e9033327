using System.Globalization;
using System.Text;
using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Ledger;

/// <summary>
/// A signed statement "the ledger's first <see cref="TreeSize"/> events have Merkle root <see cref="RootHash"/>", made by
/// the server at <see cref="IssuedAt"/> with the key whose id is <see cref="KeyId"/>. What is signed is exactly
/// <see cref="SignedText"/> (UTF-8), with ECDSA P-256 over SHA-256, the signature DER-encoded (RFC 3279).
/// Checkpoints are not ledger events (a checkpoint about the ledger cannot be inside it): their signature is what
/// makes them trustworthy, and anyone holding an earlier one can prove the ledger was only appended to since.
/// </summary>
public sealed class LedgerCheckpoint
{
    public const string Format = "quartermaster-ledger-checkpoint/v1";

    private LedgerCheckpoint() { }

    public LedgerCheckpoint(long treeSize, string rootHash, DateTime issuedAt, string keyId, string signature)
    {
        if (treeSize < 1) throw new DomainException("treeSize", "a checkpoint covers at least one event");
        TreeSize = treeSize;
        RootHash = Hex64(rootHash, "rootHash");
        IssuedAt = new DateTime(issuedAt.ToUniversalTime().Ticks / 10 * 10, DateTimeKind.Utc);
        KeyId = Hex64(keyId, "keyId");
        Signature = Guard.Required(signature, "signature", 200);
    }

    public long TreeSize { get; private set; }

    /// <summary>Lower-case hex of the 32-byte Merkle tree head.</summary>
    public string RootHash { get; private set; } = "";

    /// <summary>UTC, microsecond precision.</summary>
    public DateTime IssuedAt { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the signing key's public key (DER SubjectPublicKeyInfo).</summary>
    public string KeyId { get; private set; } = "";

    /// <summary>Base64 of the DER-encoded ECDSA signature over <see cref="SignedText"/>.</summary>
    public string Signature { get; private set; } = "";

    public string SignedText => Text(TreeSize, RootHash, IssuedAt, KeyId);

    /// <summary>The exact text a checkpoint signature covers: five lines, each ending in a line feed.</summary>
    public static string Text(long treeSize, string rootHash, DateTime issuedAt, string keyId) => string.Create(CultureInfo.InvariantCulture,
        $"{Format}\nsize {treeSize}\nroot {rootHash}\ntime {DateTime.SpecifyKind(issuedAt, DateTimeKind.Utc):yyyy-MM-ddTHH:mm:ss.ffffffZ}\nkey {keyId}\n");

    public static byte[] SignedBytes(long treeSize, string rootHash, DateTime issuedAt, string keyId)
        => Encoding.UTF8.GetBytes(Text(treeSize, rootHash, issuedAt, keyId));

    public static string Hex64(string value, string field)
    {
        var v = (value ?? "").Trim();
        if (v.Length != 64 || !v.All(Uri.IsHexDigit)) throw new DomainException(field, "must be 64 hexadecimal digits");
        return v.ToLowerInvariant();
    }
}

/// <summary>A nation's countersignature of a checkpoint: it signed the same <see cref="LedgerCheckpoint.SignedText"/> with its own key.</summary>
public sealed class CheckpointWitness : VersionedEntity
{
    private CheckpointWitness() { }

    public CheckpointWitness(long treeSize, string nation, string publicKey, string signature, string submittedBy, DateTime signedAt)
    {
        Id = Guid.NewGuid();
        TreeSize = treeSize;
        Nation = Guard.Required(nation, "nation", 3).ToUpperInvariant();
        PublicKey = Guard.Required(publicKey, "publicKey", 400);
        Signature = Guard.Required(signature, "signature", 200);
        SubmittedBy = Guard.Required(submittedBy, "submittedBy", 200);
        SignedAt = signedAt;
    }

    public Guid Id { get; private set; }
    public long TreeSize { get; private set; }
    public string Nation { get; private set; } = "";

    /// <summary>Base64 DER SubjectPublicKeyInfo of the nation's ECDSA P-256 key.</summary>
    public string PublicKey { get; private set; } = "";

    public string Signature { get; private set; } = "";
    public string SubmittedBy { get; private set; } = "";
    public DateTime SignedAt { get; private set; }

    public override string LedgerKey => $"{TreeSize}/{Nation}";
}

/// <summary>The key a nation registered for countersigning checkpoints (one per nation; a new registration replaces it).</summary>
public sealed class WitnessKey : VersionedEntity
{
    private WitnessKey() { }

    public WitnessKey(string nation, string publicKey, DateTime registeredAt)
    {
        Nation = Guard.Required(nation, "nation", 3).ToUpperInvariant();
        Replace(publicKey, registeredAt);
    }

    public string Nation { get; private set; } = "";
    public string PublicKey { get; private set; } = "";
    public DateTime RegisteredAt { get; private set; }

    public void Replace(string publicKey, DateTime registeredAt)
    {
        PublicKey = Guard.Required(publicKey, "publicKey", 400);
        RegisteredAt = registeredAt;
    }

    public override string LedgerKey => Nation;
}

/// <summary>A stored hash of a complete subtree (Level L, Index j: leaves j*2^L .. (j+1)*2^L - 1), kept for fast proofs.</summary>
public sealed class LedgerTreeNode
{
    /// <summary>Subtrees of 2^MinLevel leaves and more are stored; smaller ones are hashed from the events on demand.</summary>
    public const int MinLevel = 4;

    public int Level { get; set; }
    public long Index { get; set; }
    public byte[] Hash { get; set; } = [];
}
