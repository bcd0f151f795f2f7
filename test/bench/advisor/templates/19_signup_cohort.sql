-- shape: one-week range plus a low-cardinality column
-- columns: customers.created_at customers.status
-- calls: 5
\set d random(0, 1800)
\set d2 :d + 7
SELECT count(*), count(*) FILTER (WHERE marketing_opt_in) FROM shop.customers
 WHERE created_at >= '2019-01-01'::timestamp + make_interval(days => :d)
   AND created_at < '2019-01-01'::timestamp + make_interval(days => :d2)
   AND status = 'active';
