-- shape: low-selectivity range (three orders in four): an index does not pay
-- columns: orders.total
-- calls: 3
\set t random(20, 60)
SELECT count(*), sum(total) FROM shop.orders WHERE total > :t;
