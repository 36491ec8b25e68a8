using CommandCenter.Grains;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Referrals.Store;
using CommandCenter.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Referrals;

/// <summary>A case the 12345 hotline refers (转办), as <c>POST /api/referrals</c> takes it.</summary>
public sealed record ReferralRequest(
    string? CaseNumber, string? Category, string? Description, string? Address, double? Latitude, double? Longitude, string? GridId, ReferralCaller? Caller);

/// <summary>Who called the hotline; kept with the ticket, the phone masked in lists.</summary>
public sealed record ReferralCaller(string? Name, string? Phone);

/// <summary>The work order a referral became: its id is the number the desk shows (<c>WO-yyyyMMdd-nnnnnn</c>).</summary>
public sealed record ReferralAnswer(string CaseNumber, string TicketId, TicketStatus Status);

/// <summary>What became of a POST: the ticket, made now or by an earlier POST of the same case, or the reasons it was refused.</summary>
public sealed record ReferralResult(ReferralAnswer? Answer, bool Created, IReadOnlyList<string> Problems);

/// <summary>
/// Turns a referral into a work order of source <see cref="TicketSource.Hotline12345"/>, once per client and case
/// number: the referral row (unique on both) is stored with the ticket's number before the ticket is reported, so a
/// second POST of the same case, even a concurrent one, answers the first's ticket; if the process died between the
/// row and the ticket, the repeat reports the ticket under the number stored. Refusals are kept for operators.
/// </summary>
public sealed class ReferralIntake(
    IServiceScopeFactory scopes, IGrainFactory grains, IStringLocalizer<ReferralText> text, IStringLocalizer<TicketText> ticketText, TimeProvider time)
{
    public async Task<ReferralResult> ReceiveAsync(string client, ReferralRequest? request, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return await RefuseAsync(client, null, [text["Body"]], cancellationToken);
        }

        var problems = ProblemsOf(request);
        var caseNumber = request.CaseNumber?.Trim();
        if (problems.Count > 0)
        {
            return await RefuseAsync(client, caseNumber, problems, cancellationToken);
        }

        var report = ReportOf(request);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ReferralStore>();
        if (await FindAsync(store, client, caseNumber!, cancellationToken) is { } earlier)
        {
            return await AnswerEarlierAsync(earlier, report);
        }

        string ticketId;
        try
        {
            ticketId = await grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).NumberAsync(report);
        }
        catch (TicketValidationException ex)
        {
            return await RefuseAsync(client, caseNumber, ticketText.Problems(ex), cancellationToken);
        }

        store.Referrals.Add(new Referral
        {
            Client = client,
            CaseNumber = caseNumber!,
            TicketId = ticketId,
            CallerName = request.Caller?.Name?.Trim() is { Length: > 0 } name ? name : null,
            CallerPhone = request.Caller?.Phone?.Trim() is { Length: > 0 } phone ? phone : null,
            ReceivedAt = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await store.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same case posted at the same time: the other request's row won; its ticket is the answer.
            await using var again = scopes.CreateAsyncScope();
            var winner = await FindAsync(again.ServiceProvider.GetRequiredService<ReferralStore>(), client, caseNumber!, cancellationToken)
                ?? throw new InvalidOperationException($"Referral {client}/{caseNumber} could not be stored and is not there.");
            return await AnswerEarlierAsync(winner, report);
        }

        var details = await grains.GetGrain<ITicketGrain>(ticketId).ReportAsync(report);
        return new ReferralResult(new ReferralAnswer(caseNumber!, ticketId, details.Ticket.Status), Created: true, []);
    }

    /// <summary>The newest refusals first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ReferralRefusal>> RefusalsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReferralStore>().Refusals.AsNoTracking()
            .OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>The referral behind a ticket, or null when the ticket was not referred.</summary>
    public async Task<Referral?> OfTicketAsync(string ticketId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReferralStore>().Referrals.AsNoTracking()
            .FirstOrDefaultAsync(r => r.TicketId == ticketId, cancellationToken);
    }

    private async Task<ReferralResult> AnswerEarlierAsync(Referral earlier, TicketReport report)
    {
        var ticket = grains.GetGrain<ITicketGrain>(earlier.TicketId);
        var details = await ticket.GetAsync() ?? await ticket.ReportAsync(report);
        return new ReferralResult(new ReferralAnswer(earlier.CaseNumber, earlier.TicketId, details.Ticket.Status), Created: false, []);
    }

    private static Task<Referral?> FindAsync(ReferralStore store, string client, string caseNumber, CancellationToken cancellationToken) =>
        store.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Client == client && r.CaseNumber == caseNumber, cancellationToken);

    private async Task<ReferralResult> RefuseAsync(string client, string? caseNumber, IReadOnlyList<string> problems, CancellationToken cancellationToken)
    {
        var reasons = string.Join("\n", problems);
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ReferralStore>();
        store.Refusals.Add(new ReferralRefusal
        {
            Client = Clip(client, Referral.MaxClientLength),
            CaseNumber = caseNumber is null ? null : Clip(caseNumber, Referral.MaxCaseNumberLength),
            Reasons = Clip(reasons, ReferralRefusal.MaxReasonsLength),
            RefusedAt = time.GetUtcNow().UtcDateTime,
        });
        await store.SaveChangesAsync(cancellationToken);
        return new ReferralResult(null, Created: false, problems);
    }

    /// <summary>What the ticket's own rules do not check: the case number and the caller.</summary>
    private List<string> ProblemsOf(ReferralRequest request)
    {
        var problems = new List<string>();
        if (request.CaseNumber?.Trim() is not { Length: > 0 and <= Referral.MaxCaseNumberLength } caseNumber
            || !caseNumber.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.'))
        {
            problems.Add(text["CaseNumber", Referral.MaxCaseNumberLength]);
        }

        if (request.Caller?.Name is { Length: > Referral.MaxCallerNameLength })
        {
            problems.Add(text["CallerName", Referral.MaxCallerNameLength]);
        }

        if (request.Caller?.Phone?.Trim() is { Length: > 0 } phone
            && (phone.Length > Referral.MaxCallerPhoneLength || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ')))
        {
            problems.Add(text["CallerPhone", Referral.MaxCallerPhoneLength]);
        }

        return problems;
    }

    /// <summary>The caller is the reporter; without a name the case number stands in, so the desk still sees where it came from.</summary>
    private static TicketReport ReportOf(ReferralRequest request) => new(
        TicketSource.Hotline12345,
        request.Category?.Trim() ?? "",
        request.Description ?? "",
        new TicketLocation(
            GridId: string.IsNullOrWhiteSpace(request.GridId) ? null : request.GridId.Trim(),
            Address: string.IsNullOrWhiteSpace(request.Address) ? null : request.Address.Trim(),
            Latitude: request.Latitude,
            Longitude: request.Longitude),
        request.Caller?.Name?.Trim() is { Length: > 0 } name ? name : $"12345 {request.CaseNumber!.Trim()}",
        request.Caller?.Phone?.Trim() is { Length: > 0 } phone ? phone : null);

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}

/// <summary>The texts of 12345 referrals (<c>ReferralText.resx</c>, <c>ReferralText.zh-CN.resx</c>): refusals and the callbacks' summaries.</summary>
public sealed class ReferralText;
