-- A small shop with the problems real databases have, for tools/demo.
CREATE SCHEMA shop;
CREATE TABLE shop.customer (
    id         serial PRIMARY KEY,
    email      text NOT NULL,
    full_name  text,
    birth_date date,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE shop.product (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text, price numeric(10, 2));
CREATE TABLE shop."order" (
    id          serial PRIMARY KEY,
    customer_id int NOT NULL REFERENCES shop.customer,      -- no index: deletes of customers scan orders
    placed_at   timestamptz NOT NULL DEFAULT now(),
    status      text NOT NULL DEFAULT 'new'
);
CREATE TABLE shop.order_line (                              -- no primary key
    order_id   int REFERENCES shop."order",
    product_id bigint REFERENCES shop.product,
    quantity   int
);
CREATE INDEX order_line_order ON shop.order_line (order_id);
CREATE INDEX order_line_order_product ON shop.order_line (order_id, product_id);  -- covers the one above
CREATE INDEX customer_email ON shop.customer (email);
CREATE INDEX customer_email_again ON shop.customer (email);                       -- exact duplicate
CREATE UNLOGGED TABLE shop.session_cache (token text PRIMARY KEY, payload jsonb);
ALTER TABLE shop.product ADD CONSTRAINT price_positive CHECK (price > 0) NOT VALID;

INSERT INTO shop.customer (email, full_name, birth_date)
SELECT format('user%s@example.com', i), format('User %s', i), date '1950-01-01' + (i * 37) % 20000
  FROM generate_series(1, 5000) i;
INSERT INTO shop.product (name, price) SELECT format('Product %s', i), i FROM generate_series(1, 200) i;
INSERT INTO shop."order" (customer_id) SELECT 1 + i % 5000 FROM generate_series(1, 20000) i;
INSERT INTO shop.order_line SELECT 1 + i % 20000, 1 + i % 200, 1 FROM generate_series(1, 50000) i;
SELECT pg_stat_force_next_flush();                   -- count the inserts before ANALYZE resets them
ANALYZE shop.customer, shop.product, shop."order";   -- order_line is left unanalyzed

-- The invoice numbers run in an integer column and are close to its limit.
CREATE TABLE shop.invoice (number serial PRIMARY KEY, order_id int);
SELECT setval('shop.invoice_number_seq', 1900000000);

-- Personal and secret data, some of it under names that say nothing (for classify_data()).
CREATE FUNCTION pg_temp.with_luhn(digits text) RETURNS text LANGUAGE sql AS $$
    SELECT digits || (10 - sum(CASE WHEN (length(digits) - i) % 2 = 0
                                    THEN (d * 2) / 10 + (d * 2) % 10 ELSE d END) % 10) % 10
      FROM (SELECT i, substr(digits, i, 1)::int AS d FROM generate_series(1, length(digits)) i) AS x
$$;
CREATE TABLE shop.payment (
    id         serial PRIMARY KEY,
    order_id   int,
    card       text,          -- card numbers under a plain name
    reference  text,          -- random-looking, but an identifier, not a secret
    c7         text,          -- phone numbers from an import
    api_key    text,
    paid_at    timestamptz DEFAULT now()
);
COMMENT ON COLUMN shop.payment.c7 IS 'imported field 7';
INSERT INTO shop.payment (order_id, card, reference, c7, api_key)
SELECT i, pg_temp.with_luhn('4' || lpad((i * 7919)::text, 14, '0')),
       upper(substr(md5(i::text), 1, 12)),
       '+49 151 ' || lpad((i * 104729 % 100000000)::text, 8, '0'),
       'sk_live_' || substr(md5(i::text) || md5((i + 1)::text), 1, 32)
  FROM generate_series(1, 2000) i;
