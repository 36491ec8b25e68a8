namespace CommandCenter.Alarms;

public static class AlarmExtensions
{
    /// <summary>The 96333 phone reports' intake, shared by the alarm API and the desk.</summary>
    public static WebApplicationBuilder AddAlarms(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PhoneAlarmIntake>();
        return builder;
    }
}
