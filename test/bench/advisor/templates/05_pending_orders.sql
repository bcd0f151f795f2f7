-- shape: top-N on a rare value of a low-cardinality column (0.2 % pending), no parameter
-- columns: orders.status orders.created_at
-- calls: 20
SELECT id, customer_id, created_at, total FROM shop.orders
 WHERE status = 'pending' ORDER BY created_at LIMIT 50;
