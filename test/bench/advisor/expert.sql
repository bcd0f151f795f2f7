-- A hand-written reference set for test/bench/advisor.sh (variant expert, only when asked for):
-- what this workload allows with expression, partial, composite and GIN jsonb_path_ops indexes,
-- within half the naive set's size. One statement a line.
CREATE INDEX ON shop.customers (lower(email))
CREATE INDEX ON shop.customers (created_at)
CREATE INDEX ON shop.customers (referred_by) WHERE referred_by IS NOT NULL
CREATE INDEX ON shop.orders (customer_id)
CREATE INDEX ON shop.orders (created_at)
CREATE INDEX ON shop.orders (date(created_at))
CREATE INDEX ON shop.orders (created_at) WHERE status = 'pending'
CREATE INDEX ON shop.orders (coupon_code) WHERE coupon_code IS NOT NULL
CREATE INDEX ON shop.orders (shipping_country, created_at) WHERE shipped_at IS NULL
CREATE INDEX ON shop.order_items (product_id)
CREATE INDEX ON shop.products (category_id, price)
CREATE INDEX ON shop.products (brand, price)
CREATE INDEX ON shop.events USING gin (payload jsonb_path_ops)
CREATE INDEX ON shop.events (customer_id)
CREATE INDEX ON shop.events (created_at) WHERE kind = 'error'
CREATE INDEX ON shop.inventory (warehouse_id, qty)
