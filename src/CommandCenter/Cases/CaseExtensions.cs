namespace CommandCenter.Cases;

public static class CaseExtensions
{
    /// <summary>Cases reported from the street: the intake <c>POST /api/cases</c> and the phone's forms share.</summary>
    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseIntake>();
        builder.Services.AddSingleton<MobileFlash>();
        return builder;
    }

    /// <summary><c>POST /api/cases</c>, and the endpoints the grid worker's phone pages (<c>/m</c>) post their forms to.</summary>
    public static WebApplication MapCases(this WebApplication app)
    {
        app.MapCaseEndpoints();
        app.MapMobileFormEndpoints();
        return app;
    }
}
