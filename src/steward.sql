-- pg_steward install script: schema-wide objects. Capability scripts follow (see the Makefile).
\echo Use "CREATE EXTENSION pg_steward" to load this file. \quit

COMMENT ON SCHEMA steward IS 'pg_steward: a database administrator inside the database (health checks, and more to come). Every function is described by its COMMENT and by docs/.';

-- WARNING, not NOTICE: CREATE EXTENSION runs this script with client_min_messages raised to
-- warning, so a NOTICE would never reach the user.
DO $$
BEGIN
    IF NOT 'pg_steward' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) THEN
        RAISE WARNING 'pg_steward is not in shared_preload_libraries: its functions work, but its background worker will not run scheduled jobs'
            USING HINT = 'ALTER SYSTEM SET shared_preload_libraries = ''pg_stat_statements,pg_steward''; then restart the server.';
    END IF;
END
$$;
