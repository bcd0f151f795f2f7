-- shape: IS NULL plus inequality plus equality (unshipped orders of a country)
-- columns: orders.shipped_at orders.status orders.shipping_country
-- calls: 5
\set k random(1, 10)
SELECT (ARRAY['US', 'DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'PL', 'BR', 'CA'])[:k] AS s_country \gset
SELECT id, customer_id, created_at FROM shop.orders
 WHERE shipped_at IS NULL AND status <> 'cancelled' AND shipping_country = :s_country
 ORDER BY created_at;
