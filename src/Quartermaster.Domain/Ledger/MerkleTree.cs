using System.Security.Cryptography;

namespace Quartermaster.Domain.Ledger;

/// <summary>
/// The ledger as a Merkle tree, hashed as RFC 6962 / RFC 9162 (section 2.1) define it: a leaf hash is
/// SHA-256(0x00 || leaf data), a node hash SHA-256(0x01 || left || right), and a tree of n leaves splits at k, the
/// largest power of two smaller than n. Leaf i (from 0) is event i + 1; its leaf data is the 32 bytes of the event's
/// chain hash. Proofs are RFC 9162's PATH and SUBPROOF; their verification is RFC 9162 sections 2.1.3.2 and 2.1.4.2.
/// </summary>
public static class MerkleTree
{
    /// <summary>MTH of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    public static byte[] LeafHash(ReadOnlySpan<byte> leafData)
    {
        Span<byte> buffer = leafData.Length <= 256 ? stackalloc byte[leafData.Length + 1] : new byte[leafData.Length + 1];
        buffer[0] = 0x00;
        leafData.CopyTo(buffer[1..]);
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The leaf hash of a ledger event: its chain hash (64 hex digits) as 32 bytes of leaf data.</summary>
    public static byte[] EventLeaf(string eventHashHex)
    {
        Span<byte> data = stackalloc byte[32];
        if (eventHashHex.Length != 64 || Convert.FromHexString(eventHashHex, data, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            throw new FormatException("an event hash is 64 hexadecimal digits");
        return LeafHash(data);
    }

    /// <summary>The leaf hash of a ledger event from its chain hash as 32 bytes.</summary>
    public static byte[] EventLeaf(ReadOnlySpan<byte> eventHash) => LeafHash(eventHash);

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n &gt; 1).</summary>
    public static long Split(long n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), "only a tree of two or more leaves splits");
        var k = 1L;
        while (k << 1 < n) k <<= 1;
        return k;
    }

    /// <summary>
    /// RFC 9162 PATH(m, D[n]): the audit path of leaf <paramref name="index"/> in the tree of the first
    /// <paramref name="size"/> leaves. <paramref name="subtree"/>(start, count) answers MTH(D[start:start+count]).
    /// </summary>
    public static List<byte[]> InclusionProof(long index, long size, Func<long, long, byte[]> subtree)
    {
        if (size < 1 || index < 0 || index >= size) throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of {size}");
        var path = new List<byte[]>();
        Path(index, 0, size, subtree, path);
        return path;
    }

    private static void Path(long m, long start, long n, Func<long, long, byte[]> subtree, List<byte[]> path)
    {
        if (n == 1) return;
        var k = Split(n);
        if (m < k)
        {
            Path(m, start, k, subtree, path);
            path.Add(subtree(start + k, n - k));
        }
        else
        {
            Path(m - k, start + k, n - k, subtree, path);
            path.Add(subtree(start, k));
        }
    }

    /// <summary>RFC 9162 PROOF(m, D[n]): proves the tree of the first m leaves is a prefix of the tree of the first n.</summary>
    public static List<byte[]> ConsistencyProof(long m, long n, Func<long, long, byte[]> subtree)
    {
        if (m < 1 || m > n) throw new ArgumentOutOfRangeException(nameof(m), $"a consistency proof runs from a size of 1 or more to a size at least as large ({m} to {n})");
        var proof = new List<byte[]>();
        if (m < n) SubProof(m, 0, n, true, subtree, proof);
        return proof;
    }

    private static void SubProof(long m, long start, long n, bool complete, Func<long, long, byte[]> subtree, List<byte[]> proof)
    {
        if (m == n)
        {
            if (!complete) proof.Add(subtree(start, n));
            return;
        }
        var k = Split(n);
        if (m <= k)
        {
            SubProof(m, start, k, complete, subtree, proof);
            proof.Add(subtree(start + k, n - k));
        }
        else
        {
            SubProof(m - k, start + k, n - k, false, subtree, proof);
            proof.Add(subtree(start, k));
        }
    }

    /// <summary>RFC 9162 section 2.1.3.2: does the audit path lead from the leaf hash to the root?</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
                r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 section 2.1.4.2: is the tree of size <paramref name="first"/> a prefix of the tree of size <paramref name="second"/>?</summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (first < 1 || first > second) return false;
        if (first == second) return proof.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        if (proof.Count == 0) return false;
        var path = new List<byte[]>(proof.Count + 1);
        if ((first & (first - 1)) == 0) path.Add(firstRoot.ToArray());
        path.AddRange(proof);
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1) { fn >>= 1; sn >>= 1; }
        byte[] fr = path[0], sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else
                sr = NodeHash(sr, c);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }
}

/// <summary>
/// Builds the tree leaf by leaf in O(log n) memory (the right frontier of complete subtrees), for streaming verification.
/// Reports each complete subtree as it closes: (level, index, hash), where level L index j covers leaves
/// [j * 2^L, (j + 1) * 2^L).
/// </summary>
public sealed class MerkleAccumulator(Action<int, long, byte[]>? completed = null)
{
    private readonly List<(int Level, byte[] Hash)> frontier = [];

    public long Size { get; private set; }

    public void AddLeafHash(byte[] leafHash)
    {
        var level = 0;
        var hash = leafHash;
        Size++;
        while (frontier.Count > 0 && frontier[^1].Level == level)
        {
            hash = MerkleTree.NodeHash(frontier[^1].Hash, hash);
            frontier.RemoveAt(frontier.Count - 1);
            level++;
            completed?.Invoke(level, (Size >> level) - 1, hash);
        }
        frontier.Add((level, hash));
    }

    /// <summary>
    /// Adds consecutive leaf hashes (32 bytes each, back to back). Wherever the tree's size is a multiple of 2^L and at
    /// least 2^L leaves follow (L from 4 up to 16), those leaves form a complete subtree: it is hashed level by level on
    /// every core and joins the frontier as one node, with each of its inner nodes reported as <see cref="AddLeafHash"/>
    /// would report them. The tree, its root and the reports are exactly those of adding the leaves one by one.
    /// </summary>
    public void AddLeaves(ReadOnlySpan<byte> leafHashes)
    {
        if (leafHashes.Length % 32 != 0) throw new ArgumentException("leaf hashes are 32 bytes each", nameof(leafHashes));
        var count = leafHashes.Length / 32;
        var at = 0;
        while (at < count)
        {
            var level = Math.Min(Math.Min(Size == 0 ? 16 : System.Numerics.BitOperations.TrailingZeroCount(Size), 16),
                System.Numerics.BitOperations.Log2((uint)(count - at)));
            if (level < 4)
            {
                AddLeafHash(leafHashes.Slice(at * 32, 32).ToArray());
                at++;
                continue;
            }
            var width = 1 << level;
            AddSubtree(level, leafHashes.Slice(at * 32, width * 32));
            at += width;
        }
    }

    private void AddSubtree(int level, ReadOnlySpan<byte> leaves)
    {
        var start = Size;
        var current = leaves.ToArray();
        for (var l = 1; l <= level; l++)
        {
            var below = current;
            var nodes = below.Length / 64;
            var next = new byte[nodes * 32];
            if (nodes >= 64)
                Parallel.For(0, (nodes + 63) / 64, chunk =>
                {
                    for (var j = chunk * 64; j < Math.Min(nodes, chunk * 64 + 64); j++) Node(below, next, j);
                });
            else
                for (var j = 0; j < nodes; j++) Node(below, next, j);
            if (completed is not null && l < level)
                for (var j = 0; j < nodes; j++) completed(l, (start >> l) + j, next.AsSpan(j * 32, 32).ToArray());
            current = next;
        }
        // The subtree's root joins the frontier as a leaf at its level would: merged with equal-level neighbours.
        Size += 1L << level;
        var hash = current;
        completed?.Invoke(level, (Size >> level) - 1, hash);
        while (frontier.Count > 0 && frontier[^1].Level == level)
        {
            hash = MerkleTree.NodeHash(frontier[^1].Hash, hash);
            frontier.RemoveAt(frontier.Count - 1);
            level++;
            completed?.Invoke(level, (Size >> level) - 1, hash);
        }
        frontier.Add((level, hash));
    }

    private static void Node(byte[] below, byte[] into, int j)
    {
        Span<byte> buffer = stackalloc byte[65];
        buffer[0] = 0x01;
        below.AsSpan(j * 64, 64).CopyTo(buffer[1..]);
        SHA256.HashData(buffer, into.AsSpan(j * 32, 32));
    }

    /// <summary>MTH of the leaves added so far.</summary>
    public byte[] Root()
    {
        if (frontier.Count == 0) return MerkleTree.EmptyRoot();
        var r = frontier[^1].Hash;
        for (var i = frontier.Count - 2; i >= 0; i--) r = MerkleTree.NodeHash(frontier[i].Hash, r);
        return r;
    }
}
