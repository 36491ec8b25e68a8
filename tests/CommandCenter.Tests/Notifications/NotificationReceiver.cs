using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace CommandCenter.Tests.Notifications;

/// <summary>A loopback HTTP endpoint that records every request and answers as robots do, or 500 when told to fail.</summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string Query, string ContentType, JsonElement Json)> _requests = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private WebApplication _app = default!;

    public string Url { get; private set; } = "";

    public static async Task<NotificationReceiver> StartAsync()
    {
        var receiver = new NotificationReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            var json = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
            receiver._requests.Enqueue((context.Request.Path, context.Request.QueryString.Value ?? "", context.Request.ContentType ?? "", json));
            if (receiver.TakeFailure(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync("down");
                return;
            }

            await context.Response.WriteAsJsonAsync(new { errcode = 0, errmsg = "ok" });
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = app.Urls.Single();
        return receiver;
    }

    public void FailNext(string path, int times) => _failures[path] = times;

    /// <summary>Whether this request is one of those to fail; deliveries arrive in parallel, so the count is taken atomically.</summary>
    private bool TakeFailure(string path)
    {
        while (_failures.TryGetValue(path, out var left) && left > 0)
        {
            if (_failures.TryUpdate(path, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    public IReadOnlyList<(string Path, string Query, string ContentType, JsonElement Json)> All(string path) => [.. _requests.Where(r => r.Path == path)];

    public (string Path, string Query, string ContentType, JsonElement Json) Single(string path) => All(path).ShouldHaveSingleItem();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
