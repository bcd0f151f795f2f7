-- Job scheduler (src/worker/): the jobs, their runs, and the functions that manage them. The
-- background worker (launcher, one scheduler per database, one worker per run) reads these tables.

CREATE TABLE steward.job (
    job_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    schedule      text NOT NULL,
    kind          text NOT NULL DEFAULT 'sql' CHECK (kind IN ('sql', 'builtin')),
    command       text NOT NULL,
    enabled       boolean NOT NULL DEFAULT true,
    timeout       interval NOT NULL DEFAULT '1 hour',
    max_retries   integer NOT NULL DEFAULT 0,
    retry_backoff interval NOT NULL DEFAULT '1 minute',
    overlap       text NOT NULL DEFAULT 'skip' CHECK (overlap IN ('skip', 'queue')),
    owner         regrole NOT NULL DEFAULT current_user::regrole,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT job_timeout_positive CHECK (timeout > interval '0'),
    CONSTRAINT job_retries_not_negative CHECK (max_retries >= 0),
    CONSTRAINT job_backoff_not_negative CHECK (retry_backoff >= interval '0')
);
COMMENT ON TABLE steward.job IS 'Jobs run by pg_steward''s scheduler in this database: SQL commands run as their owner on a cron or interval schedule, with a timeout, retries and an overlap policy. Manage them with steward.schedule_job(), steward.alter_job() and steward.unschedule_job(); see docs/scheduler.md.';
COMMENT ON COLUMN steward.job.name IS 'Unique name of the job in this database.';
COMMENT ON COLUMN steward.job.schedule IS 'A 5-field cron expression in the server''s time zone (''*/5 * * * *'', ''0 2 * * sun''), a macro (@daily, @hourly, ...) or an interval (''every 30 seconds'').';
COMMENT ON COLUMN steward.job.kind IS '''sql'' for jobs users scheduled; ''builtin'' for the jobs CREATE EXTENSION made (they can be disabled or rescheduled, not unscheduled).';
COMMENT ON COLUMN steward.job.command IS 'The SQL the job runs, in a connection of its own as the owner. One statement runs in its own transaction, so a procedure called with CALL may COMMIT; several statements run in one transaction.';
COMMENT ON COLUMN steward.job.enabled IS 'false: the scheduler does not start the job (steward.run_job() still can).';
COMMENT ON COLUMN steward.job.timeout IS 'A run still going after this long is cancelled and recorded as timed_out.';
COMMENT ON COLUMN steward.job.max_retries IS 'How often a failed or timed-out run is retried before the job waits for its next scheduled time.';
COMMENT ON COLUMN steward.job.retry_backoff IS 'Wait before the first retry; it doubles with every further retry.';
COMMENT ON COLUMN steward.job.overlap IS 'When the job is due while its previous run is still going: ''skip'' records a skipped run, ''queue'' starts it as soon as the previous run ends.';
COMMENT ON COLUMN steward.job.owner IS 'The role the job runs as: the role that scheduled it. It must be able to log in.';

CREATE TABLE steward.job_run (
    run_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id      bigint NOT NULL,
    job_name    text NOT NULL,
    attempt     integer NOT NULL DEFAULT 1,
    trigger     text NOT NULL CHECK (trigger IN ('schedule', 'retry', 'queue', 'run_job')),
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'timed_out', 'skipped')),
    message     text,
    figures     jsonb,
    pid         integer
);
CREATE INDEX job_run_job_started ON steward.job_run (job_id, started_at);
CREATE INDEX job_run_started ON steward.job_run (started_at);
CREATE INDEX job_run_running ON steward.job_run (job_id) WHERE status = 'running';
COMMENT ON TABLE steward.job_run IS 'Every run of every job: when, which attempt, the outcome, the error message of a failure and the figures the job reported. Runs older than steward.job_history_days are deleted by the scheduler.';
COMMENT ON COLUMN steward.job_run.job_name IS 'The job''s name when it ran: history survives unschedule_job().';
COMMENT ON COLUMN steward.job_run.attempt IS '1 for the scheduled run, 2 for the first retry, and so on.';
COMMENT ON COLUMN steward.job_run.trigger IS 'What started the run: schedule, retry, queue (started when the run before it ended) or run_job (by hand).';
COMMENT ON COLUMN steward.job_run.status IS 'running, succeeded, failed (with the error message; ''crashed'' when the server restarted under it), timed_out, or skipped (due while still running, overlap = skip).';
COMMENT ON COLUMN steward.job_run.figures IS 'What the run reported: {"rows": n, "command": tag}, merged with the jsonb the command returned when its result is one jsonb value.';
COMMENT ON COLUMN steward.job_run.pid IS 'Process ID of the backend or background worker that ran it.';

CREATE FUNCTION steward.next_run(schedule text, after timestamptz DEFAULT now())
RETURNS timestamptz
LANGUAGE c STABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'steward_next_run';
COMMENT ON FUNCTION steward.next_run(text, timestamptz) IS
    'The first time after `after` at which a schedule is due, in the server''s time zone (for an interval schedule: after + the interval). Raises an error that shows where an invalid schedule fails. Example: SELECT steward.next_run(''30 2 * * sun'').';

-- A change to steward.job invalidates the schedulers' cached copy of the table (they reload it at
-- their next wake-up) and wakes the launcher at commit, so new jobs are seen at once.
CREATE FUNCTION steward.job_changed() RETURNS trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'steward_job_changed';
COMMENT ON FUNCTION steward.job_changed() IS 'Trigger of steward.job: tells the scheduler to reload its jobs.';

CREATE FUNCTION steward.wake_scheduler() RETURNS void
LANGUAGE c AS 'MODULE_PATHNAME', 'steward_wake_scheduler';
COMMENT ON FUNCTION steward.wake_scheduler() IS 'Internal: when the transaction commits, wakes this database''s scheduler (or the launcher, which starts one). CREATE EXTENSION calls it.';
REVOKE EXECUTE ON FUNCTION steward.wake_scheduler() FROM PUBLIC;
-- The launcher starts this database's scheduler as soon as CREATE EXTENSION commits.
SELECT steward.wake_scheduler();

CREATE FUNCTION steward.job_validate() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    PERFORM steward.next_run(NEW.schedule);
    IF NOT (SELECT rolcanlogin FROM pg_roles WHERE oid = NEW.owner) THEN
        RAISE EXCEPTION 'job "%" cannot run as role %: the role cannot log in', NEW.name, NEW.owner
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Each run connects as the job''s owner.',
                  HINT = format('ALTER ROLE %s LOGIN, or schedule the job as a role that can log in.', NEW.owner);
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION steward.job_validate() IS 'Trigger of steward.job: rejects invalid schedules and owners that cannot log in.';

CREATE TRIGGER job_validate BEFORE INSERT OR UPDATE ON steward.job
    FOR EACH ROW EXECUTE FUNCTION steward.job_validate();
CREATE TRIGGER job_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON steward.job
    FOR EACH STATEMENT EXECUTE FUNCTION steward.job_changed();

-- Row-level security decides who sees and manages a job: its owner, members of the owner role, and
-- superusers. The functions below run as their caller, so they can do no more than the caller may.
ALTER TABLE steward.job ENABLE ROW LEVEL SECURITY;
CREATE POLICY job_of_member ON steward.job
    USING (pg_has_role(current_user, owner, 'MEMBER'))
    WITH CHECK (pg_has_role(current_user, owner, 'MEMBER'));
ALTER TABLE steward.job_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY job_run_of_member ON steward.job_run FOR SELECT
    USING (EXISTS (SELECT FROM steward.job j WHERE j.job_id = job_run.job_id));
CREATE POLICY job_run_of_monitor ON steward.job_run FOR SELECT
    USING (pg_has_role(current_user, 'pg_monitor', 'USAGE'));
CREATE POLICY job_of_monitor ON steward.job FOR SELECT
    USING (pg_has_role(current_user, 'pg_monitor', 'USAGE'));

-- The job of this name, if the caller may manage it.
CREATE FUNCTION steward.job_of_caller(job_name text) RETURNS steward.job
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    match steward.job;
BEGIN
    SELECT * INTO match FROM steward.job
    WHERE name = job_name AND pg_has_role(current_user, owner, 'MEMBER');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job "%" does not exist', job_name
            USING ERRCODE = 'undefined_object',
                  DETAIL = 'Or it belongs to a role you are not a member of.',
                  HINT = 'SELECT name FROM steward.job lists the jobs you can see.';
    END IF;
    RETURN match;
END
$$;
COMMENT ON FUNCTION steward.job_of_caller(text) IS 'The job of this name, when the caller may manage it (owner, member of the owner role, superuser); an error that names it otherwise.';

CREATE FUNCTION steward.schedule_job(name text, schedule text, command text,
                                     timeout interval DEFAULT '1 hour', max_retries integer DEFAULT 0,
                                     retry_backoff interval DEFAULT '1 minute', overlap text DEFAULT 'skip')
RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_id bigint;
BEGIN
    IF name IS NULL OR schedule IS NULL OR command IS NULL OR btrim(command) = '' THEN
        RAISE EXCEPTION 'schedule_job needs a name, a schedule and a command'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Example: SELECT steward.schedule_job(''nightly_vacuum'', ''0 3 * * *'', ''VACUUM ANALYZE public.orders'');';
    END IF;
    IF timeout IS NULL OR timeout <= interval '0' THEN
        RAISE EXCEPTION 'timeout of job "%" must be positive, not %', name, timeout
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: timeout => ''10 minutes''.';
    END IF;
    IF max_retries IS NULL OR max_retries < 0 THEN
        RAISE EXCEPTION 'max_retries of job "%" cannot be negative (%)', name, max_retries
            USING ERRCODE = 'invalid_parameter_value', HINT = '0 means no retry.';
    END IF;
    IF retry_backoff IS NULL OR retry_backoff < interval '0' THEN
        RAISE EXCEPTION 'retry_backoff of job "%" cannot be negative (%)', name, retry_backoff
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: retry_backoff => ''1 minute''.';
    END IF;
    IF overlap IS NULL OR overlap NOT IN ('skip', 'queue') THEN
        RAISE EXCEPTION 'overlap of job "%" must be ''skip'' or ''queue'', not %', name, coalesce(quote_literal(overlap), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO steward.job (name, schedule, kind, command, timeout, max_retries, retry_backoff, overlap, owner)
    VALUES (name, schedule, 'sql', command, timeout, max_retries, retry_backoff, overlap, current_user::regrole)
    RETURNING job_id INTO new_id;
    RETURN new_id;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'job "%" already exists', name
        USING ERRCODE = 'duplicate_object',
              HINT = 'Choose another name, or change the job with steward.alter_job().';
END
$$;
COMMENT ON FUNCTION steward.schedule_job(text, text, text, interval, integer, interval, text) IS
    'Schedules an SQL command to run as the calling role: name (unique in the database), schedule (cron ''*/5 * * * *'' in the server''s time zone, @daily, or ''every 30 seconds''), command, timeout, max_retries with exponential retry_backoff, overlap (''skip'' or ''queue''). Returns the job_id. Runs are recorded in steward.job_run. Example: SELECT steward.schedule_job(''nightly_vacuum'', ''0 3 * * *'', ''VACUUM ANALYZE public.orders'');';

CREATE FUNCTION steward.alter_job(name text, schedule text DEFAULT NULL, command text DEFAULT NULL,
                                  enabled boolean DEFAULT NULL, timeout interval DEFAULT NULL,
                                  max_retries integer DEFAULT NULL, retry_backoff interval DEFAULT NULL,
                                  overlap text DEFAULT NULL)
RETURNS steward.job
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target steward.job := steward.job_of_caller(name);
    changed steward.job;
BEGIN
    IF target.kind = 'builtin' AND command IS NOT NULL THEN
        RAISE EXCEPTION 'the command of built-in job "%" cannot be changed', name
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Disable it (enabled => false) and schedule a job of your own.';
    END IF;
    IF timeout <= interval '0' THEN
        RAISE EXCEPTION 'timeout of job "%" must be positive, not %', name, timeout
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: timeout => ''10 minutes''.';
    END IF;
    IF max_retries < 0 THEN
        RAISE EXCEPTION 'max_retries of job "%" cannot be negative (%)', name, max_retries
            USING ERRCODE = 'invalid_parameter_value', HINT = '0 means no retry.';
    END IF;
    IF retry_backoff < interval '0' THEN
        RAISE EXCEPTION 'retry_backoff of job "%" cannot be negative (%)', name, retry_backoff
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Example: retry_backoff => ''1 minute''.';
    END IF;
    IF overlap NOT IN ('skip', 'queue') THEN
        RAISE EXCEPTION 'overlap of job "%" must be ''skip'' or ''queue'', not %', name, quote_literal(overlap)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE steward.job j SET
        schedule = coalesce(alter_job.schedule, j.schedule),
        command = coalesce(alter_job.command, j.command),
        enabled = coalesce(alter_job.enabled, j.enabled),
        timeout = coalesce(alter_job.timeout, j.timeout),
        max_retries = coalesce(alter_job.max_retries, j.max_retries),
        retry_backoff = coalesce(alter_job.retry_backoff, j.retry_backoff),
        overlap = coalesce(alter_job.overlap, j.overlap)
    WHERE j.job_id = target.job_id
    RETURNING * INTO changed;
    RETURN changed;
END
$$;
COMMENT ON FUNCTION steward.alter_job(text, text, text, boolean, interval, integer, interval, text) IS
    'Changes a job: pass only what changes (schedule, command, enabled, timeout, max_retries, retry_backoff, overlap). Built-in jobs can be rescheduled or disabled. Example: SELECT steward.alter_job(''health_snapshot'', enabled => false);';

CREATE FUNCTION steward.unschedule_job(name text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target steward.job := steward.job_of_caller(name);
BEGIN
    IF target.kind = 'builtin' THEN
        RAISE EXCEPTION 'built-in job "%" cannot be unscheduled', name
            USING ERRCODE = 'feature_not_supported',
                  HINT = format('Disable it: SELECT steward.alter_job(%L, enabled => false);', name);
    END IF;
    DELETE FROM steward.job j WHERE j.job_id = target.job_id;
END
$$;
COMMENT ON FUNCTION steward.unschedule_job(text) IS
    'Removes a job (its runs stay in steward.job_run until they age out). A run in progress is not stopped: cancel it with pg_cancel_backend(pid) from steward.job_run.';

CREATE FUNCTION steward.execute_job(name text) RETURNS bigint
LANGUAGE c VOLATILE STRICT
AS 'MODULE_PATHNAME', 'steward_execute_job';
COMMENT ON FUNCTION steward.execute_job(text) IS
    'Internal: runs a job now in the calling transaction and returns its run_id; use steward.run_job().';

CREATE FUNCTION steward.run_job(name text) RETURNS steward.job_run
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    new_run_id bigint := steward.execute_job(name);
    new_run steward.job_run;
BEGIN
    SELECT * INTO new_run FROM steward.job_run r WHERE r.run_id = new_run_id;
    RETURN new_run;
END
$$;
COMMENT ON FUNCTION steward.run_job(text) IS
    'Runs a job now, in the calling session and transaction, as the job''s owner, under its timeout, and records the run in steward.job_run, which it returns. A failing command does not raise: the run is recorded as failed with the error message, and a WARNING says so. Commands that COMMIT (CALL of a procedure that commits) only work when the scheduler runs them. Example: SELECT status, message FROM steward.run_job(''health_snapshot'');';

-- Least privilege: superusers manage jobs; other roles once a superuser grants them
-- steward_job_user (GRANT steward_job_user TO app;), and then only jobs that run as themselves.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'steward_job_user') THEN
        CREATE ROLE steward_job_user NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA steward TO steward_job_user;
REVOKE ALL ON steward.job, steward.job_run FROM PUBLIC;
GRANT SELECT ON steward.job, steward.job_run TO pg_monitor;
GRANT SELECT, INSERT, UPDATE, DELETE ON steward.job TO steward_job_user;
GRANT SELECT ON steward.job_run TO steward_job_user;
REVOKE EXECUTE ON FUNCTION steward.schedule_job(text, text, text, interval, integer, interval, text),
    steward.alter_job(text, text, text, boolean, interval, integer, interval, text),
    steward.unschedule_job(text), steward.run_job(text), steward.execute_job(text), steward.job_of_caller(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION steward.schedule_job(text, text, text, interval, integer, interval, text),
    steward.alter_job(text, text, text, boolean, interval, integer, interval, text),
    steward.unschedule_job(text), steward.run_job(text), steward.execute_job(text), steward.job_of_caller(text) TO steward_job_user;

-- Every change of a run's state after it started goes through this function: only a running run
-- can finish, and a failure is announced to LISTEN steward_alert.
CREATE FUNCTION steward.finish_job_run(run bigint, new_status text, new_message text, new_figures jsonb)
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    finished steward.job_run;
BEGIN
    IF new_status NOT IN ('succeeded', 'failed', 'timed_out') THEN
        RAISE EXCEPTION 'a job run cannot finish as %', quote_literal(new_status)
            USING ERRCODE = 'invalid_parameter_value', HINT = 'succeeded, failed or timed_out';
    END IF;
    UPDATE steward.job_run
    SET status = new_status, finished_at = clock_timestamp(), message = new_message, figures = new_figures
    WHERE run_id = run AND status = 'running'
    RETURNING * INTO finished;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF new_status <> 'succeeded' THEN
        PERFORM pg_notify('steward_alert', jsonb_build_object(
            'kind', 'job_failed', 'database', current_database(), 'job', finished.job_name,
            'run_id', finished.run_id, 'attempt', finished.attempt, 'status', new_status,
            'message', left(new_message, 2000), 'at', finished.finished_at)::text);
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION steward.finish_job_run(bigint, text, text, jsonb) IS
    'Internal: records the end of a running job run (succeeded, failed or timed_out) and announces failures with NOTIFY steward_alert. Returns false when the run was not running.';
REVOKE EXECUTE ON FUNCTION steward.finish_job_run(bigint, text, text, jsonb) FROM PUBLIC;
