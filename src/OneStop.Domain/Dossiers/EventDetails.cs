using System.Globalization;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// The details of one history record, typed per action. They are stored as a flat string map (the history's
/// <c>Data</c> column); this file is the only place that writes and reads its keys.
/// </summary>
public abstract record EventDetails
{
    /// <summary>The stored form.</summary>
    public abstract Dictionary<string, string> ToData();

    /// <summary>The typed details of a stored record of <paramref name="action"/>; null when it has none.</summary>
    public static EventDetails? Read(DossierAction action, IReadOnlyDictionary<string, string> data)
    {
        if (data.Count == 0)
        {
            return null;
        }

        string Get(string key) => data.TryGetValue(key, out var v) ? v : "";
        DateTimeOffset? Time(string key) => data.TryGetValue(key, out var v) && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
        long Amount(string key) => long.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
        IReadOnlyList<string> Lines(string key) => Get(key).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        return action switch
        {
            DossierAction.Receive when Time(Keys.DueAt) is { } due => new ReceivedDetails(due),
            DossierAction.RequestSupplement => new SupplementRequestedDetails(Lines(Keys.Missing)),
            DossierAction.Supplement when Time(Keys.DueAt) is { } due => new SupplementedDetails(
                double.TryParse(Get(Keys.Paused), NumberStyles.Float, CultureInfo.InvariantCulture, out var h) ? h : 0, due),
            DossierAction.Assign => new AssignedDetails(Get(Keys.Assignee)),
            DossierAction.Transfer => new TransferredDetails(Get(Keys.To), Get(Keys.ToAgency), Get(Keys.ToAgencyCode)),
            DossierAction.TransferIn or DossierAction.TransferReturned => new TransferredFromDetails(Get(Keys.From), Get(Keys.FromAgency)),
            DossierAction.AttachResult => new ResultAttachedDetails(Get(Keys.ResultCode)),
            DossierAction.Apologise when Time(Keys.PreviousDueAt) is { } before && Time(Keys.NewDueAt) is { } after => new ApologyDetails(before, after),
            DossierAction.RequestPayment => new PaymentRequestedDetails(Amount(Keys.Amount), Lines(Keys.Lines)),
            DossierAction.ConfirmPayment => new PaymentConfirmedDetails(Amount(Keys.Amount), Get(Keys.Receipt), Get(Keys.Reference), Get(Keys.Gateway)),
            DossierAction.ReturnResult when Enum.TryParse<ReturnChannel>(Get(Keys.ReturnChannel), out var channel) => new ResultReturnedDetails(channel),
            _ => null,
        };
    }

    internal static class Keys
    {
        public const string DueAt = "dueAt";
        public const string Missing = "missing";
        public const string Paused = "pausedWorkingHours";
        public const string Assignee = "assignee";
        public const string To = "to";
        public const string ToAgency = "toAgency";
        public const string ToAgencyCode = "toAgencyCode";
        public const string From = "from";
        public const string FromAgency = "fromAgency";
        public const string ResultCode = "resultCode";
        public const string PreviousDueAt = "previousDueAt";
        public const string NewDueAt = "newDueAt";
        public const string Amount = "amountVnd";
        public const string Lines = "lines";
        public const string Receipt = "receipt";
        public const string Reference = "reference";
        public const string Gateway = "gateway";
        public const string ReturnChannel = "returnChannel";
    }

    protected static string Time(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    protected static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Received at the desk (form 01): the appointment given.</summary>
public sealed record ReceivedDetails(DateTimeOffset DueAt) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.DueAt] = Time(DueAt) };
}

/// <summary>Supplement requested (form 02): what is missing, one item a line.</summary>
public sealed record SupplementRequestedDetails(IReadOnlyList<string> Missing) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.Missing] = string.Join('\n', Missing) };
}

/// <summary>Supplemented after reception: the working hours the wait lasted (not counted) and the moved appointment.</summary>
public sealed record SupplementedDetails(double PausedWorkingHours, DateTimeOffset DueAt) : EventDetails
{
    public override Dictionary<string, string> ToData() => new()
    {
        [Keys.Paused] = PausedWorkingHours.ToString("0.##", CultureInfo.InvariantCulture),
        [Keys.DueAt] = Time(DueAt),
    };
}

public sealed record AssignedDetails(string Assignee) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.Assignee] = Assignee };
}

/// <summary>Transferred (liên thông) to another agency: the dossier created there.</summary>
public sealed record TransferredDetails(string ToCode, string ToAgency, string ToAgencyCode) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.To] = ToCode, [Keys.ToAgency] = ToAgency, [Keys.ToAgencyCode] = ToAgencyCode };
}

/// <summary>Arrived by transfer, or came back from one: the other agency's dossier.</summary>
public sealed record TransferredFromDetails(string FromCode, string FromAgency) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.From] = FromCode, [Keys.FromAgency] = FromAgency };
}

public sealed record ResultAttachedDetails(string ResultCode) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.ResultCode] = ResultCode };
}

/// <summary>Apology letter (form 04): the appointment missed and the new one.</summary>
public sealed record ApologyDetails(DateTimeOffset PreviousDueAt, DateTimeOffset NewDueAt) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.PreviousDueAt] = Time(PreviousDueAt), [Keys.NewDueAt] = Time(NewDueAt) };
}

public sealed record PaymentRequestedDetails(long AmountVnd, IReadOnlyList<string> Lines) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.Amount] = Number(AmountVnd), [Keys.Lines] = string.Join('\n', Lines) };
}

public sealed record PaymentConfirmedDetails(long AmountVnd, string Receipt, string Reference, string Gateway) : EventDetails
{
    public override Dictionary<string, string> ToData() => new()
    {
        [Keys.Amount] = Number(AmountVnd),
        [Keys.Receipt] = Receipt,
        [Keys.Reference] = Reference,
        [Keys.Gateway] = Gateway,
    };
}

public sealed record ResultReturnedDetails(ReturnChannel Channel) : EventDetails
{
    public override Dictionary<string, string> ToData() => new() { [Keys.ReturnChannel] = Channel.ToString() };
}
