-- shape: join plus aggregate on the largest table (best sellers come up more often)
-- columns: order_items.product_id order_items.order_id orders.id
-- calls: 20
\set pid random_exponential(1, :nprod, 5)
SELECT o.created_at::date AS day, sum(i.quantity) AS units
  FROM shop.order_items i JOIN shop.orders o ON o.id = i.order_id
 WHERE i.product_id = :pid
 GROUP BY 1 ORDER BY 1 DESC LIMIT 30;
