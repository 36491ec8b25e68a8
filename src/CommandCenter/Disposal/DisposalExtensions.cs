namespace CommandCenter.Disposal;

public static class DisposalExtensions
{
    /// <summary>
    /// The disposal console <c>/work</c> (处置工作台) of departments, streets and communities: its page is a Razor component,
    /// and its plain forms post here.
    /// </summary>
    public static WebApplication MapDisposal(this WebApplication app)
    {
        app.MapDisposalFormEndpoints();
        return app;
    }
}
