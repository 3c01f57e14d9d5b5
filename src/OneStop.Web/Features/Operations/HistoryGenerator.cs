using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Operations;

/// <summary>
/// <c>generate-history --years N --dossiers M</c>: fills PostgreSQL with M generated dossiers over the last N years at the
/// communes of the agency model in force — seasons and weekdays, a few procedures carrying most of the volume, per-district
/// online shares rising from the seeds' 2016 figures (76% city-wide; Long Biên, Bắc Từ Liêm 99%, Nam Từ Liêm 96%, Hoàng
/// Mai 84%), on-time and late shares, fees — bulk-loaded with COPY, and their indicator counters with them (judged by
/// the same domain rule the roll-up uses). Every generated dossier is marked: code "SINH-…", applicant "Dữ liệu sinh tự
/// động", idempotency key "generated-history". They are never acted on, so they carry no roll-up snapshot.
/// </summary>
public sealed class HistoryGenerator(OneStopDbContext db, IndicatorRollup rollup, TimeProvider clock)
{
    private static readonly Dictionary<string, double> Online2016 = new(StringComparer.Ordinal)
    {
        ["Long Biên"] = 0.99, ["Bắc Từ Liêm"] = 0.99, ["Nam Từ Liêm"] = 0.96, ["Hoàng Mai"] = 0.84,
    };

    private static readonly double[] MonthWeight = [0.7, 0.6, 1.0, 1.0, 1.0, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1];

    public async Task<long> GenerateAsync(int years, long dossiers, TextWriter log, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            throw new InvalidOperationException("generate-history bulk-loads with PostgreSQL COPY: set OneStop:Database to a PostgreSQL connection string.");
        }

        // The roll-up's first run (judging every dossier) must be behind us, or it would count the generated ones twice.
        await rollup.RollUpAllAsync(ct);
        var communes = await (from c in db.Agencies.AsNoTracking()
                              join d in db.Agencies.AsNoTracking() on c.ParentId equals d.Id
                              where c.Level == AgencyLevel.Commune
                              select new { c.Id, District = d.Name }).ToListAsync(ct);
        var versions = (await db.ProcedureVersions.AsNoTracking().Where(v => v.Status == ProcedureStatus.Published).OrderBy(v => v.Code).Take(12).ToListAsync(ct))
            .Select(v => new { v.Id, v.Code, v.Name, v.Content.TimeLimit }).ToList();
        if (communes.Count == 0 || versions.Count == 0)
        {
            throw new InvalidOperationException("No communes or published procedures: run migrate with the seed first.");
        }

        var rng = new Random(20160101);
        var now = clock.GetUtcNow();
        var start = now.AddYears(-years);
        var days = (int)(now - start).TotalDays;
        var counters = new Dictionary<(Guid, DateOnly, string, Channel), DayCounts>();
        var vn = TimeSpan.FromHours(7);
        const string steps = "[]";
        var limits = versions.Select(v => JsonSerializer.Serialize(v.TimeLimit, OneStopDbContext.Json)).ToList();

        await using var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await conn.OpenAsync(ct);
        const string columns = "\"Id\",\"Code\",\"ProcedureVersionId\",\"ProcedureCode\",\"ProcedureName\",\"AgencyId\",\"Channel\",\"Status\",\"Step\",\"CurrentRole\",\"Steps\",\"TimeLimit\"," +
            "\"ApplicantName\",\"FormData\",\"IdempotencyKey\",\"TrackingKey\",\"CreatedAt\",\"UpdatedAt\",\"SubmittedAt\",\"ReceivedAt\",\"DueAt\",\"OriginalDueAt\",\"ReleasedAt\",\"CompletedAt\"," +
            "\"DeadlineState\",\"ApologyCount\",\"ReturnChannel\",\"ResultCount\",\"FeeDueVnd\",\"FeeLines\",\"FeePaidVnd\",\"Version\"";
        await using (var copy = await conn.BeginBinaryImportAsync($"COPY \"Dossiers\" ({columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            for (long n = 0; n < dossiers; n++)
            {
                // A working day, weighted by season; a time in office hours.
                DateTimeOffset received;
                do
                {
                    var day = start.ToOffset(vn).Date.AddDays(rng.Next(days));
                    if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || rng.NextDouble() > MonthWeight[day.Month - 1] / 1.2)
                    {
                        continue;
                    }

                    received = new DateTimeOffset(day.AddHours(7.5 + (rng.NextDouble() * 9)), vn);
                    break;
                }
                while (true);

                var commune = communes[rng.Next(communes.Count)];
                var vi = Math.Min(versions.Count - 1, (int)(versions.Count * Math.Pow(rng.NextDouble(), 2.5)));
                var v = versions[vi];
                var baseShare = Online2016.TryGetValue(commune.District.Replace("Quận ", "", StringComparison.Ordinal).Replace("Huyện ", "", StringComparison.Ordinal), out var s) ? s : 0.76;
                var share = Math.Min(0.99, baseShare + (0.025 * Math.Max(0, received.Year - 2016)));
                var channel = rng.NextDouble() < share ? Channel.Online : rng.NextDouble() < 0.9 ? Channel.InPerson : Channel.Post;
                var due = new DateTimeOffset(received.ToOffset(vn).Date.AddDays(3 + rng.Next(12)).AddHours(17), vn);
                var late = rng.NextDouble() < 0.12;
                var released = late ? due.AddHours(2 + rng.Next(240)) : received + ((due - received) * rng.NextDouble());
                var open = released > now;
                var feeBearing = rng.NextDouble() < 0.3;
                var facts = new DossierFacts
                {
                    Channel = channel,
                    Status = open ? DossierStatus.Processing : DossierStatus.Returned,
                    ReceivedAt = received,
                    DueAt = due,
                    ReleasedAt = open ? null : released,
                    CompletedAt = open ? null : released.AddHours(20),
                    FeeBearing = feeBearing,
                    PaidOnline = feeBearing && channel == Channel.Online && rng.NextDouble() < 0.6,
                    HasComponentFiles = channel == Channel.Online || rng.NextDouble() < 0.5,
                    HasElectronicResult = rng.NextDouble() < 0.6,
                    ReturnChannel = open ? null : channel == Channel.Online ? ReturnChannel.Online : ReturnChannel.AtDesk,
                };
                foreach (var line in IndicatorRules.Judge(facts).Lines)
                {
                    var key = (commune.Id, line.Day, v.Code, channel);
                    counters[key] = counters.GetValueOrDefault(key, DayCounts.Zero) + line.Counts;
                }

                await copy.StartRowAsync(ct);
                await copy.WriteAsync(Guid.CreateVersion7(received), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync($"SINH-{n:D10}", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(v.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(v.Code, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(v.Name, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(commune.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync((int)channel, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((int)facts.Status, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(steps, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(limits[vi], NpgsqlDbType.Text, ct);
                await copy.WriteAsync("Dữ liệu sinh tự động", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync("{}", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("generated-history", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync($"sinh-{n:D10}", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(received.AddMinutes(-30).ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync((facts.CompletedAt ?? received).ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(received.AddMinutes(-30).ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(received.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(due.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(due.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await WriteTimeAsync(copy, facts.ReleasedAt, ct);
                await WriteTimeAsync(copy, facts.CompletedAt, ct);
                await copy.WriteAsync((int)(open && due < now ? DeadlineState.Overdue : DeadlineState.OnTime), NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
                if (facts.ReturnChannel is { } rc)
                {
                    await copy.WriteAsync((int)rc, NpgsqlDbType.Integer, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }

                await copy.WriteAsync(facts.HasElectronicResult && !open ? 1 : 0, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync("[]", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(feeBearing ? 50_000L : 0L, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, ct);
                if (n % 1_000_000 == 999_999)
                {
                    await log.WriteLineAsync($"   {n + 1:N0} dossiers written");
                }
            }

            await copy.CompleteAsync(ct);
        }

        await log.WriteLineAsync($"   {dossiers:N0} dossiers written; {counters.Count:N0} counter rows");
        await using (var cmd = new NpgsqlCommand("CREATE TEMP TABLE gen_days (LIKE \"IndicatorDays\" INCLUDING DEFAULTS) ON COMMIT PRESERVE ROWS", conn))
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }

        var names = string.Join(",", DayCounts.Names.Select(x => $"\"{x}\""));
        await using (var copy = await conn.BeginBinaryImportAsync($"COPY gen_days (\"AgencyId\",\"Day\",\"ProcedureCode\",\"Channel\",{names}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var ((agency, day, code, channel), c) in counters)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(agency, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(day, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(code, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((int)channel, NpgsqlDbType.Integer, ct);
                foreach (var value in c.ToArray())
                {
                    await copy.WriteAsync(value, NpgsqlDbType.Bigint, ct);
                }
            }

            await copy.CompleteAsync(ct);
        }

        var adds = string.Join(",", DayCounts.Names.Select(x => $"\"{x}\" = \"IndicatorDays\".\"{x}\" + excluded.\"{x}\""));
        await using (var cmd = new NpgsqlCommand($"INSERT INTO \"IndicatorDays\" SELECT * FROM gen_days ON CONFLICT (\"AgencyId\",\"Day\",\"ProcedureCode\",\"Channel\") DO UPDATE SET {adds}; DROP TABLE gen_days; ANALYZE \"IndicatorDays\"; ANALYZE \"Dossiers\";", conn))
        {
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync(ct);
        }

        return dossiers;
    }

    private static Task WriteTimeAsync(NpgsqlBinaryImporter copy, DateTimeOffset? t, CancellationToken ct) =>
        t is { } value ? copy.WriteAsync(value.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct) : copy.WriteNullAsync(ct);
}
