-- The table of test/bench/retention.sh (psql variables: rows, an even number, and layout).
-- Half the rows are expired, half live, against a retention of 1 year:
--   expired: created_at spread evenly from 730 to 400 days before the load,
--   live:    created_at spread evenly from 330 days before the load to the load,
-- so that no row is within a month of the cutoff (now() - interval '1 year') and the counts stay
-- exact however long after the load a run starts. Physical order is id order:
--   layout appended:    the expired rows first (ids 1 to rows/2), then the live ones, each half
--                       in time order: an append-only table;
--   layout interleaved: even ids expired, odd ids live: every page holds both.
-- payload: 100 characters (stored inline, not compressed); about 52 rows a page.
CREATE TABLE public.events (
    id bigserial,
    account_id integer NOT NULL,
    created_at timestamptz NOT NULL,
    payload text NOT NULL
);

INSERT INTO public.events (id, account_id, created_at, payload)
SELECT i, (i * 7919 % 100000 + 1)::integer,
       CASE WHEN expired THEN loaded - interval '730 days' + interval '330 days' * k / half
            ELSE loaded - interval '330 days' + interval '330 days' * k / half END,
       substr(repeat(md5(i::text), 4), 1, 100)
  FROM (SELECT i, now() AS loaded, (:rows / 2)::bigint AS half,
               CASE :'layout' WHEN 'appended' THEN i <= :rows / 2 ELSE i % 2 = 0 END AS expired,
               CASE :'layout' WHEN 'appended' THEN (i - 1) % (:rows / 2) ELSE (i - 1) / 2 END AS k
          FROM generate_series(1::bigint, :rows) AS i) s
 ORDER BY i;
SELECT setval('public.events_id_seq', :rows) AS last_id \gset

-- The primary key and the index on the time column a DBA would create.
ALTER TABLE public.events ADD PRIMARY KEY (id);
CREATE INDEX events_created_at ON public.events (created_at);
VACUUM ANALYZE public.events;
