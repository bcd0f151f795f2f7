-- Schema of the index advisor benchmark (test/bench/advisor.sh): an online shop, six related
-- tables in schema shop. Only the indexes an application gets by declaring keys exist: primary
-- keys (inventory's and order_items' are composite) and one UNIQUE constraint (products.sku).
-- Foreign keys are declared (data.sql loads with session_replication_role = replica: the data is
-- consistent by construction), their referencing columns are not indexed (PostgreSQL does not do it).
CREATE SCHEMA shop;

CREATE TABLE shop.customers (
    id               bigint PRIMARY KEY,
    email            text NOT NULL,          -- mixed case: Anna.Smith123@Gmail.com
    full_name        text NOT NULL,
    country          char(2) NOT NULL,       -- skewed: a few countries hold most customers
    status           text NOT NULL,          -- low cardinality: active / inactive / suspended
    tier             smallint NOT NULL,
    created_at       timestamp NOT NULL,     -- grows with id
    referred_by      bigint REFERENCES shop.customers,  -- NULL for most customers
    phone            text,                   -- NULL for many
    marketing_opt_in boolean NOT NULL
);

CREATE TABLE shop.products (
    id          bigint PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    name        text NOT NULL,
    category_id integer NOT NULL,            -- skewed
    brand       text NOT NULL,               -- skewed
    price       numeric(10,2) NOT NULL,
    active      boolean NOT NULL,            -- true for 95 %
    created_at  timestamp NOT NULL,
    attrs       jsonb NOT NULL               -- {"color": ..., "size": ..., "tags": [...]}
);

CREATE TABLE shop.orders (
    id               bigint PRIMARY KEY,
    customer_id      bigint NOT NULL REFERENCES shop.customers,  -- skewed: some customers order a lot
    created_at       timestamp NOT NULL,     -- append-only: grows with id
    status           text NOT NULL,          -- delivered for most; pending only for recent orders
    channel          text NOT NULL,          -- web / app / store / phone
    total            numeric(12,2) NOT NULL,
    shipped_at       timestamp,              -- NULL while pending, and when cancelled
    coupon_code      text,                   -- NULL for 97 %
    shipping_country char(2) NOT NULL
);

CREATE TABLE shop.order_items (
    order_id   bigint NOT NULL REFERENCES shop.orders,
    line_no    smallint NOT NULL,
    product_id bigint NOT NULL REFERENCES shop.products,  -- skewed: best sellers
    quantity   integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    discount   numeric(4,2),                 -- NULL for most lines
    PRIMARY KEY (order_id, line_no)
);

-- Append-only event log with a jsonb payload.
CREATE TABLE shop.events (
    id          bigserial PRIMARY KEY,
    customer_id bigint,                      -- NULL for anonymous visitors (no foreign key: a log)
    created_at  timestamptz NOT NULL DEFAULT now(),
    kind        text NOT NULL,
    payload     jsonb NOT NULL               -- {"kind", "page", "device", "campaign"?, "ab": {...}}
);

-- The write-heavy table: stock per product and warehouse, updated by every order. Fillfactor 90
-- leaves room for HOT updates, which an index on an updated column (qty, updated_at) prevents.
CREATE TABLE shop.inventory (
    product_id   bigint NOT NULL REFERENCES shop.products,
    warehouse_id integer NOT NULL,
    qty          integer NOT NULL,
    reserved     integer NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (product_id, warehouse_id)
) WITH (fillfactor = 90);
