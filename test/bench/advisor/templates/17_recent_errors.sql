-- shape: rare value (1 % errors) plus range, newest first, LIMIT
-- columns: events.kind events.created_at
-- calls: 10
\set h random(0, 2100)
SELECT id, customer_id, created_at, payload->>'page' AS page FROM shop.events
 WHERE kind = 'error' AND created_at >= '2023-10-03 00:00+00'::timestamptz + make_interval(hours => :h)
 ORDER BY created_at DESC LIMIT 100;
