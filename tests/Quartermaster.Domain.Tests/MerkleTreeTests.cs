using System.Security.Cryptography;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Domain.Tests;

/// <summary>
/// The Merkle tree against a straightforward reference written here from the definitions of RFC 6962 section 2.1
/// (MTH, PATH, PROOF computed recursively from the leaves), and against the test vectors of RFC 6962's reference
/// implementation (the eight leaves below), whose roots this reference reproduces.
/// </summary>
public class MerkleTreeTests
{
    private static readonly byte[][] VectorLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43], [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    // The reference: RFC 6962 section 2.1, word for word, on lists of leaf data.
    private static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }

    private static byte[] Mth(IReadOnlyList<byte[]> d) => d.Count switch
    {
        0 => H(),
        1 => H([0x00], d[0]),
        _ => H([0x01], Mth(d.Take(K(d.Count)).ToList()), Mth(d.Skip(K(d.Count)).ToList())),
    };

    private static List<byte[]> RefPath(int m, IReadOnlyList<byte[]> d)
    {
        if (d.Count == 1) return [];
        var k = K(d.Count);
        var left = d.Take(k).ToList();
        var right = d.Skip(k).ToList();
        return m < k ? [.. RefPath(m, left), Mth(right)] : [.. RefPath(m - k, right), Mth(left)];
    }

    private static List<byte[]> RefSubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        var n = d.Count;
        if (m == n) return b ? [] : [Mth(d)];
        var k = K(n);
        var left = d.Take(k).ToList();
        var right = d.Skip(k).ToList();
        return m <= k ? [.. RefSubProof(m, left, b), Mth(right)] : [.. RefSubProof(m - k, right, false), Mth(left)];
    }

    private static List<byte[]> Leaves(int n) => Enumerable.Range(0, n).Select(i => SHA256.HashData(BitConverter.GetBytes(i * 7919))).ToList();

    private static Func<long, long, byte[]> Source(List<byte[]> data) => (start, count) => Mth(data.Skip((int)start).Take((int)count).ToList());

    [Fact]
    public void The_roots_of_the_rfc_6962_test_vectors_match_the_reference_and_the_published_values()
    {
        string[] published =
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4", "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c", "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        for (var n = 1; n <= 8; n++)
        {
            var acc = new MerkleAccumulator();
            foreach (var leaf in VectorLeaves.Take(n)) acc.AddLeafHash(MerkleTree.LeafHash(leaf));
            Assert.Equal(Convert.ToHexStringLower(Mth(VectorLeaves.Take(n).ToList())), Convert.ToHexStringLower(acc.Root()));
            Assert.Equal(published[n - 1], Convert.ToHexStringLower(acc.Root()));
        }
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(new MerkleAccumulator().Root()));
    }

    [Fact]
    public void Inclusion_proofs_equal_the_reference_paths_and_verify_for_every_leaf_of_every_size_up_to_40()
    {
        for (var n = 1; n <= 40; n++)
        {
            var data = Leaves(n);
            var root = Mth(data);
            for (var m = 0; m < n; m++)
            {
                var proof = MerkleTree.InclusionProof(m, n, Source(data));
                Assert.Equal(RefPath(m, data).Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
                var leafHash = H([0x00], data[m]);
                Assert.True(MerkleTree.VerifyInclusion(m, n, leafHash, proof, root), $"leaf {m} of {n}");
                Assert.False(MerkleTree.VerifyInclusion(m, n, H([0x00], data[(m + 1) % n]), proof, root) && n > 1, $"wrong leaf {m} of {n}");
                if (proof.Count > 0)
                {
                    var bent = proof.Select(p => (byte[])p.Clone()).ToList();
                    bent[^1][0] ^= 1;
                    Assert.False(MerkleTree.VerifyInclusion(m, n, leafHash, bent, root));
                }
                Assert.False(MerkleTree.VerifyInclusion(n, n, leafHash, proof, root));
            }
        }
    }

    [Fact]
    public void Consistency_proofs_equal_the_reference_and_verify_for_every_pair_of_sizes_up_to_40()
    {
        var data = Leaves(40);
        for (var n = 1; n <= 40; n++)
        for (var m = 1; m <= n; m++)
        {
            var proof = MerkleTree.ConsistencyProof(m, n, Source(data));
            var expected = m == n ? [] : RefSubProof(m, data.Take(n).ToList(), true);
            Assert.Equal(expected.Select(Convert.ToHexString), proof.Select(Convert.ToHexString));
            var first = Mth(data.Take(m).ToList());
            var second = Mth(data.Take(n).ToList());
            Assert.True(MerkleTree.VerifyConsistency(m, n, first, second, proof), $"{m} -> {n}");
            if (m < n)
            {
                // A rewritten old history (any leaf of the first m changed) cannot be proven consistent.
                var rewritten = data.Take(n).ToList();
                rewritten[m - 1] = SHA256.HashData([0xFF]);
                Assert.False(MerkleTree.VerifyConsistency(m, n, first, Mth(rewritten), proof), $"rewritten {m} -> {n}");
                Assert.False(MerkleTree.VerifyConsistency(m, n, Mth(rewritten.Take(m).ToList()), second, proof), $"other first {m} -> {n}");
            }
        }
    }

    [Fact]
    public void The_accumulator_reports_every_complete_subtree_with_its_level_and_index()
    {
        var data = Leaves(37);
        var seen = new Dictionary<(int, long), byte[]>();
        var acc = new MerkleAccumulator((l, i, h) => seen[(l, i)] = h);
        foreach (var d in data) acc.AddLeafHash(H([0x00], d));
        Assert.Equal(Convert.ToHexString(Mth(data)), Convert.ToHexString(acc.Root()));
        Assert.Equal(Convert.ToHexString(Mth(data.Skip(16).Take(16).ToList())), Convert.ToHexString(seen[(4, 1)]));
        Assert.Equal(Convert.ToHexString(Mth(data.Take(32).ToList())), Convert.ToHexString(seen[(5, 0)]));
        Assert.Equal(18 + 9 + 4 + 2 + 1, seen.Count);
    }
}
