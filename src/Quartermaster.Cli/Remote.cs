using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quartermaster.Cli;

/// <summary>
/// The command line against a running server (--server URL): every call goes through the REST API with an API token
/// (--token or $QM_TOKEN), so the command has exactly the token's rights and the ledger records the token's owner.
/// </summary>
public static class Remote
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Act through a running Quartermaster server (e.g. http://127.0.0.1:5080) with an API token, instead of opening a database",
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "The API token for --server (default: $QM_TOKEN); create one with `qm tokens create` or on the Tokens page",
    };

    /// <summary>Adds --server and --token to a command that can work through a running server (and only to those).</summary>
    public static Command AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
        return command;
    }

    public static bool IsRemote(ParseResult p)
        => p.GetResult(Server) is not null && !string.IsNullOrWhiteSpace(p.GetValue(Server));

    public static HttpClient Client(ParseResult p)
    {
        var token = p.GetValue(Token) ?? Environment.GetEnvironmentVariable("QM_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
            throw new ArgumentException("--server needs an API token: give --token or set QM_TOKEN.");
        var http = new HttpClient { BaseAddress = new Uri(p.GetValue(Server)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return http;
    }

    /// <summary>Reads a response; a failure becomes the server's own problem text (and each import issue on stderr).</summary>
    public static async Task<string> Read(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode) return body;
        var reason = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "the server refused the token (unknown, revoked or expired)",
            HttpStatusCode.Forbidden => "the token's account or scope does not allow this",
            _ => $"the server answered {(int)response.StatusCode}",
        };
        try
        {
            var problem = JsonNode.Parse(body);
            if (problem?["issues"] is JsonArray issues)
                foreach (var i in issues)
                    Console.Error.WriteLine($"  sheet '{i?["sheet"]}', line {i?["line"]}{(i?["column"] is { } c ? $", column '{c}'" : "")}: {i?["message"]}");
            if (problem?["detail"]?.GetValue<string>() is { } detail) reason += ": " + detail;
        }
        catch (JsonException)
        {
            // not a problem document: the status says enough
        }
        throw new RemoteException(reason);
    }

    public static JsonNode Json(string body) => JsonNode.Parse(body) ?? throw new RemoteException("the server sent an empty answer");

    public sealed class RemoteException(string message) : Exception(message);

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
