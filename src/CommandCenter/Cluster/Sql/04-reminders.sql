-- CommandCenter cluster schema, part 4 of 5: reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2).
--
-- Contract, as the provider uses it:
--  * A reminder is (@ServiceId, @GrainId as text, @ReminderName); @GrainHash is the grain's uniform
--    hash as a signed 32-bit integer, which the reminder service uses to share reminders among silos.
--  * Rows come back as GrainId, ReminderName, StartTime, Period (milliseconds, read as a 64-bit
--    integer) and Version (the ETag).
--  * Upsert returns the row's new Version; DeleteReminderRow deletes only when @Version still matches
--    and answers one boolean column.
--  * Ranges are (begin, end] on the unsigned hash ring. The provider picks ReadRangeRows1Key when
--    begin < end in signed order (one interval) and ReadRangeRows2Key otherwise (the range wraps around
--    in signed order: above begin or up to end; begin = end covers the whole ring).

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,
    reminder_name varchar(150) NOT NULL,
    start_time    timestamptz  NOT NULL,
    period        bigint       NOT NULL,
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminder_by_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = EXCLUDED.start_time, period = EXCLUDED.period, grain_hash = EXCLUDED.grain_hash,
        version = orleans_reminder.version + 1
    RETURNING version AS "Version"
$q$),

('ReadReminderRowKey', $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period AS "Period", version AS "Version"
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

('ReadReminderRowsKey', $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period AS "Period", version AS "Version"
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

('ReadRangeRows1Key', $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period AS "Period", version AS "Version"
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

('ReadRangeRows2Key', $q$
    SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
           period AS "Period", version AS "Version"
    FROM orleans_reminder
    WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleans_reminder
        WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
          AND version = @Version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM deleted)
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
