using System.Globalization;
using System.Text.Json;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications.Channels;
using CommandCenter.Notifications.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications;

/// <summary>
/// The durable outbox in the relational store: an alarm's notice becomes one delivery per configured channel
/// and recipient, stored before anything is sent, then sent by <see cref="NotificationSender"/>. Storing the
/// same step again adds nothing (deliveries are keyed), so the grain may repeat it after a failure.
/// </summary>
public sealed class NotificationOutbox(
    IServiceScopeFactory scopes,
    IEnumerable<NotificationChannel> channels,
    IStringLocalizer<NotificationText> text,
    IOptions<NotificationOptions> options,
    TimeProvider time) : IAlarmNotificationOutbox
{
    private TaskCompletionSource _queued = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Subjects of an alarm's deliveries (the same outbox keeps 12345 referrals' callbacks, <c>referral/{ticket id}</c>).</summary>
    public static string AlarmSubject(string alarmId) => $"alarm/{alarmId}";

    /// <summary>Completes when something was queued since the last call (the sender then sends at once instead of at its next poll).</summary>
    public async Task WaitForQueuedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = _queued;
        try
        {
            await signal.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The poll interval passed: retries may be due.
        }
        finally
        {
            // What is queued from now on wakes the next wait, even while the pass after this one runs.
            Interlocked.CompareExchange(ref _queued, new(TaskCreationOptions.RunContinuationsAsynchronously), signal);
        }
    }

    public async Task EnqueueAsync(AlarmNotice notice, CancellationToken cancellationToken = default)
    {
        var subject = AlarmSubject(notice.AlarmId);
        var payload = PayloadOf(notice);
        var now = time.GetUtcNow().UtcDateTime;
        var deliveries = channels.Where(c => c.Enabled).SelectMany(channel => Recipients(channel.Audience, notice.People).Select(person => new OutboxDelivery
        {
            Key = $"{subject}/{StepKey(notice)}/{channel.Name}/{person?.Role.ToString() ?? "group"}/{person?.Name}/{person?.Phone}",
            Subject = subject,
            Step = notice.Step.ToString(),
            Channel = channel.Name,
            RecipientRole = person?.Role.ToString(),
            RecipientName = Clip(person?.Name ?? "", OutboxDelivery.MaxNameLength),
            RecipientPhone = Clip(person?.Phone ?? "", OutboxDelivery.MaxPhoneLength),
            Payload = JsonSerializer.Serialize(payload),
            CreatedAt = now,
            NextAttemptAt = now,
            Status = DeliveryStatus.Pending,
        })).ToList();
        await StoreAsync(deliveries, cancellationToken);
    }

    /// <summary>One delivery decided by another feature (a 12345 referral's callback); storing its key again adds nothing.</summary>
    public Task EnqueueAsync(OutboxDelivery delivery, CancellationToken cancellationToken = default) => StoreAsync([delivery], cancellationToken);

    private async Task StoreAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        var keys = deliveries.Select(d => d.Key).ToList();
        var stored = await store.Deliveries.Where(d => keys.Contains(d.Key)).Select(d => d.Key).ToListAsync(cancellationToken);
        store.Deliveries.AddRange(deliveries.Where(d => !stored.Contains(d.Key)));
        await store.SaveChangesAsync(cancellationToken);
        _queued.TrySetResult();
    }

    /// <summary>Every delivery about a subject, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxDelivery>> ListAsync(string subject, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        return await store.Deliveries.AsNoTracking().Where(d => d.Subject == subject).OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>How many deliveries were given up after their last attempt, and the newest of them first.</summary>
    public async Task<(int Total, IReadOnlyList<OutboxDelivery> Newest)> FailedAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        var failed = store.Deliveries.AsNoTracking().Where(d => d.Status == DeliveryStatus.Failed);
        return (await failed.CountAsync(cancellationToken), await failed.OrderByDescending(d => d.Id).Take(limit).ToListAsync(cancellationToken));
    }

    /// <summary>
    /// The step as deliveries are keyed: a re-dispatched firm's steps carry the dispatch's number, so the firm
    /// after it is reached too (the group robots' messages have no person to tell them apart).
    /// </summary>
    private static string StepKey(AlarmNotice notice) =>
        notice.Step is AlarmNotificationStep.RedispatchedFirm or AlarmNotificationStep.RedispatchedNextContact
            ? $"{notice.Step}#{notice.Dispatch}"
            : notice.Step.ToString();

    /// <summary>Null stands for the group a robot posts to.</summary>
    private static IEnumerable<NotifiedPerson?> Recipients(ChannelAudience audience, IReadOnlyList<NotifiedPerson> people) => audience switch
    {
        ChannelAudience.Group => new NotifiedPerson?[] { null },
        ChannelAudience.PersonWithPhone => people.Where(p => !string.IsNullOrWhiteSpace(p.Phone)).Cast<NotifiedPerson?>(),
        ChannelAudience.Client => [],
        _ => people.Cast<NotifiedPerson?>(),
    };

    private NotificationPayload PayloadOf(AlarmNotice notice)
    {
        var culture = CultureInfo.GetCultureInfo(options.Value.Language);
        var (savedCulture, savedUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentUICulture = culture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var fault = text[$"Fault{notice.Code}"] is { ResourceNotFound: false } known ? known.Value : notice.Description;
            var people = string.Join(text["ListSeparator"], notice.People.Select(p => $"{text[$"Role{p.Role}"]} {p.Name}"));
            var message = text["Message",
                text[$"Step{notice.Step}"], notice.Address, notice.ElevatorId, fault, notice.Code, text[$"Source{notice.Source}"], notice.AlarmId, people];
            return new NotificationPayload(
                message,
                [.. notice.People.Select(p => p.Phone).Where(phone => !string.IsNullOrWhiteSpace(phone)).Distinct()],
                new Dictionary<string, string>
                {
                    ["alarmId"] = notice.AlarmId,
                    ["elevatorId"] = notice.ElevatorId,
                    ["code"] = notice.Code,
                    ["source"] = notice.Source.ToString(),
                    ["step"] = notice.Step.ToString(),
                });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (savedCulture, savedUiCulture);
        }
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>The texts of the messages sent (<c>NotificationText.resx</c>, <c>NotificationText.zh-CN.resx</c>) and of the alarm's deliveries on the desk.</summary>
public sealed class NotificationText;
