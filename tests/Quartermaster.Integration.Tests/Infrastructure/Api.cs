using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>Small helpers for talking JSON to the running server and checking its answers.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> PostJson(this HttpClient http, string path, object body)
        => http.PostAsJsonAsync(path, body, Json, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutJson(this HttpClient http, string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: Json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Makes the nation be as given: every fresh database already holds the ISO 3166-1 states as reference data, so a
    /// state is updated (name, status, policy) rather than created; a code outside the list is created.
    /// </summary>
    /// <summary>Sends a JSON body with an If-Match header (the version a state change expects).</summary>
    public static Task<HttpResponseMessage> Send(this HttpClient http, HttpMethod method, string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task EnsureNation(this HttpClient http, string code, string name, string status, bool nonLethalOnly = false)
    {
        var body = new { code, name, status, nonLethalOnly };
        using var existing = await http.GetAsync($"/api/v1/nations/{code}", TestContext.Current.CancellationToken);
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            using var created = await http.PostJson("/api/v1/nations", body);
            await created.Ok(HttpStatusCode.Created);
            return;
        }
        var etag = existing.Headers.ETag?.ToString();
        using var updated = await http.PutJson($"/api/v1/nations/{code}", body, etag);
        await updated.Ok();
    }

    /// <summary>A nation code no test has used yet in this run, from the range ISO 3166-1 leaves to users (XQA..XZZ): never a real state's.</summary>
    public static string FreshNationCode()
    {
        var n = Interlocked.Increment(ref nationCodes);
        return new string(['X', (char)('Q' + n / 26 % 10), (char)('A' + n % 26)]);
    }

    private static int nationCodes = Random.Shared.Next(26 * 10);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient http, string path, string body, string contentType = "application/json")
        => http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PostFile(this HttpClient http, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return http.PostAsync(path, content, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts a file as the first file of a multipart form (field "file").</summary>
    public static Task<HttpResponseMessage> PostMultipart(this HttpClient http, string path, byte[] body, string fileName)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(body);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", fileName);
        return http.PostAsync(path, form, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonNode> GetNode(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
        return await response.Ok();
    }

    public static async Task<JsonNode> Body(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty JSON body");
    }

    /// <summary>Asserts a 2xx answer (showing the body when it is not) and returns its JSON.</summary>
    public static async Task<JsonNode> Ok(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static string ETag(this HttpResponseMessage response)
    {
        Assert.NotNull(response.Headers.ETag);
        return response.Headers.ETag!.ToString();
    }

    /// <summary>Asserts an RFC 9457 problem document with the status and (if given) an <c>errors</c> entry for the field.</summary>
    public static async Task<JsonObject> Problem(this HttpResponseMessage response, int status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"problem without title: {text}");
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null, $"problem has no 'errors': {text}");
            Assert.True(errors!.Any(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)),
                $"'errors' does not name '{field}': {text}");
        }
        return problem;
    }

    public static string Str(this JsonNode? node, string name) => node?[name]?.GetValue<string>() ?? throw new InvalidOperationException($"no '{name}' in {node}");
    public static long Long(this JsonNode? node, string name) => node![name]!.GetValue<long>();
    public static decimal Dec(this JsonNode? node, string name) => node![name]!.GetValue<decimal>();
}
