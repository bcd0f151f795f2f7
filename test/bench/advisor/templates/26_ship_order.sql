-- shape: write: UPDATE by primary key changing status (HOT unless status or shipped_at is indexed)
-- columns: orders.id orders.status
-- calls: 100
\set oid random(:norders - :norders / 200, :norders)
UPDATE shop.orders SET status = 'shipped', shipped_at = now() WHERE id = :oid AND status = 'pending';
