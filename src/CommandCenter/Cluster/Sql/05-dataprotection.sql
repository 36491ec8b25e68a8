-- CommandCenter cluster schema, part 5 of 5: the ASP.NET Core data-protection key ring.
--
-- Console sign-in cookies are protected with these keys; every silo reads the same ring, so a cookie
-- issued by one silo is accepted by all (PostgresXmlRepository). The key manager only ever adds
-- elements (revocations are elements too), so rows are inserted and read, never updated.
CREATE TABLE IF NOT EXISTS commandcenter_dataprotection_keys
(
    id            bigserial PRIMARY KEY,
    friendly_name text NOT NULL,
    xml           text NOT NULL
);
