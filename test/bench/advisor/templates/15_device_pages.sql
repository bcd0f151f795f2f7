-- shape: low-selectivity jsonb containment (mobile 55 %, desktop 38 %): an index does not pay
-- columns: events.payload:gin
-- calls: 4
\set d random(1, 2)
SELECT (ARRAY['{"device": "mobile"}', '{"device": "desktop"}'])[:d] AS s_doc \gset
SELECT payload->>'page' AS page, count(*) FROM shop.events
 WHERE payload @> :s_doc GROUP BY 1 ORDER BY 2 DESC LIMIT 10;
