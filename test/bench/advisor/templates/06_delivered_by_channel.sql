-- shape: low selectivity (delivered: 89 %, channel web or app): an index does not pay
-- columns: orders.status orders.channel
-- calls: 5
\set c random(1, 2)
SELECT (ARRAY['web', 'app'])[:c] AS s_channel \gset
SELECT count(*), avg(total) FROM shop.orders WHERE status = 'delivered' AND channel = :s_channel;
