-- CommandCenter cluster schema, part 2 of 5: silo membership (Microsoft.Orleans.Clustering.AdoNet 10.4.2).
--
-- Contract, as the provider uses it:
--  * One version row per deployment (cluster id). Every change of a member row must move that version
--    on by one, and only when the caller still holds the version it read (@Version): that is the
--    optimistic concurrency the membership protocol relies on. Answers are a single boolean column.
--  * Reads return the version row even when there are no members (LEFT JOIN): the provider takes the
--    table version from the first row and treats a row without StartTime as "no member".
--  * Column names in result sets are the provider's (Address, Port, Generation, SiloName, HostName,
--    Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime, Version); they are quoted aliases here.
--  * Times arrive as UTC DateTime values and are read back as UTC.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) NOT NULL PRIMARY KEY,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id  varchar(150) NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address        varchar(45)  NOT NULL,
    port           integer      NOT NULL,
    generation     integer      NOT NULL,
    silo_name      text         NOT NULL,
    host_name      text         NOT NULL,
    status         integer      NOT NULL,
    proxy_port     integer      NOT NULL,
    -- "silo,time|silo,time" exactly as the provider formats and parses it.
    suspect_times  text         NULL,
    start_time     timestamptz  NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM created)
$q$),

-- The member row goes in only together with the version step; a silo address (with its generation)
-- is registered once.
('InsertMembershipKey', $q$
    WITH stepped AS (
        UPDATE orleans_membership_version
        SET version = version + 1, changed_at = now()
        WHERE deployment_id = @DeploymentId
          AND version = @Version
          AND NOT EXISTS (SELECT 1 FROM orleans_membership
                          WHERE deployment_id = @DeploymentId AND address = @Address
                            AND port = @Port AND generation = @Generation)
        RETURNING deployment_id),
    inserted AS (
        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                        status, proxy_port, start_time, i_am_alive_time)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName,
               @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM stepped
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted)
$q$),

('UpdateMembershipKey', $q$
    WITH stepped AS (
        UPDATE orleans_membership_version
        SET version = version + 1, changed_at = now()
        WHERE deployment_id = @DeploymentId
          AND version = @Version
          AND EXISTS (SELECT 1 FROM orleans_membership
                      WHERE deployment_id = @DeploymentId AND address = @Address
                        AND port = @Port AND generation = @Generation)
        RETURNING deployment_id),
    updated AS (
        UPDATE orleans_membership m
        SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM stepped
        WHERE m.deployment_id = stepped.deployment_id AND m.address = @Address
          AND m.port = @Port AND m.generation = @Generation
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM updated)
$q$),

-- Heartbeats do not change membership, so they leave the version alone.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
    SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address
      AND port = @Port AND generation = @Generation
$q$),

('MembershipReadRowKey', $q$
    SELECT v.version AS "Version",
           m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
           m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
           m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
           m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id AND m.address = @Address
          AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
    SELECT v.version AS "Version",
           m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
           m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
           m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
           m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId
$q$),

('GatewaysQueryKey', $q$
    SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- The members go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Used by providers that lack the per-row key below: dead silos (status 6) not heard of since the cut-off.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$),

-- 10.4.2 decides in .NET which dead rows are old enough and deletes each one only if it is still
-- exactly as read, so a silo that changed the row meanwhile keeps it.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND address = @Address
      AND port = @Port AND generation = @Generation
      AND status = 6
      AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
      AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
