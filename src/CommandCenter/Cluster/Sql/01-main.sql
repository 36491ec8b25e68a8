-- CommandCenter cluster schema, part 1 of 5: the query table and the schema marker.
--
-- Implements, for PostgreSQL, the contract of the Orleans ADO.NET providers 10.4.2
-- (Microsoft.Orleans.Clustering/Persistence/Reminders.AdoNet): at start-up each provider runs
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and afterwards executes only the SQL text it finds
-- there under its keys, binding its own @-parameters. The name is unquoted in the provider's
-- statement, so PostgreSQL folds it to lower case: the table must be created unquoted as well.
--
-- Written for CommandCenter; applied once by PostgresClusterSchema under an advisory lock.
-- Every statement can run again without harm.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Which revision of these scripts a database holds; PostgresClusterSchema skips the scripts
-- when the current revision is already recorded.
CREATE TABLE IF NOT EXISTS cc_cluster_schema
(
    revision   integer     NOT NULL PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
