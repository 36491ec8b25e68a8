namespace CommandCenter.Devices;

/// <summary>Device administration at run time: <see cref="DeviceAdministration"/>, its API and the <c>/admin/devices</c> page.</summary>
public static class DeviceExtensions
{
    public static WebApplicationBuilder AddDeviceAdministration(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeviceAdministration>();
        return builder;
    }

    public static WebApplication MapDeviceAdministration(this WebApplication app)
    {
        app.MapDeviceEndpoints();
        return app;
    }
}
