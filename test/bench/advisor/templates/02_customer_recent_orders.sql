-- shape: top-N per key (equality, ORDER BY ... DESC LIMIT)
-- columns: orders.customer_id orders.created_at
-- calls: 40
\set cid random_exponential(1, :ncust, 3)
SELECT id, created_at, status, total FROM shop.orders
 WHERE customer_id = :cid ORDER BY created_at DESC LIMIT 10;
