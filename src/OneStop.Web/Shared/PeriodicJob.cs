namespace OneStop.Web.Shared;

/// <summary>
/// A background job that runs once at start and then at every tick of its interval, each run in its own service scope;
/// a failed run is logged and the next tick tries again (the database may be away for a moment, another instance may
/// have done the work first).
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger log, TimeSpan interval) : BackgroundService
{
    /// <summary>The job's clock (the test clock in tests).</summary>
    protected TimeProvider Clock => clock;

    /// <summary>One run, with the services of a fresh scope.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "{Job} failed; it will run again", GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
