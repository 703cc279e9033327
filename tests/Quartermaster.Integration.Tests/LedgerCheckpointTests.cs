using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Quartermaster.Application.Access;
using Quartermaster.Application.Nations;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Integration.Tests.Infrastructure;
using Quartermaster.Web.Hosting;

namespace Quartermaster.Integration.Tests;

/// <summary>
/// Signed checkpoints of the ledger's Merkle tree, checked the way a nation would with code of its own: the signature
/// with the BCL over the text as docs/ledger.md spells it, roots and proofs with a small RFC 6962 verifier written here.
/// Then the history is truncated or rewritten consistently (so the chain and the records still agree) and a checkpoint
/// kept from earlier finds it, locally (qm ledger verify --against FILE --db) and through the server (--server).
/// </summary>
public abstract class LedgerCheckpointTests<TKind> where TKind : IDbKind
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Server : IAsyncDisposable
    {
        public required TestDatabase Db { get; init; }
        public required Microsoft.AspNetCore.Builder.WebApplication App { get; init; }
        public required HttpClient Coordinator { get; init; }
        public required HttpClient Japan { get; init; }
        public required string JapanToken { get; init; }
        public required string KeyPath { get; init; }
        public string Url => App.Urls.First();

        public async ValueTask DisposeAsync()
        {
            Coordinator.Dispose();
            Japan.Dispose();
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
            await Db.DisposeAsync();
        }
    }

    private static async Task<Server> StartAsync(int nations)
    {
        var db = await TestDatabase.CreateAsync(TKind.Kind);
        var keyPath = Path.Combine(Path.GetTempPath(), "qm-it-key-" + Guid.NewGuid().ToString("N"), "signing.pem");
        string coordinator, japan;
        await using (var setup = db.Open())
        {
            var fixture = Actor.LocalOperator("fixture");
            // A fresh database already holds every ISO state as reference data; JPN is among them.
            if (!await setup.Nations.AnyAsync(n => n.Code == "JPN", Ct))
                await new NationsService(setup).Create(fixture, new NationInput("JPN", "Japan", NationStatus.Partner), Ct);
            var accounts = new AccountsService(setup);
            await accounts.Add(fixture, "cp-coordinator", "cp-coordinator", Role.Coordinator, null, null, "fixture-password-123", Ct);
            await accounts.Add(fixture, "cp-poc-jpn", "cp-poc-jpn", Role.NationalPointOfContact, "JPN", null, "fixture-password-123", Ct);
            coordinator = (await accounts.CreateToken(fixture, "cp-coordinator", "tests", TokenScope.Write, 1, Ct)).Token;
            japan = (await accounts.CreateToken(fixture, "cp-poc-jpn", "tests", TokenScope.Write, 1, Ct)).Token;
        }
        await AddNationsAsync(db, nations);
        var app = await WebApp.CreateAsync(new WebOptions(db.Target, ["http://127.0.0.1:0"]) { SigningKeyPath = keyPath, CheckpointEvery = TimeSpan.Zero }, Ct);
        await app.StartAsync(Ct);
        HttpClient Client(string token)
        {
            var h = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            h.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return h;
        }
        return new Server { Db = db, App = app, Coordinator = Client(coordinator), Japan = Client(japan), JapanToken = japan, KeyPath = keyPath };
    }

    private static int counter;

    private static async Task AddNationsAsync(TestDatabase db, int count)
    {
        await using var ctx = db.Open();
        var nations = new NationsService(ctx);
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref counter);
            // QMA-QZZ: ISO 3166-1 user-assigned codes, never among the reference data's states.
            var code = "Q" + (char)('M' + n / 26 % 14) + (char)('A' + n % 26);
            await nations.Create(Actor.LocalOperator("fixture"), new NationInput(code, "Checkpoint " + code, NationStatus.Member), Ct);
        }
    }

    // ---- The independent verifier: RFC 6962 section 2.1 from its definitions, and the signed text as docs/ledger.md gives it.
    private static byte[] H(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    private static byte[] Mth(IReadOnlyList<byte[]> leafData)
    {
        if (leafData.Count == 0) return H();
        if (leafData.Count == 1) return H([0x00], leafData[0]);
        var k = 1;
        while (k * 2 < leafData.Count) k *= 2;
        return H([0x01], Mth(leafData.Take(k).ToList()), Mth(leafData.Skip(k).ToList()));
    }

    private static List<byte[]> RefPath(int m, IReadOnlyList<byte[]> d)
    {
        if (d.Count == 1) return [];
        var k = 1;
        while (k * 2 < d.Count) k *= 2;
        return m < k ? [.. RefPath(m, d.Take(k).ToList()), Mth(d.Skip(k).ToList())] : [.. RefPath(m - k, d.Skip(k).ToList()), Mth(d.Take(k).ToList())];
    }

    private static List<byte[]> RefConsistency(int m, IReadOnlyList<byte[]> d, bool b)
    {
        if (m == d.Count) return b ? [] : [Mth(d)];
        var k = 1;
        while (k * 2 < d.Count) k *= 2;
        return m <= k ? [.. RefConsistency(m, d.Take(k).ToList(), b), Mth(d.Skip(k).ToList())] : [.. RefConsistency(m - k, d.Skip(k).ToList(), false), Mth(d.Take(k).ToList())];
    }

    /// <summary>Every event's leaf data (its chain hash as 32 bytes), read by raw SQL.</summary>
    private static async Task<List<byte[]>> LeafDataAsync(TestDatabase db)
    {
        await using var c = await db.OpenRawAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT \"Hash\" FROM ledger_events ORDER BY \"Sequence\"";
        var list = new List<byte[]>();
        await using var r = await cmd.ExecuteReaderAsync(Ct);
        while (await r.ReadAsync(Ct)) list.Add(Convert.FromHexString(r.GetString(0)));
        return list;
    }

    private static void AssertSignedByServer(JsonNode doc, string publicKeyBase64)
    {
        var text = $"quartermaster-ledger-checkpoint/v1\nsize {doc.Long("treeSize")}\nroot {doc.Str("rootHash")}\ntime {doc.Str("issuedAt")}\nkey {doc.Str("keyId")}\n";
        Assert.Equal(text, doc.Str("signedText"));
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64), out _);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(publicKeyBase64))), doc.Str("keyId"));
        Assert.True(key.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(doc.Str("signature")), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    private static List<byte[]> Hashes(JsonNode array) => array.AsArray().Select(n => Convert.FromHexString(n!.GetValue<string>())).ToList();

    private static async Task<JsonNode> CheckpointAsync(Server s)
    {
        using var r = await s.Coordinator.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
        return await r.Ok(HttpStatusCode.Created);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_signing_key_is_created_on_first_start_readable_only_by_the_service_and_served_by_the_api_and_the_cli()
    {
        await using var s = await StartAsync(1);
        Assert.True(File.Exists(s.KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(s.KeyPath));
        var key = await s.Japan.GetNode("/api/v1/ledger/key");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(key.Str("publicKey")))), key.Str("keyId"));
        var cli = await Qm.Run("ledger", "key", "--key", s.KeyPath);
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains(key.Str("keyId"), cli.Out);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", cli.Out);

        File.SetUnixFileMode(s.KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var refused = await Qm.Run("ledger", "key", "--key", s.KeyPath);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("can be read by other users", refused.Err);
    }

    [Fact]
    public async Task A_checkpoint_and_the_inclusion_proof_of_every_event_verify_with_an_independent_verifier()
    {
        await using var s = await StartAsync(37);
        var doc = await CheckpointAsync(s);
        var key = await s.Japan.GetNode("/api/v1/ledger/key");
        AssertSignedByServer(doc, key.Str("publicKey"));
        var leaves = await LeafDataAsync(s.Db);
        var size = (int)doc.Long("treeSize");
        Assert.Equal(leaves.Count, size);
        Assert.True(size > 32, "enough events for stored subtrees");
        Assert.Equal(Convert.ToHexStringLower(Mth(leaves)), doc.Str("rootHash"));
        Assert.Equal(doc.Str("rootHash"), (await s.Japan.GetNode("/api/v1/ledger/checkpoints/latest")).Str("rootHash"));
        Assert.Equal(doc.Str("rootHash"), (await s.Coordinator.GetNode("/api/v1/ledger/verify")).Str("rootHash"));

        for (var sequence = 1; sequence <= size; sequence++)
        {
            var proof = await s.Japan.GetNode($"/api/v1/ledger/proofs/inclusion?sequence={sequence}&treeSize={size}");
            Assert.Equal(RefPath(sequence - 1, leaves).Select(Convert.ToHexStringLower), Hashes(proof["auditPath"]!).Select(Convert.ToHexStringLower));
            Assert.Equal(Convert.ToHexStringLower(H([0x00], leaves[sequence - 1])), proof.Str("leafHash"));
            Assert.Equal(doc.Str("rootHash"), proof.Str("rootHash"));
        }
        using var outside = await s.Japan.GetAsync($"/api/v1/ledger/proofs/inclusion?sequence={size + 1}&treeSize={size}", Ct);
        await outside.Problem(400);
    }

    [Fact]
    public async Task Consistency_proofs_between_checkpoints_verify_and_qm_verify_against_an_earlier_checkpoint_passes_locally_and_remotely()
    {
        await using var s = await StartAsync(20);
        var first = await CheckpointAsync(s);
        await AddNationsAsync(s.Db, 13);
        var second = await CheckpointAsync(s);
        var leaves = await LeafDataAsync(s.Db);
        var (m, n) = ((int)first.Long("treeSize"), (int)second.Long("treeSize"));
        var proof = await s.Japan.GetNode($"/api/v1/ledger/proofs/consistency?from={m}&to={n}");
        Assert.Equal(RefConsistency(m, leaves.Take(n).ToList(), true).Select(Convert.ToHexStringLower), Hashes(proof["proof"]!).Select(Convert.ToHexStringLower));
        Assert.True(MerkleTree.VerifyConsistency(m, n, Convert.FromHexString(first.Str("rootHash")), Convert.FromHexString(second.Str("rootHash")), Hashes(proof["proof"]!)));
        var list = await s.Japan.GetNode("/api/v1/ledger/checkpoints");
        Assert.Equal([n, m], list["items"]!.AsArray().Select(i => i!.Long("treeSize")).ToList());

        var file = Path.Combine(Path.GetDirectoryName(s.KeyPath)!, "kept.json");
        await File.WriteAllTextAsync(file, first.ToJsonString(), Ct);
        var local = await Qm.Run("ledger", "verify", "--against", file, "--db", s.Db.DbArgument);
        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Contains($"Consistent with checkpoint {m}", local.Out);
        var remote = await Qm.Run("ledger", "verify", "--against", file, "--server", s.Url, "--token", s.JapanToken);
        Assert.True(remote.ExitCode == 0, remote.ToString());
        Assert.Contains($"checkpoint {n}", remote.Out);
    }

    [Fact]
    public async Task Truncating_the_last_events_with_their_records_is_found_against_an_earlier_checkpoint()
    {
        await using var s = await StartAsync(18);
        var kept = await CheckpointAsync(s);
        var file = Path.Combine(Path.GetDirectoryName(s.KeyPath)!, "kept.json");
        await File.WriteAllTextAsync(file, kept.ToJsonString(), Ct);
        var size = kept.Long("treeSize");
        // The operator removes the last two nations and their events, consistently: chain and records still agree.
        var codes = new List<string>();
        await using (var c = await s.Db.OpenRawAsync())
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT \"EntityId\" FROM ledger_events WHERE \"Sequence\" > {size - 2}";
            await using var r = await cmd.ExecuteReaderAsync(Ct);
            while (await r.ReadAsync(Ct)) codes.Add(r.GetString(0));
        }
        await LedgerTamperTests<TKind>.AllowChanges(s.Db);
        Assert.Equal(2, await s.Db.ExecuteAsync($"DELETE FROM ledger_events WHERE \"Sequence\" > {size - 2}"));
        Assert.Equal(2, await s.Db.ExecuteAsync($"DELETE FROM nations WHERE \"Code\" IN ('{codes[0]}', '{codes[1]}')"));
        Assert.True((await s.Coordinator.GetNode("/api/v1/ledger/verify"))["intact"]!.GetValue<bool>(), "the chain and the records alone cannot see it");

        var local = await Qm.Run("ledger", "verify", "--against", file, "--db", s.Db.DbArgument);
        Assert.NotEqual(0, local.ExitCode);
        Assert.Contains("events were removed", local.Err);
        // The server refuses to sign a history shorter than its own last checkpoint; the nation's check fails too.
        using var refused = await s.Coordinator.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
        await refused.Problem(409);
        await AddNationsAsync(s.Db, 3);
        using var refusedAgain = await s.Coordinator.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
        await refusedAgain.Problem(409);
        // Even when the operator also deletes the server's checkpoints so that it signs the new history, the nation's kept copy proves it.
        await AssertNationFindsRewrite(s, file);
    }

    private static async Task AssertNationFindsRewrite(Server s, string keptFile)
    {
        await s.Db.ExecuteAsync("DELETE FROM ledger_checkpoints");
        await CheckpointAsync(s);
        var remote = await Qm.Run("ledger", "verify", "--against", keptFile, "--server", s.Url, "--token", s.JapanToken);
        Assert.True(remote.ExitCode != 0, remote.ToString());
        Assert.Contains("history was rewritten", remote.Err);
    }

    [Fact]
    public async Task Rewriting_the_last_event_and_its_record_with_valid_hashes_is_found_against_an_earlier_checkpoint()
    {
        await using var s = await StartAsync(17);
        var kept = await CheckpointAsync(s);
        var file = Path.Combine(Path.GetDirectoryName(s.KeyPath)!, "kept.json");
        await File.WriteAllTextAsync(file, kept.ToJsonString(), Ct);
        var last = await LedgerTamperTests<TKind>.LastEvent(s.Db);
        var code = last.EntityId;
        last.Payload = last.Payload.Replace("Checkpoint " + code, "Rewritten " + code);
        last.Hash = LedgerChain.ComputeHash(last);
        await LedgerTamperTests<TKind>.AllowChanges(s.Db);
        Assert.Equal(1, await s.Db.ExecuteAsync($"UPDATE ledger_events SET \"Payload\" = '{last.Payload}', \"Hash\" = '{last.Hash}' WHERE \"Sequence\" = {last.Sequence}"));
        Assert.Equal(1, await s.Db.ExecuteAsync($"UPDATE nations SET \"Name\" = 'Rewritten {code}' WHERE \"Code\" = '{code}'"));
        Assert.True((await s.Coordinator.GetNode("/api/v1/ledger/verify"))["intact"]!.GetValue<bool>(), "the chain and the records alone cannot see it");

        var local = await Qm.Run("ledger", "verify", "--against", file, "--db", s.Db.DbArgument);
        Assert.NotEqual(0, local.ExitCode);
        Assert.Contains("history was rewritten", local.Err);
        await AddNationsAsync(s.Db, 1);
        using var refused = await s.Coordinator.PostAsync("/api/v1/ledger/checkpoints", null, Ct);
        Assert.Contains("history was rewritten", (await refused.Problem(409)).ToJsonString());
        await AssertNationFindsRewrite(s, file);
    }

    [Fact]
    public async Task A_nation_countersigns_a_checkpoint_with_its_own_key_and_the_signature_is_kept_with_it()
    {
        await using var s = await StartAsync(3);
        var doc = await CheckpointAsync(s);
        var size = doc.Long("treeSize");
        using var nationKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(nationKey.ExportSubjectPublicKeyInfo());
        var signature = Convert.ToBase64String(nationKey.SignData(Encoding.UTF8.GetBytes(doc.Str("signedText")), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        using (var wrong = await s.Japan.PostJson($"/api/v1/ledger/checkpoints/{size}/witnesses", new { signature = Convert.ToBase64String(new byte[70]), publicKey }))
            Assert.Equal("signature", (await wrong.Problem(400))["errors"]!.AsObject().First().Key);
        using (var byCell = await s.Coordinator.PostJson($"/api/v1/ledger/checkpoints/{size}/witnesses", new { signature, publicKey }))
            Assert.Equal(HttpStatusCode.Forbidden, byCell.StatusCode);
        using (var ok = await s.Japan.PostJson($"/api/v1/ledger/checkpoints/{size}/witnesses", new { signature, publicKey }))
            Assert.Equal("JPN", (await ok.Ok(HttpStatusCode.Created)).Str("nation"));
        using (var again = await s.Japan.PostJson($"/api/v1/ledger/checkpoints/{size}/witnesses", new { signature }))
            await again.Problem(409);

        var stored = await s.Japan.GetNode($"/api/v1/ledger/checkpoints/{size}");
        var witness = stored["witnesses"]!.AsArray().Single()!;
        Assert.Equal(("JPN", publicKey, signature), (witness.Str("nation"), witness.Str("publicKey"), witness.Str("signature")));
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(Convert.FromBase64String(witness.Str("publicKey")), out _);
        Assert.True(verifier.VerifyData(Encoding.UTF8.GetBytes(stored.Str("signedText")), Convert.FromBase64String(witness.Str("signature")), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        // The countersignature is itself a ledgered change, made by the point of contact.
        var events = await s.Coordinator.GetNode("/api/v1/ledger?entityType=CheckpointWitness");
        Assert.Equal("cp-poc-jpn", events["items"]![0]!.Str("actor"));
        Assert.True((await s.Coordinator.GetNode("/api/v1/ledger/verify"))["intact"]!.GetValue<bool>());
    }
}

public sealed class LedgerCheckpointOnSqlite : LedgerCheckpointTests<OnSqlite>;

public sealed class LedgerCheckpointOnPostgres : LedgerCheckpointTests<OnPostgres>;
