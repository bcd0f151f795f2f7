-- shape: expression predicate date(created_at) = $1 (created_at is a timestamp, date() is immutable)
-- columns: orders.created_at
-- calls: 10
\set d random(0, 729)
SELECT status, count(*), sum(total) FROM shop.orders
 WHERE date(created_at) = '2022-01-01'::date + :d::int GROUP BY status ORDER BY status;
