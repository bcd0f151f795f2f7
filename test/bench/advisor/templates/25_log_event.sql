-- shape: write: INSERT into the append-only event log (every index on it costs here)
-- columns:
-- calls: 300
\set cid random(1, :ncust)
\set p random(1, :nprod)
INSERT INTO shop.events (customer_id, kind, payload)
VALUES (:cid, 'page_view', jsonb_build_object('kind', 'page_view', 'page', '/p/' || :p::int, 'device', 'mobile'));
