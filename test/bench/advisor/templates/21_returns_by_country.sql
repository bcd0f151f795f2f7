-- shape: join plus GROUP BY, filter on a 4 % value and an open range
-- columns: orders.status orders.created_at orders.customer_id customers.id
-- calls: 3
\set d random(0, 600)
SELECT c.country, count(*), sum(o.total)
  FROM shop.orders o JOIN shop.customers c ON c.id = o.customer_id
 WHERE o.status = 'returned' AND o.created_at >= '2022-01-01'::timestamp + make_interval(days => :d)
 GROUP BY c.country ORDER BY 2 DESC;
