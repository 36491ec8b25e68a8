using CommandCenter.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddCommandCenter();

var app = builder.Build();
app.MapCommandCenter();
app.Run();
