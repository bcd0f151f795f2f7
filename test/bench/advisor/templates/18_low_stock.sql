-- shape: read on the write-heavy table (an index on qty would stop HOT updates of 24_reserve_stock)
-- columns: inventory.warehouse_id inventory.qty
-- calls: 5
\set w random(1, :nwh)
\set t random(1, 5)
SELECT product_id, qty, reserved FROM shop.inventory
 WHERE warehouse_id = :w AND qty < :t ORDER BY qty, product_id LIMIT 50;
