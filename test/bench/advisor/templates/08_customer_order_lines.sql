-- shape: three-way join (orders, order_items, products), filter on the outer table, sort
-- columns: orders.customer_id orders.created_at orders.id order_items.order_id order_items.product_id products.id
-- calls: 30
\set cid random_exponential(1, :ncust, 3)
SELECT o.id, o.created_at, i.line_no, p.name, i.quantity, i.unit_price
  FROM shop.orders o
  JOIN shop.order_items i ON i.order_id = o.id
  JOIN shop.products p ON p.id = i.product_id
 WHERE o.customer_id = :cid AND o.created_at >= '2023-07-01'::timestamp
 ORDER BY o.created_at DESC, i.line_no;
