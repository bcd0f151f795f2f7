-- shape: write: UPDATE by primary key on the write-heavy table (HOT unless an updated column is indexed)
-- columns: inventory.product_id inventory.warehouse_id
-- calls: 300
\set pid random_exponential(1, :nprod, 5)
\set w random(1, :nwh)
UPDATE shop.inventory SET qty = greatest(qty - 1, 0), reserved = reserved + 1, updated_at = now()
 WHERE product_id = :pid AND warehouse_id = :w;
