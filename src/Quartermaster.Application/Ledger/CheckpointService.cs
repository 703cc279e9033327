using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;
using Quartermaster.Storage.Ledger;

namespace Quartermaster.Application.Ledger;

public sealed record WitnessView(string Nation, string PublicKey, string Signature, DateTime SignedAt, string SubmittedBy);

/// <summary>
/// A checkpoint as a nation keeps it (the "checkpoint file"): everything needed to check it offline, including the
/// server's public key and the exact signed text. See docs/ledger.md.
/// </summary>
public sealed record CheckpointDocument(string Format, long TreeSize, string RootHash, string IssuedAt, string KeyId, string PublicKey,
    string Signature, string SignedText, IReadOnlyList<WitnessView> Witnesses)
{
    public static CheckpointDocument Of(LedgerCheckpoint c, string publicKey, IReadOnlyList<WitnessView> witnesses)
        => new(LedgerCheckpoint.Format, c.TreeSize, c.RootHash, c.SignedText.Split('\n')[3]["time ".Length..], c.KeyId, publicKey, c.Signature, c.SignedText, witnesses);

    /// <summary>
    /// Checks the document on its own: the key id is the public key's, and the signature verifies over the text rebuilt
    /// from the fields (never over the document's own copy of the text). Returns the problem, or null when it holds.
    /// </summary>
    public string? Problem()
    {
        if (Format != LedgerCheckpoint.Format) return $"not a {LedgerCheckpoint.Format} document";
        if (!DateTime.TryParseExact(IssuedAt, "yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var issued))
            return "its issuedAt is not a UTC time with microseconds";
        using var key = CheckpointSignature.PublicKey(PublicKey, out var spki);
        if (key is null) return "its publicKey is not an ECDSA P-256 SubjectPublicKeyInfo";
        if (CheckpointSignature.KeyId(spki) != KeyId) return "its keyId is not the SHA-256 of its publicKey";
        var text = LedgerCheckpoint.Text(TreeSize, RootHash, issued, KeyId);
        if (!CheckpointSignature.Verify(PublicKey, System.Text.Encoding.UTF8.GetBytes(text), Signature)) return "its signature does not verify";
        return null;
    }
}

public sealed record InclusionProofView(long Sequence, long LeafIndex, long TreeSize, string EventHash, string LeafHash, IReadOnlyList<string> AuditPath, string RootHash);

public sealed record ConsistencyProofView(long First, long Second, string FirstRootHash, string SecondRootHash, IReadOnlyList<string> Proof);

public sealed record ServerKeyView(string Algorithm, string KeyId, string PublicKey, string PublicKeyPem);

/// <summary>
/// Signed checkpoints of the ledger's Merkle tree, inclusion and consistency proofs, and nations' countersignatures.
/// Checkpoints and proofs reveal hashes only, so every signed-in participant may read them.
/// </summary>
public sealed class CheckpointService(QuartermasterDb db, LedgerSigningKey key)
{
    private static readonly Actor Signer = Actor.LocalOperator("system:checkpoints");

    public ServerKeyView Key() => new(CheckpointSignature.Algorithm, key.KeyId, key.PublicKey, key.PublicKeyPem);

    /// <summary>Signs the tree as it is now; when a checkpoint of this size exists already, returns that one.</summary>
    public async Task<CheckpointDocument> Create(CancellationToken ct = default)
    {
        var tree = new LedgerTree(db);
        await tree.CatchUpAsync(ct);
        var size = await tree.SizeAsync(ct);
        if (size == 0) throw new ConflictException("The ledger has no events yet: there is nothing to sign.");
        var root = Convert.ToHexStringLower(tree.Root(size));
        // Never sign a history that contradicts the last checkpoint: the ledger is only ever appended to.
        var previous = await db.Set<LedgerCheckpoint>().AsNoTracking().Where(c => c.TreeSize <= size).OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);
        var later = await db.Set<LedgerCheckpoint>().AsNoTracking().Where(c => c.TreeSize > size).OrderBy(c => c.TreeSize).Select(c => c.TreeSize).FirstOrDefaultAsync(ct);
        if (later > 0)
            throw new ConflictException($"Checkpoint {later} covers more events than the ledger's {size}: events were removed. Run qm ledger verify.");
        if (previous is not null && Convert.ToHexStringLower(tree.Root(previous.TreeSize)) != previous.RootHash)
            throw new ConflictException($"The ledger's first {previous.TreeSize} events no longer hash to the root checkpoint {previous.TreeSize} signed: history was rewritten. Run qm ledger verify.");
        if (previous?.TreeSize == size) return await Document(previous, ct);
        var now = db.Clock.GetUtcNow().UtcDateTime;
        var issued = new DateTime(now.Ticks / 10 * 10, DateTimeKind.Utc);
        var checkpoint = new LedgerCheckpoint(size, root, issued, key.KeyId, key.Sign(LedgerCheckpoint.SignedBytes(size, root, issued, key.KeyId)));
        db.Set<LedgerCheckpoint>().Add(checkpoint);
        var had = db.Changes;
        db.Changes ??= new ChangeContext(Signer, $"sign checkpoint {size}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another server signed this size at the same moment: theirs stands.
            db.ChangeTracker.Clear();
            var existing = await db.Set<LedgerCheckpoint>().AsNoTracking().FirstOrDefaultAsync(c => c.TreeSize == size, ct);
            if (existing is null) throw;
            return await Document(existing, ct);
        }
        finally
        {
            db.Changes = had;
        }
        return await Document(checkpoint, ct);
    }

    public async Task<Page<CheckpointDocument>> List(PageQuery page, CancellationToken ct = default)
    {
        page = page.Checked();
        var q = db.Set<LedgerCheckpoint>().AsNoTracking();
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(c => c.TreeSize).Skip((page.Page - 1) * page.PageSize).Take(page.PageSize).ToListAsync(ct);
        var docs = new List<CheckpointDocument>();
        foreach (var c in items) docs.Add(await Document(c, ct));
        return new Page<CheckpointDocument>(docs, total, page.Page, page.PageSize);
    }

    public async Task<CheckpointDocument?> Latest(CancellationToken ct = default)
    {
        var c = await db.Set<LedgerCheckpoint>().AsNoTracking().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);
        return c is null ? null : await Document(c, ct);
    }

    public async Task<CheckpointDocument> Get(long treeSize, CancellationToken ct = default)
        => await Document(await Find(treeSize, ct), ct);

    private async Task<LedgerCheckpoint> Find(long treeSize, CancellationToken ct)
        => await db.Set<LedgerCheckpoint>().AsNoTracking().FirstOrDefaultAsync(c => c.TreeSize == treeSize, ct)
           ?? throw new NotFoundException("Checkpoint", treeSize.ToString(CultureInfo.InvariantCulture));

    /// <summary>The document of a checkpoint; the public key is the server's when the checkpoint was signed with it.</summary>
    private async Task<CheckpointDocument> Document(LedgerCheckpoint c, CancellationToken ct)
    {
        var witnesses = await db.Set<CheckpointWitness>().AsNoTracking().Where(w => w.TreeSize == c.TreeSize).OrderBy(w => w.Nation)
            .Select(w => new WitnessView(w.Nation, w.PublicKey, w.Signature, w.SignedAt, w.SubmittedBy)).ToListAsync(ct);
        return CheckpointDocument.Of(c, c.KeyId == key.KeyId ? key.PublicKey : "", witnesses);
    }

    /// <summary>The audit path of event <paramref name="sequence"/> in the tree of <paramref name="treeSize"/> events (default: the latest checkpoint's).</summary>
    public async Task<InclusionProofView> Inclusion(long sequence, long? treeSize, CancellationToken ct = default)
    {
        var tree = new LedgerTree(db);
        await tree.CatchUpAsync(ct);
        var size = treeSize ?? (await Latest(ct))?.TreeSize ?? await tree.SizeAsync(ct);
        var ledgerSize = await tree.SizeAsync(ct);
        if (size < 1 || size > ledgerSize) throw new RequestException("treeSize", $"must be between 1 and the ledger's {ledgerSize} events");
        if (sequence < 1 || sequence > size) throw new RequestException("sequence", $"must be between 1 and the tree size {size}");
        var eventHash = await db.LedgerEvents.AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.Hash).FirstAsync(ct);
        var path = MerkleTree.InclusionProof(sequence - 1, size, tree.Subtree);
        return new InclusionProofView(sequence, sequence - 1, size, eventHash, Convert.ToHexStringLower(MerkleTree.EventLeaf(eventHash)),
            path.Select(Convert.ToHexStringLower).ToList(), Convert.ToHexStringLower(tree.Root(size)));
    }

    /// <summary>Proves the tree of <paramref name="first"/> events is a prefix of the tree of <paramref name="second"/> (default: the latest checkpoint's size).</summary>
    public async Task<ConsistencyProofView> Consistency(long first, long? second, CancellationToken ct = default)
    {
        var tree = new LedgerTree(db);
        await tree.CatchUpAsync(ct);
        var ledgerSize = await tree.SizeAsync(ct);
        var to = second ?? (await Latest(ct))?.TreeSize ?? ledgerSize;
        if (to < 1 || to > ledgerSize) throw new RequestException("to", $"must be between 1 and the ledger's {ledgerSize} events");
        if (first < 1 || first > to) throw new RequestException("from", $"must be between 1 and {to}");
        var proof = MerkleTree.ConsistencyProof(first, to, tree.Subtree);
        return new ConsistencyProofView(first, to, Convert.ToHexStringLower(tree.Root(first)), Convert.ToHexStringLower(tree.Root(to)),
            proof.Select(Convert.ToHexStringLower).ToList());
    }

    /// <summary>Registers (or replaces) the key the actor's nation countersigns with.</summary>
    public async Task<string> RegisterWitnessKey(Actor actor, string? publicKey, CancellationToken ct = default)
    {
        var nation = NationOf(actor);
        var spki = ParseKey(publicKey);
        return await CommandRunner.Run(db, actor, $"register witness key for {nation}", async () =>
        {
            var existing = await db.Set<WitnessKey>().FirstOrDefaultAsync(k => k.Nation == nation, ct);
            var now = db.Clock.GetUtcNow().UtcDateTime;
            if (existing is null) db.Set<WitnessKey>().Add(new WitnessKey(nation, spki, now));
            else existing.Replace(spki, now);
            return CheckpointSignature.KeyId(Convert.FromBase64String(spki));
        }, ct);
    }

    /// <summary>
    /// Stores a nation's countersignature of checkpoint <paramref name="treeSize"/>: its signature over the checkpoint's
    /// signed text must verify with the nation's registered key, or with the key it includes when it has none registered
    /// (which registers it).
    /// </summary>
    public async Task<WitnessView> Countersign(Actor actor, long treeSize, string? signature, string? publicKey, CancellationToken ct = default)
    {
        var nation = NationOf(actor);
        var checkpoint = await Find(treeSize, ct);
        if (string.IsNullOrWhiteSpace(signature)) throw new RequestException("signature", "is required: base64 of the DER ECDSA signature over the checkpoint's signedText");
        var registered = await db.Set<WitnessKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Nation == nation, ct);
        string keyText;
        if (registered is not null)
        {
            if (!string.IsNullOrWhiteSpace(publicKey) && ParseKey(publicKey) != registered.PublicKey)
                throw new RequestException("publicKey", $"{nation} has registered a different witness key; register the new one first");
            keyText = registered.PublicKey;
        }
        else
            keyText = ParseKey(publicKey ?? throw new RequestException("publicKey", $"{nation} has no registered witness key: include publicKey"));
        if (!CheckpointSignature.Verify(keyText, System.Text.Encoding.UTF8.GetBytes(checkpoint.SignedText), signature))
            throw new RequestException("signature", "does not verify over the checkpoint's signedText with the nation's witness key");
        if (await db.Set<CheckpointWitness>().AnyAsync(w => w.TreeSize == treeSize && w.Nation == nation, ct))
            throw new ConflictException($"{nation} has already countersigned checkpoint {treeSize}.");
        var witness = await CommandRunner.Run(db, actor, $"countersign checkpoint {treeSize} for {nation}", async () =>
        {
            var now = db.Clock.GetUtcNow().UtcDateTime;
            if (registered is null) db.Set<WitnessKey>().Add(new WitnessKey(nation, keyText, now));
            var w = new CheckpointWitness(treeSize, nation, keyText, signature.Trim(), actor.Name, new DateTime(now.Ticks / 10 * 10, DateTimeKind.Utc));
            db.Set<CheckpointWitness>().Add(w);
            await Task.CompletedTask;
            return w;
        }, ct);
        return new WitnessView(witness.Nation, witness.PublicKey, witness.Signature, witness.SignedAt, witness.SubmittedBy);
    }

    private static string NationOf(Actor actor)
        => actor.Nation ?? throw new RequestException("nation", "Only a nation's point of contact countersigns, for the nation the account is bound to.");

    private static string ParseKey(string? publicKey)
    {
        if (string.IsNullOrWhiteSpace(publicKey)) throw new RequestException("publicKey", "is required: base64 (or PEM) of an ECDSA P-256 SubjectPublicKeyInfo");
        using var key = CheckpointSignature.PublicKey(publicKey, out var spki);
        return key is null ? throw new RequestException("publicKey", "is not an ECDSA P-256 SubjectPublicKeyInfo (base64 or PEM)") : Convert.ToBase64String(spki);
    }
}
