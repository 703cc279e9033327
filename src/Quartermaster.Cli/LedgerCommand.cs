using System.CommandLine;
using System.Text.Json;
using Quartermaster.Application.Ledger;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Cli;

/// <summary>qm ledger verify | key | checkpoint: the hash chain, the records, and signed checkpoints of the Merkle tree.</summary>
public static class LedgerCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static readonly Option<string?> KeyFile = new("--key")
    {
        Description = "The checkpoint signing key file (default: $QM_LEDGER_KEY, else ledger-signing-key.pem in the per-user data directory); created when missing",
    };

    public static Command Build()
    {
        var cmd = new Command("ledger", "The append-only, hash-chained ledger and its signed checkpoints") { Verify(), Key(), Checkpoint() };
        return cmd;
    }

    private static Command Verify()
    {
        var against = new Option<string?>("--against")
        {
            Description = "A checkpoint file kept from earlier: prove the ledger still begins with exactly the history it signed (only appended to since)",
        };
        var verify = new Command("verify", "Check the hash chain, the Merkle tree and every record against its latest event; names the first thing that differs") { against };
        Remote.AddTo(verify);
        verify.SetAction(Shell.Guarded(async (p, ct) =>
        {
            var file = p.GetValue(against);
            var kept = file is null ? null : ReadCheckpoint(file);
            if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                if (kept is not null) return await AgainstServer(http, kept, ct);
                var v = Remote.Json(await Remote.Read(await http.GetAsync("api/v1/ledger/verify", ct), ct));
                if (v["intact"]!.GetValue<bool>())
                {
                    Console.WriteLine($"Ledger intact: {v["eventsChecked"]!.GetValue<long>():N0} events checked, {v["recordsChecked"]?.GetValue<long>():N0} records match their latest events (on {p.GetValue(Remote.Server)}).");
                    Console.WriteLine($"Merkle tree head: {v["rootHash"]}");
                    return 0;
                }
                return Shell.Fail(v["problem"]?.GetValue<string>() ?? $"ledger broken at sequence {v["firstBadSequence"]}: {v["reason"]}");
            }
            await using var db = await Shell.OpenAsync(p, ct);
            var service = new LedgerService(db);
            var total = await service.Count(ct);
            var (result, rootAt) = await Shell.WithProgress("Verifying ledger", report =>
                service.Verify(new Shell.SyncProgress<long>(n => report(total == 0 ? 1 : (double)n / total, $"{n:N0}/{total:N0} events")), kept?.TreeSize, ct));
            if (!result.Intact) return Shell.Fail(result.Problem!);
            if (kept is not null)
            {
                if (result.EventsChecked < kept.TreeSize)
                    return Shell.Fail($"the ledger has {result.EventsChecked:N0} events but checkpoint {kept.TreeSize} signed {kept.TreeSize:N0}: events were removed");
                if (rootAt != kept.RootHash)
                    return Shell.Fail($"the ledger's first {kept.TreeSize:N0} events hash to {rootAt}, not to the root {kept.RootHash} that checkpoint {kept.TreeSize} signed: history was rewritten");
            }
            Console.WriteLine($"Ledger intact: {result.EventsChecked:N0} events checked, {result.RecordsChecked:N0} records match their latest events.");
            Console.WriteLine($"Merkle tree head: {result.RootHash}");
            if (kept is not null)
                Console.WriteLine($"Consistent with checkpoint {kept.TreeSize} ({kept.IssuedAt}, key {kept.KeyId[..16]}…): its {kept.TreeSize:N0} events are unchanged; {result.EventsChecked - kept.TreeSize:N0} appended since.");
            return 0;
        }));
        return verify;
    }

    /// <summary>What a nation without the events can prove: the server's latest checkpoint, signed by the same key, extends the kept one.</summary>
    private static async Task<int> AgainstServer(HttpClient http, CheckpointDocument kept, CancellationToken ct)
    {
        var latest = JsonSerializer.Deserialize<CheckpointDocument>(await Remote.Read(await http.GetAsync("api/v1/ledger/checkpoints/latest", ct), ct), Json)
                     ?? throw new Remote.RemoteException("the server sent no checkpoint");
        if (latest.PublicKey != kept.PublicKey) return Shell.Fail($"the server's latest checkpoint is signed by key {latest.KeyId[..16]}…, not by the key {kept.KeyId[..16]}… of the kept checkpoint");
        if (latest.Problem() is { } bad) return Shell.Fail($"the server's latest checkpoint {latest.TreeSize}: {bad}");
        if (latest.TreeSize < kept.TreeSize) return Shell.Fail($"the server's latest checkpoint covers {latest.TreeSize:N0} events, fewer than the kept one's {kept.TreeSize:N0}: events were removed");
        var proof = Remote.Json(await Remote.Read(await http.GetAsync($"api/v1/ledger/proofs/consistency?from={kept.TreeSize}&to={latest.TreeSize}", ct), ct));
        var hashes = proof["proof"]!.AsArray().Select(n => Convert.FromHexString(n!.GetValue<string>())).ToList();
        if (!MerkleTree.VerifyConsistency(kept.TreeSize, latest.TreeSize, Convert.FromHexString(kept.RootHash), Convert.FromHexString(latest.RootHash), hashes))
            return Shell.Fail($"the server cannot prove that checkpoint {latest.TreeSize} extends checkpoint {kept.TreeSize}: history was rewritten");
        Console.WriteLine($"Consistent: checkpoint {latest.TreeSize} ({latest.IssuedAt}) extends the kept checkpoint {kept.TreeSize}; {latest.TreeSize - kept.TreeSize:N0} events appended, none changed (RFC 9162 consistency proof of {hashes.Count} hashes).");
        return 0;
    }

    private static CheckpointDocument ReadCheckpoint(string path)
    {
        CheckpointDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<CheckpointDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not a checkpoint file: {e.Message}");
        }
        if (doc is null) throw new InvalidOperationException($"{path} is not a checkpoint file");
        if (doc.Problem() is { } problem) throw new InvalidOperationException($"{path}: {problem}");
        return doc;
    }

    private static Command Key()
    {
        var cmd = new Command("key", "Print the public key that signs the ledger's checkpoints (a nation keeps it to check them)") { KeyFile };
        Remote.AddTo(cmd);
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
            if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                var k = Remote.Json(await Remote.Read(await http.GetAsync("api/v1/ledger/key", ct), ct));
                Console.WriteLine($"{k["algorithm"]}\nkey id {k["keyId"]}");
                Console.Write(k["publicKeyPem"]!.GetValue<string>());
                return 0;
            }
            using var key = LedgerSigningKey.LoadOrCreate(LedgerSigningKey.ResolvePath(p.GetValue(KeyFile)));
            Console.WriteLine($"{CheckpointSignature.Algorithm}\nkey id {key.KeyId}\nkey file {key.Path}");
            Console.Write(key.PublicKeyPem);
            return 0;
        }));
        return cmd;
    }

    private static Command Checkpoint()
    {
        var output = new Option<string?>("--out") { Description = "Write the checkpoint file (JSON) here, to keep" };
        var latest = new Option<bool>("--latest") { Description = "Fetch the latest checkpoint instead of signing one now" };
        var cmd = new Command("checkpoint", "Sign a checkpoint of the ledger now (tree size, Merkle root, time), or fetch the latest; print it and optionally save it")
        {
            KeyFile, output, latest,
        };
        Remote.AddTo(cmd);
        cmd.SetAction(Shell.Guarded(async (p, ct) =>
        {
            CheckpointDocument doc;
            if (Remote.IsRemote(p))
            {
                using var http = Remote.Client(p);
                var response = p.GetValue(latest)
                    ? await http.GetAsync("api/v1/ledger/checkpoints/latest", ct)
                    : await http.PostAsync("api/v1/ledger/checkpoints", null, ct);
                doc = JsonSerializer.Deserialize<CheckpointDocument>(await Remote.Read(response, ct), Json) ?? throw new Remote.RemoteException("the server sent no checkpoint");
            }
            else
            {
                await using var db = await Shell.OpenAsync(p, ct);
                using var key = LedgerSigningKey.LoadOrCreate(LedgerSigningKey.ResolvePath(p.GetValue(KeyFile)));
                var service = new CheckpointService(db, key);
                doc = p.GetValue(latest)
                    ? await service.Latest(ct) ?? throw new InvalidOperationException("no checkpoint has been signed yet")
                    : await service.Create(ct);
            }
            if (doc.Problem() is { } bad) return Shell.Fail($"checkpoint {doc.TreeSize}: {bad}");
            Console.WriteLine($"Checkpoint {doc.TreeSize}: {doc.TreeSize:N0} events, root {doc.RootHash}, signed {doc.IssuedAt} by key {doc.KeyId}; {doc.Witnesses.Count} countersignature(s).");
            if (p.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(doc, Json) + "\n", ct);
                Console.WriteLine($"Saved to {Path.GetFullPath(path)}.");
            }
            return 0;
        }));
        return cmd;
    }
}
