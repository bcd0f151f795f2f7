-- shape: selective jsonb containment (one campaign: about 500 of 1,000,000 events)
-- columns: events.payload:gin
-- calls: 10
\set k random(0, 299)
SELECT jsonb_build_object('campaign', 'cmp' || :k::int)::text AS s_doc \gset
SELECT count(*), count(DISTINCT customer_id) FROM shop.events WHERE payload @> :s_doc;
