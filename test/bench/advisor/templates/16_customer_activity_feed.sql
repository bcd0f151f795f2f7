-- shape: top-N per key on the append-only event log
-- columns: events.customer_id events.created_at
-- calls: 30
\set cid random_exponential(1, :ncust, 3)
SELECT id, kind, created_at, payload->>'page' AS page FROM shop.events
 WHERE customer_id = :cid ORDER BY created_at DESC LIMIT 20;
