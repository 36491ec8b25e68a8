using CommandCenter.Auth;
using CommandCenter.Extensions;

if (HostCommands.Handles(args))
{
    return await HostCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCommandCenter();

var app = builder.Build();
app.MapCommandCenter();
await app.RunAsync();
return 0;
