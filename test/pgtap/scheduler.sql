-- Job scheduler (issue 7, src/worker/): schedule_job(), alter_job(), unschedule_job(), run_job(),
-- next_run(), the job tables' rules and privileges. What needs the background worker (runs on
-- schedule, retries, overlap, timeouts, signals, crashes) is tested in test/scenarios/scheduler*.sh.
--
-- Everything runs in one transaction that is rolled back: jobs, runs and roles vanish with it.
BEGIN;
SET LOCAL client_min_messages = warning;
SELECT plan(65);

CREATE SCHEMA scheduler_tap;
CREATE TABLE scheduler_tap.counter (n int);
INSERT INTO scheduler_tap.counter VALUES (0);
CREATE ROLE steward_tap_job_user LOGIN;        -- may schedule jobs (member of steward_job_user)
CREATE ROLE steward_tap_job_other LOGIN;       -- another job user
CREATE ROLE steward_tap_job_stranger LOGIN;    -- not allowed to schedule
CREATE ROLE steward_tap_job_nologin NOLOGIN;   -- cannot own a job
GRANT steward_job_user TO steward_tap_job_user, steward_tap_job_other, steward_tap_job_nologin;
GRANT USAGE ON SCHEMA scheduler_tap TO steward_tap_job_user;
GRANT SELECT, UPDATE ON scheduler_tap.counter TO steward_tap_job_user;

-------------------------------------------------------------------------------------------------
-- Catalogue of the API.
SELECT has_table('steward', 'job', 'steward.job exists');
SELECT has_table('steward', 'job_run', 'steward.job_run exists');
SELECT has_function('steward', 'schedule_job', ARRAY['text', 'text', 'text', 'interval', 'integer', 'interval', 'text'], 'schedule_job()');
SELECT has_function('steward', 'unschedule_job', ARRAY['text'], 'unschedule_job()');
SELECT has_function('steward', 'run_job', ARRAY['text'], 'run_job()');
SELECT has_function('steward', 'alter_job', ARRAY['text', 'text', 'text', 'boolean', 'interval', 'integer', 'interval', 'text'], 'alter_job()');
SELECT ok(obj_description('steward.schedule_job(text, text, text, interval, integer, interval, text)'::regprocedure) LIKE '%Example%',
          'schedule_job has a COMMENT with an example');
SELECT is((SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'steward' AND p.proname IN ('schedule_job', 'alter_job', 'unschedule_job', 'run_job', 'execute_job', 'finish_job_run', 'job_of_caller')
              AND has_function_privilege('public', p.oid, 'EXECUTE')), 0,
          'no job function is executable by PUBLIC');

-------------------------------------------------------------------------------------------------
-- next_run(): cron in the server's time zone, intervals.
SET LOCAL TimeZone = 'UTC';
SELECT is(steward.next_run('*/5 * * * *', '2026-01-01 10:02:30+00'), '2026-01-01 10:05:00+00'::timestamptz, 'next_run of */5');
SELECT is(steward.next_run('every 30 seconds', '2026-01-01 10:02:30+00'), '2026-01-01 10:03:00+00'::timestamptz, 'next_run of an interval');
SELECT is(steward.next_run('@daily', '2026-01-01 10:02:30+00'), '2026-01-02 00:00:00+00'::timestamptz, 'next_run of @daily');
SELECT is(steward.next_run('0 9 * * mon-fri', '2026-01-02 10:00:00+00'), '2026-01-05 09:00:00+00'::timestamptz, 'weekday names and ranges (Friday -> Monday)');
SELECT throws_like($$SELECT steward.next_run('*/5 25 * * *')$$, '%hour%25%', 'an hour out of range is named');
SELECT throws_ok($$SELECT steward.next_run('* * *')$$, '22023', NULL, 'three fields: invalid_parameter_value');
SELECT throws_ok($$SELECT steward.next_run('0 0 30 2 *')$$, '22023', NULL, 'a date that never occurs is an error');

-------------------------------------------------------------------------------------------------
-- schedule_job(): what it stores, and bad input.
SELECT ok(steward.schedule_job('tap_count', '*/10 * * * *', 'UPDATE scheduler_tap.counter SET n = n + 1') > 0, 'schedule_job returns the job_id');
SELECT is((SELECT concat_ws('|', name, schedule, kind, enabled, timeout, max_retries, retry_backoff, overlap, owner)
             FROM steward.job WHERE name = 'tap_count'),
          'tap_count|*/10 * * * *|sql|t|01:00:00|0|00:01:00|skip|' || current_user,
          'the job is stored with the defaults, owned by the caller');
SELECT throws_ok($$SELECT steward.schedule_job('tap_count', '* * * * *', 'SELECT 1')$$, '42710',
                 'job "tap_count" already exists', 'a duplicate name is an error');
SELECT throws_like($$SELECT steward.schedule_job('tap_bad_cron', '61 * * * *', 'SELECT 1')$$, '%minute%61%', 'an invalid cron expression is an error naming the field');
SELECT throws_ok($$SELECT steward.schedule_job('tap_bad_timeout', '* * * * *', 'SELECT 1', timeout => '0 seconds')$$, '22023',
                 NULL, 'a zero timeout is an error');
SELECT throws_ok($$SELECT steward.schedule_job('tap_bad_timeout', '* * * * *', 'SELECT 1', timeout => '-1 minute')$$, '22023',
                 NULL, 'a negative timeout is an error');
SELECT throws_ok($$SELECT steward.schedule_job('tap_bad_retries', '* * * * *', 'SELECT 1', max_retries => -1)$$, '22023',
                 NULL, 'negative retries are an error');
SELECT throws_ok($$SELECT steward.schedule_job('tap_bad_overlap', '* * * * *', 'SELECT 1', overlap => 'parallel')$$, '22023',
                 NULL, 'an unknown overlap policy is an error');
SELECT throws_ok($$SELECT steward.schedule_job('tap_no_command', '* * * * *', '  ')$$, '22004',
                 NULL, 'an empty command is an error');
SELECT throws_ok($$SELECT steward.unschedule_job('tap_no_such_job')$$, '42704',
                 'job "tap_no_such_job" does not exist', 'unscheduling a job that does not exist names it');
SELECT throws_ok($$INSERT INTO steward.job (name, schedule, command) VALUES ('tap_direct', 'every 0 seconds', 'SELECT 1')$$, '22023',
                 NULL, 'a direct INSERT is validated too');

-------------------------------------------------------------------------------------------------
-- run_job(): runs in this session as the owner, records the run, reports failures without raising.
SELECT results_eq($$SELECT status, trigger, attempt, figures FROM steward.run_job('tap_count')$$,
                  $$VALUES ('succeeded', 'run_job', 1, '{"rows": 1, "command": "UPDATE"}'::jsonb)$$,
                  'run_job runs the command and records figures');
SELECT is((SELECT n FROM scheduler_tap.counter), 1, 'the command ran');
SELECT ok((SELECT finished_at >= started_at AND pid = pg_backend_pid() FROM steward.job_run WHERE job_name = 'tap_count'),
          'the run has its times and the pid of the session');

SELECT steward.schedule_job('tap_figures', '@hourly', $$SELECT jsonb_build_object('checked', 3, 'corrupted', 0)$$);
SELECT is((steward.run_job('tap_figures')).figures, '{"rows": 1, "command": "SELECT", "checked": 3, "corrupted": 0}'::jsonb,
          'a jsonb result is merged into the figures');

SELECT steward.schedule_job('tap_fails', '@hourly', 'SELECT 1 / 0');
SELECT results_eq($$SELECT status, split_part(message, E'\n', 1) FROM steward.run_job('tap_fails')$$,
                  $$VALUES ('failed', 'division by zero')$$, 'a failing command is recorded as failed with its message');
SELECT steward.schedule_job('tap_slow', '@hourly', 'SELECT pg_sleep(3)', timeout => '200 milliseconds');
SELECT results_eq($$SELECT status, message FROM steward.run_job('tap_slow')$$,
                  $$VALUES ('timed_out', 'canceled at the job''s timeout')$$, 'a run past its timeout is canceled and recorded as timed_out');
SELECT is(current_setting('statement_timeout'), '0', 'the caller''s statement_timeout is untouched');

SELECT steward.schedule_job('tap_set', '@hourly', 'SET work_mem = ''7MB''');
SELECT is((steward.run_job('tap_set')).status, 'succeeded', 'a job may change settings');
SELECT isnt(current_setting('work_mem'), '7MB', '... which are restored after the run');

-- A failed run rolls back only its own work.
SELECT steward.schedule_job('tap_partial', '@hourly', 'UPDATE scheduler_tap.counter SET n = 100; SELECT 1 / 0');
SELECT is((steward.run_job('tap_partial')).status, 'failed', 'a command failing halfway is failed');
SELECT is((SELECT n FROM scheduler_tap.counter), 1, '... and what it did before the error is rolled back');

-------------------------------------------------------------------------------------------------
-- alter_job().
SELECT results_eq($$SELECT schedule, enabled, timeout, max_retries, overlap
                    FROM steward.alter_job('tap_count', schedule => '0 3 * * *', enabled => false, max_retries => 2, overlap => 'queue')$$,
                  $$VALUES ('0 3 * * *', false, interval '1 hour', 2, 'queue')$$,
                  'alter_job changes what it is given, keeps the rest');
SELECT throws_like($$SELECT steward.alter_job('tap_count', schedule => 'every 2 fortnights')$$, '%fortnight%', 'alter_job validates the schedule');
SELECT throws_ok($$SELECT steward.alter_job('tap_count', timeout => '0 s')$$, '22023', NULL, 'alter_job rejects a zero timeout');
SELECT throws_ok($$SELECT steward.alter_job('tap_nothing', enabled => false)$$, '42704', NULL, 'alter_job of a missing job names it');

-------------------------------------------------------------------------------------------------
-- Built-in jobs: created by CREATE EXTENSION, can be disabled and rescheduled, not unscheduled.
SELECT is((SELECT array_agg(name || ' ' || schedule ORDER BY name) FROM steward.job WHERE kind = 'builtin'),
          ARRAY['backup 0 1 * * *', 'health_snapshot */5 * * * *', 'integrity_check 0 2 * * *', 'query_snapshot */15 * * * *', 'retention 0 * * * *'], 'CREATE EXTENSION made the built-in jobs');
SELECT ok(EXISTS (SELECT FROM steward.job WHERE kind = 'builtin' AND name = 'health_snapshot' AND schedule = '*/5 * * * *'),
          'health_snapshot runs every 5 minutes');
SELECT throws_ok($$SELECT steward.unschedule_job('health_snapshot')$$, '0A000', NULL, 'a built-in job cannot be unscheduled');
SELECT throws_ok($$SELECT steward.alter_job('health_snapshot', command => 'SELECT 1')$$, '0A000', NULL, 'nor can its command change');
SELECT is((steward.alter_job('health_snapshot', enabled => false)).enabled, false, 'but it can be disabled');

-------------------------------------------------------------------------------------------------
-- Privileges: a member of steward_job_user schedules jobs as itself, sees and manages only its own.
SET LOCAL ROLE steward_tap_job_user;
SELECT lives_ok($$SELECT steward.schedule_job('tap_user_job', '@daily', 'UPDATE scheduler_tap.counter SET n = n + 10')$$,
                'a member of steward_job_user can schedule a job');
SELECT is((SELECT owner::text FROM steward.job WHERE name = 'tap_user_job'), 'steward_tap_job_user', '... owned by itself');
SELECT is((SELECT count(*)::int FROM steward.job), 1, '... and sees only its own jobs');
SELECT throws_ok($$SELECT steward.run_job('tap_count')$$, '42704', NULL, 'it cannot run another role''s job');
SELECT throws_ok($$SELECT steward.unschedule_job('tap_count')$$, '42704', NULL, 'nor unschedule it');
SELECT throws_like($$INSERT INTO steward.job (name, schedule, command, owner) VALUES ('tap_spoof', '@daily', 'SELECT 1', 'steward'::regrole)$$,
                   '%row-level security%', 'it cannot make a job that runs as another role');
SELECT throws_like($$UPDATE steward.job SET owner = 'steward'::regrole WHERE name = 'tap_user_job'$$,
                   '%row-level security%', 'nor hand its job to another role');
SELECT is((steward.run_job('tap_user_job')).status, 'succeeded', 'it can run its own job');
SELECT is((SELECT count(*)::int FROM steward.job_run), 1, 'it sees the runs of its own jobs only');
RESET ROLE;
SELECT is((SELECT n FROM scheduler_tap.counter), 11, 'the job ran as its owner');

SET LOCAL ROLE steward_tap_job_user;
SELECT steward.schedule_job('tap_user_escalate', '@daily', 'CREATE ROLE tap_should_not_exist');
SELECT is((steward.run_job('tap_user_escalate')).status, 'failed', 'a job cannot do more than its owner');
SELECT steward.schedule_job('tap_user_setrole', '@daily', 'SET ROLE steward');
SELECT is((steward.run_job('tap_user_setrole')).status, 'failed', 'a job cannot SET ROLE away from its owner');
RESET ROLE;

-- A superuser running a user's job runs it as that user, not as superuser.
SELECT steward.alter_job('tap_user_escalate', enabled => true);
SELECT is((steward.run_job('tap_user_escalate')).status, 'failed', 'run by a superuser, the job still runs as its owner');

SET LOCAL ROLE steward_tap_job_stranger;
SELECT throws_ok($$SELECT steward.schedule_job('tap_stranger', '@daily', 'SELECT 1')$$, '42501', NULL,
                 'a role without steward_job_user cannot schedule');
SELECT throws_ok($$SELECT count(*) FROM steward.job_run$$, '42501', NULL, '... nor read the runs');
RESET ROLE;

SET LOCAL ROLE steward_tap_job_nologin;
SELECT throws_like($$SELECT steward.schedule_job('tap_nologin', '@daily', 'SELECT 1')$$, '%cannot log in%',
                   'a role that cannot log in cannot own a job');
RESET ROLE;

-------------------------------------------------------------------------------------------------
-- unschedule_job() keeps the history.
SELECT lives_ok($$SELECT steward.unschedule_job('tap_fails')$$, 'unschedule_job removes a job');
SELECT ok(NOT EXISTS (SELECT FROM steward.job WHERE name = 'tap_fails'), '... from steward.job');
SELECT ok(EXISTS (SELECT FROM steward.job_run WHERE job_name = 'tap_fails'), '... and keeps its runs');

SELECT * FROM finish();
ROLLBACK;
