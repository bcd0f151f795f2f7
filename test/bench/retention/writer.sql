-- The concurrent writer of test/bench/retention.sh (pgbench -f), on the live half only: one
-- transaction updates the payload and account of a random live row of the loaded ones, then
-- inserts a new row (created_at now(): live). Each statement commits on its own; pgbench times
-- the pair. Variables (pgbench -D): live_first, live_step, live_count: the live loaded rows have
-- ids live_first + live_step * n for n in [0, live_count).
\set n random(0, :live_count - 1)
\set id :live_first + :live_step * :n
\set account random(1, 100000)
UPDATE public.events SET payload = md5(random()::text) || repeat('u', 68), account_id = :account WHERE id = :id;
INSERT INTO public.events (account_id, created_at, payload) VALUES (:account, now(), repeat(md5(random()::text), 3) || 'new!');
