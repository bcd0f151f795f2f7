-- shape: analytical join, 30-day range, GROUP BY, top-N on an aggregate
-- columns: customers.country customers.id orders.customer_id orders.created_at
-- calls: 5
\set k random(1, 10)
\set d random(0, 699)
\set d2 :d + 30
SELECT (ARRAY['US', 'DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'PL', 'BR', 'CA'])[:k] AS s_country \gset
SELECT c.id, c.full_name, sum(o.total) AS spent
  FROM shop.customers c JOIN shop.orders o ON o.customer_id = c.id
 WHERE c.country = :s_country
   AND o.created_at >= '2022-01-01'::timestamp + make_interval(days => :d)
   AND o.created_at < '2022-01-01'::timestamp + make_interval(days => :d2)
 GROUP BY c.id, c.full_name ORDER BY spent DESC LIMIT 20;
