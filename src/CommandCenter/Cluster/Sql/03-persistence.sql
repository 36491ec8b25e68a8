-- CommandCenter cluster schema, part 3 of 5: grain state (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
--
-- Contract, as the provider uses it:
--  * A grain is found by two 32-bit hashes the provider computes (@GrainIdHash over the key,
--    @GrainTypeHash over the grain type), which lead the index, and then confirmed on the exact key:
--    @ServiceId, @GrainTypeString, @GrainIdN0/@GrainIdN1 (the long or Guid key; 0 for string keys) and
--    @GrainIdExtensionString (the string key or key extension; may be NULL).
--  * The version is the grain's ETag. Read returns PayloadBinary and Version (no row: no state yet).
--  * Write with @GrainStateVersion NULL creates the row at version 1; with a version it replaces the
--    payload only if the stored version still equals it. Exactly one row comes back: the new version in
--    NewGrainStateVersion, or NULL when the write was refused, which the provider reports as an
--    InconsistentStateException.
--  * Clear (keeps the row with a NULL payload) and Delete (removes it) follow the same rule and return a
--    single value: a version different from the caller's on success, NULL on a version conflict.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id         varchar(150) NOT NULL,
    grain_type_hash    integer      NOT NULL,
    grain_type         text         NOT NULL,
    grain_id_hash      integer      NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension text         NULL,
    payload            bytea        NULL,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    -- One row per grain, also for two first writes racing each other; PostgreSQL 15's NULLS NOT DISTINCT
    -- makes a NULL extension count as a value.
    CONSTRAINT orleans_grain_state_key UNIQUE NULLS NOT DISTINCT
        (grain_id_hash, grain_type_hash, grain_id_n0, grain_id_n1, service_id, grain_type, grain_id_extension)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT payload AS "PayloadBinary", version AS "Version"
    FROM orleans_grain_state
    WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

('WriteToStorageKey', $q$
    WITH replaced AS (
        UPDATE orleans_grain_state
        SET payload = @PayloadBinary, version = version + 1, modified_at = now()
        WHERE @GrainStateVersion IS NOT NULL
          AND grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
          AND version = @GrainStateVersion
        RETURNING version),
    created AS (
        INSERT INTO orleans_grain_state (service_id, grain_type_hash, grain_type, grain_id_hash,
                                         grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        SELECT @ServiceId, @GrainTypeHash, @GrainTypeString, @GrainIdHash,
               @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT ON CONSTRAINT orleans_grain_state_key DO NOTHING
        RETURNING version)
    SELECT (SELECT version FROM replaced UNION ALL SELECT version FROM created LIMIT 1) AS "NewGrainStateVersion"
$q$),

('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE orleans_grain_state
        SET payload = NULL, version = version + 1, modified_at = now()
        WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
          AND version = @GrainStateVersion
        RETURNING version)
    SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion"
$q$),

-- The provider refuses an answer equal to the caller's version, so success answers the version the
-- row would have had next; the grain's ETag becomes NULL afterwards anyway.
('DeleteStorageKey', $q$
    WITH deleted AS (
        DELETE FROM orleans_grain_state
        WHERE grain_id_hash = @GrainIdHash AND grain_type_hash = @GrainTypeHash
          AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
          AND service_id = @ServiceId AND grain_type = @GrainTypeString
          AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
          AND version = @GrainStateVersion
        RETURNING version)
    SELECT (SELECT version + 1 FROM deleted) AS "NewGrainStateVersion"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
