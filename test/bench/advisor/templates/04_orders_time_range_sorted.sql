-- shape: range plus sort (6 hours of orders, ORDER BY the range column)
-- columns: orders.created_at
-- calls: 15
\set h random(0, 17500)
\set h2 :h + 6
SELECT id, customer_id, status, total FROM shop.orders
 WHERE created_at >= '2022-01-01'::timestamp + make_interval(hours => :h)
   AND created_at < '2022-01-01'::timestamp + make_interval(hours => :h2)
 ORDER BY created_at;
