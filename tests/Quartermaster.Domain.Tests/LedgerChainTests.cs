using Quartermaster.Domain.Ledger;

namespace Quartermaster.Domain.Tests;

public class LedgerChainTests
{
    private static LedgerEvent Event(int n) => new()
    {
        RecordedAt = new DateTime(2022, 10, 3, 12, 0, 0, DateTimeKind.Utc).AddTicks(n),
        Actor = "coordinator",
        ActorNation = n % 2 == 0 ? "DEU" : null,
        EventType = "OfferAllocated",
        EntityType = "Offer",
        EntityId = $"offer-{n}",
        Command = "allocate",
        Payload = $"{{\"quantity\":{n}}}",
    };

    private static List<LedgerEvent> SealedChain(int count)
    {
        var events = new List<LedgerEvent>();
        long sequence = 0;
        var previous = LedgerChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var e = Event(i);
            LedgerChain.Seal(e, sequence, previous);
            events.Add(e);
            sequence = e.Sequence;
            previous = e.Hash;
        }
        return events;
    }

    [Fact]
    public void Seal_numbers_links_and_hashes_the_event()
    {
        var chain = SealedChain(2);
        Assert.Equal(1, chain[0].Sequence);
        Assert.Equal(LedgerChain.Genesis, chain[0].PreviousHash);
        Assert.Equal(2, chain[1].Sequence);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", chain[0].Hash);
        Assert.Equal(LedgerChain.ComputeHash(chain[1]), chain[1].Hash);
    }

    [Fact]
    public void Hash_is_deterministic()
        => Assert.Equal(LedgerChain.ComputeHash(Event(1)), LedgerChain.ComputeHash(Event(1)));

    [Fact]
    public void Intact_chain_verifies()
        => Assert.Null(LedgerChain.Verify(SealedChain(50)));

    [Fact]
    public void Empty_ledger_verifies()
        => Assert.Null(LedgerChain.Verify([]));

    [Fact]
    public void Altered_payload_is_detected_at_that_sequence()
    {
        var chain = SealedChain(10);
        chain[6].Payload = "{\"quantity\":700}";
        var broken = LedgerChain.Verify(chain);
        Assert.NotNull(broken);
        Assert.Equal(7, broken.Sequence);
        Assert.Contains("altered", broken.Reason);
    }

    [Theory]
    [InlineData("Actor")]
    [InlineData("ActorNation")]
    [InlineData("EventType")]
    [InlineData("EntityType")]
    [InlineData("EntityId")]
    [InlineData("Command")]
    [InlineData("RecordedAt")]
    public void Altering_any_field_is_detected(string field)
    {
        var chain = SealedChain(5);
        var e = chain[2];
        switch (field)
        {
            case "Actor": e.Actor = "someone else"; break;
            case "ActorNation": e.ActorNation = "USA"; break;
            case "EventType": e.EventType = "OfferWithdrawn"; break;
            case "EntityType": e.EntityType = "Requirement"; break;
            case "EntityId": e.EntityId = "offer-99"; break;
            case "Command": e.Command = "withdraw"; break;
            case "RecordedAt": e.RecordedAt = e.RecordedAt.AddTicks(1); break;
        }
        Assert.Equal(3, LedgerChain.Verify(chain)?.Sequence);
    }

    [Fact]
    public void Gap_is_detected_at_the_first_missing_sequence()
    {
        var chain = SealedChain(10);
        chain.RemoveAt(4); // event 5
        var broken = LedgerChain.Verify(chain);
        Assert.NotNull(broken);
        Assert.Equal(5, broken.Sequence);
        Assert.Contains("missing", broken.Reason);
    }

    [Fact]
    public void Missing_first_event_is_detected()
    {
        var chain = SealedChain(3);
        chain.RemoveAt(0);
        Assert.Equal(1, LedgerChain.Verify(chain)?.Sequence);
    }

    [Fact]
    public void Repeated_event_is_detected_as_out_of_order()
    {
        var chain = SealedChain(4);
        chain.Insert(2, chain[1]);
        var broken = LedgerChain.Verify(chain);
        Assert.Equal(3, broken?.Sequence);
        Assert.Contains("out of order", broken?.Reason);
    }

    [Fact]
    public void Broken_link_is_detected_even_when_the_event_is_resealed()
    {
        var chain = SealedChain(6);
        // a forger rewrites the previous-hash and re-computes the event's own hash
        LedgerChain.Seal(chain[3], 3, new string('f', 64));
        var broken = LedgerChain.Verify(chain);
        Assert.NotNull(broken);
        Assert.Equal(4, broken.Sequence);
        Assert.Contains("previous-hash", broken.Reason);
    }

    [Fact]
    public void Rewritten_and_resealed_event_breaks_the_link_of_the_next_one()
    {
        var chain = SealedChain(6);
        chain[2].Payload = "{\"quantity\":300}";
        LedgerChain.Seal(chain[2], 2, chain[1].Hash);
        Assert.Equal(4, LedgerChain.Verify(chain)?.Sequence);
    }

    [Fact]
    public void Moving_characters_between_two_fields_changes_the_hash()
    {
        var a = Event(1);
        var b = Event(1);
        a.EntityType = "Offer";
        a.EntityId = "abc";
        b.EntityType = "Offe";
        b.EntityId = "rabc";
        Assert.NotEqual(LedgerChain.ComputeHash(a), LedgerChain.ComputeHash(b));
    }

    [Fact]
    public void Field_content_that_looks_like_an_encoded_field_cannot_forge_another_event()
    {
        // plain concatenation with a separator would let "x\n3:DEU" in one field impersonate a second field
        var a = Event(1);
        a.Actor = "x";
        a.ActorNation = "DEU";
        var b = Event(1);
        b.Actor = "x\n3:DEU";
        b.ActorNation = "";
        Assert.NotEqual(LedgerChain.ComputeHash(a), LedgerChain.ComputeHash(b));
    }

    [Fact]
    public void Multibyte_characters_are_length_prefixed_by_bytes()
    {
        var a = Event(1);
        a.Actor = "Rzeszów";
        a.Command = "x";
        var b = Event(1);
        b.Actor = "Rzeszów\n1:x";
        b.Command = "";
        Assert.NotEqual(LedgerChain.ComputeHash(a), LedgerChain.ComputeHash(b));
    }

    [Fact]
    public void Verification_reports_progress_up_to_the_last_event()
    {
        var reported = new List<long>();
        LedgerChain.Verify(SealedChain(1100), new SynchronousProgress(reported.Add));
        Assert.Equal(1100, reported[^1]);
        Assert.Contains(1023, reported);
    }

    /// <summary>The documented encoding, built the plain way: every field as "byte length:value\n", a missing nation as "-\n".</summary>
    private static byte[] Reference(LedgerEvent e)
    {
        static string F(string v) => $"{System.Text.Encoding.UTF8.GetByteCount(v)}:{v}\n";
        var text = F(e.PreviousHash) + F(e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture))
            + F(e.RecordedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture)) + F(e.Actor)
            + (e.ActorNation is null ? "-\n" : F(e.ActorNation)) + F(e.EventType) + F(e.EntityType) + F(e.EntityId) + F(e.Command) + F(e.Payload);
        return System.Text.Encoding.UTF8.GetBytes(text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Canonical_encoding_is_the_documented_length_prefixed_form(int n)
    {
        var e = SealedChain(n)[^1];
        e.Actor = "Zoë Ørsted — 東京";
        e.Payload = "{\"name\":\"Kyïv\",\"quantity\":12}";
        e.RecordedAt = new DateTime(2026, 12, 3, 9, 1, 2, DateTimeKind.Utc).AddTicks(n * 1234567 % 10_000_000);
        Assert.Equal(Reference(e), LedgerChain.Canonical(e));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Reference(e))), LedgerChain.ComputeHash(e));
    }

    [Fact]
    public void Verifying_in_encoded_batches_finds_the_same_first_break_as_one_by_one()
    {
        for (var broken = 1; broken <= 40; broken += 3)
        {
            var chain = SealedChain(40);
            chain[broken - 1].Payload = "{\"quantity\":-1}";
            var batches = chain.Chunk(7).Select(LedgerBatch.Of);
            Assert.Equal(broken, LedgerChain.Verify(batches, null)?.Sequence);
            Assert.Equal(broken, LedgerChain.Verify(chain)?.Sequence);
        }
    }

    [Fact]
    public void Verified_events_come_in_order_with_their_records_and_RFC6962_leaf_hashes()
    {
        var chain = SealedChain(30);
        var seen = new List<(long Sequence, string EntityId, string Leaf)>();
        Assert.Null(LedgerChain.Verify(chain.Chunk(8).Select(LedgerBatch.Of), (batch, count, leaves) =>
        {
            for (var i = 0; i < count; i++) seen.Add((batch.Sequence(i), batch.EntityId(i), Convert.ToHexStringLower(leaves.Slice(i * 32, 32))));
        }));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), seen.Select(v => v.Sequence));
        Assert.Equal(chain.Select(e => e.EntityId), seen.Select(v => v.EntityId));
        Assert.Equal(chain.Select(e => Convert.ToHexStringLower(MerkleTree.EventLeaf(e.Hash))), seen.Select(v => v.Leaf));
    }

    [Fact]
    public void A_break_reports_only_the_events_before_it_as_verified()
    {
        var chain = SealedChain(20);
        chain[12].Command = "rewritten";
        var verified = 0;
        Assert.Equal(13, LedgerChain.Verify(chain.Chunk(8).Select(LedgerBatch.Of), (_, count, _) => verified += count)?.Sequence);
        Assert.Equal(12, verified);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 16)]
    [InlineData(0, 4096)]
    [InlineData(3, 5000)]
    [InlineData(16, 4111)]
    [InlineData(100, 70000)]
    public void Adding_leaves_in_bulk_builds_the_tree_adding_them_one_by_one_builds(int before, int count)
    {
        var leaves = Enumerable.Range(0, before + count).Select(i => MerkleTree.LeafHash(BitConverter.GetBytes(i))).ToList();
        var oneByOne = new List<(int, long, string)>();
        var single = new MerkleAccumulator((l, i, h) => oneByOne.Add((l, i, Convert.ToHexStringLower(h))));
        foreach (var leaf in leaves) single.AddLeafHash(leaf);
        var inBulk = new List<(int, long, string)>();
        var bulk = new MerkleAccumulator((l, i, h) => inBulk.Add((l, i, Convert.ToHexStringLower(h))));
        foreach (var leaf in leaves.Take(before)) bulk.AddLeafHash(leaf);
        bulk.AddLeaves(leaves.Skip(before).SelectMany(l => l).ToArray());
        Assert.Equal(single.Size, bulk.Size);
        Assert.Equal(Convert.ToHexStringLower(single.Root()), Convert.ToHexStringLower(bulk.Root()));
        Assert.Equal(oneByOne.Order(), inBulk.Order());
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
