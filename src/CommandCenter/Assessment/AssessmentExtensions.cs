using CommandCenter.Assessment.Reports;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment;

public static class AssessmentExtensions
{
    /// <summary>Time-windowed KPIs, the maintenance-firm score and the monthly report with its four topics; options checked at start.</summary>
    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.AddAssessment();
        return builder;
    }

    /// <summary>The assessment's services without the web host (tests build them over stores of their own).</summary>
    public static IServiceCollection AddAssessment(this IServiceCollection services)
    {
        services.AddOptions<AssessmentOptions>().BindConfiguration(AssessmentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AssessmentOptions>, AssessmentOptionsValidator>();
        services.TryAddSingleton<ITicketFigureSource, TicketIndexFigures>();
        services.AddSingleton<KpiService>();
        services.AddSingleton<FirmScores>();
        services.AddSingleton<MonthKpis>();
        services.AddSingleton<MonthlyReports>();
        services.AddReportTopic<CaseTopic>();
        services.AddReportTopic<AlarmTopic>();
        services.AddReportTopic<DutyTopic>();
        services.AddReportTopic<MaintenanceFirmTopic>();
        return services;
    }

    /// <summary>Adds a topic (one sheet of the workbook, one section of the report page) to the monthly report.</summary>
    public static IServiceCollection AddReportTopic<TTopic>(this IServiceCollection services)
        where TTopic : class, IMonthlyReportTopic
    {
        services.AddSingleton<IMonthlyReportTopic, TTopic>();
        return services;
    }

    public static WebApplication MapAssessment(this WebApplication app) => app.MapAssessmentEndpoints();
}
