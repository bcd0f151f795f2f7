-- Data of the index advisor benchmark (test/bench/advisor.sh): deterministic (setseed before
-- every table, generate_series, no parallel plans in INSERT ... SELECT), with the usual
-- realities: skew, time correlated with id in the append-only tables, NULLs, jsonb, low
-- cardinality columns, mixed-case e-mail addresses. psql variables: ncust, nprod, norders,
-- nevents, nwh (warehouses). order_items gets 2.5 lines per order on average.
\set ON_ERROR_STOP on
SET session_replication_role = replica;   -- no foreign-key triggers while loading
SET synchronous_commit = off;

SELECT setseed(0.11);
INSERT INTO shop.customers
SELECT id,
       -- Anna.Smith123@Gmail.com, ANNA.SMITH123@example.org, anna.smith123@Yahoo.COM, ...
       CASE WHEN r1 < 0.1 THEN upper(first || '.' || last) WHEN r1 < 0.3 THEN lower(first || '.' || last)
            ELSE first || '.' || last END || id || '@' ||
       (ARRAY['Gmail.com', 'example.org', 'Yahoo.COM', 'outlook.com', 'GMX.de', 'proton.me', 'Mail.ru', 'web.de'])[1 + floor(8 * r2 ^ 1.5)::int],
       first || ' ' || last,
       (ARRAY['US', 'DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'PL', 'BR', 'CA', 'SE', 'BE', 'AT', 'CH', 'PT',
              'IE', 'DK', 'NO', 'FI', 'CZ', 'JP', 'AU', 'MX', 'IN', 'ZA'])[1 + floor(25 * r3 ^ 2.5)::int],
       CASE WHEN r4 < 0.92 THEN 'active' WHEN r4 < 0.98 THEN 'inactive' ELSE 'suspended' END,
       CASE WHEN r5 < 0.7 THEN 0 WHEN r5 < 0.9 THEN 1 WHEN r5 < 0.98 THEN 2 ELSE 3 END,
       timestamp '2019-01-01' + (id * (interval '5 years' / :ncust)) + r6 * interval '6 hours',
       CASE WHEN r7 < 0.2 AND id > 1 THEN 1 + floor((id - 1) * random())::bigint END,
       CASE WHEN r8 < 0.6 THEN '+' || (1000000000 + floor(8999999999 * random())::bigint)::text END,
       r9 < 0.4
  FROM (SELECT g AS id,
               (ARRAY['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hugo', 'Ines', 'Jonas',
                      'Karla', 'Leon', 'Mia', 'Noah', 'Olga', 'Paul', 'Quinn', 'Rosa', 'Sven', 'Tara',
                      'Umar', 'Vera', 'Will', 'Xenia', 'Yusuf', 'Zoe'])[1 + floor(26 * random())::int] AS first,
               (ARRAY['Smith', 'Muller', 'Martin', 'Garcia', 'Rossi', 'Novak', 'Jansen', 'Silva', 'Kowalski',
                      'Dubois', 'Schmidt', 'Brown', 'Lopez', 'Bianchi', 'Nielsen', 'Berg', 'Costa', 'Moreau',
                      'Weber', 'Taylor'])[1 + floor(20 * random())::int] AS last,
               random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
               random() AS r6, random() AS r7, random() AS r8, random() AS r9
          FROM generate_series(1, :ncust) g) s;

SELECT setseed(0.22);
INSERT INTO shop.products
SELECT id,
       'SKU-' || lpad(id::text, 7, '0'),
       (ARRAY['Classic', 'Ultra', 'Eco', 'Pro', 'Mini', 'Smart', 'Vintage', 'Urban'])[1 + floor(8 * random())::int] || ' ' ||
       (ARRAY['Lamp', 'Chair', 'Kettle', 'Backpack', 'Headphones', 'Jacket', 'Mug', 'Watch', 'Sneakers',
              'Desk'])[1 + floor(10 * random())::int] || ' ' || id,
       1 + floor(200 * random() ^ 2)::int,
       'brand_' || (1 + floor(300 * random() ^ 3)::int),
       round((5 * exp(4 * random()))::numeric, 2),
       random() < 0.95,
       timestamp '2018-01-01' + id * (interval '6 years' / :nprod),
       jsonb_build_object(
         'color', (ARRAY['black', 'white', 'red', 'blue', 'green', 'grey', 'yellow', 'pink', 'brown', 'orange',
                         'purple', 'beige'])[1 + floor(12 * random())::int],
         'size', (ARRAY['S', 'M', 'L', 'XL'])[1 + floor(4 * random())::int],
         'tags', CASE WHEN random() < 0.3 THEN '["sale"]'::jsonb WHEN random() < 0.1 THEN '["new", "eco"]'::jsonb
                      ELSE '[]'::jsonb END)
  FROM generate_series(1, :nprod) id;

-- Orders over two years, created_at growing with id; recent orders may still be pending or
-- shipped, older ones are delivered, cancelled or returned.
SELECT setseed(0.33);
INSERT INTO shop.orders
SELECT id, customer_id, created_at, status, channel, total,
       CASE WHEN status NOT IN ('pending', 'cancelled') THEN created_at + (1 + 4 * random()) * interval '1 day' END,
       coupon_code, shipping_country
  FROM (SELECT id, 1 + floor(:ncust * random() ^ 2)::bigint AS customer_id, created_at,
               CASE WHEN created_at > timestamp '2024-01-01' - interval '3 days' THEN
                         CASE WHEN r < 0.5 THEN 'pending' WHEN r < 0.85 THEN 'shipped' ELSE 'delivered' END
                    WHEN created_at > timestamp '2024-01-01' - interval '14 days' THEN
                         CASE WHEN r < 0.6 THEN 'shipped' ELSE 'delivered' END
                    WHEN r < 0.9 THEN 'delivered' WHEN r < 0.96 THEN 'cancelled' ELSE 'returned' END AS status,
               CASE WHEN c < 0.55 THEN 'web' WHEN c < 0.9 THEN 'app' WHEN c < 0.98 THEN 'store' ELSE 'phone' END AS channel,
               round((8 * exp(3.5 * random()))::numeric, 2) AS total,
               CASE WHEN random() < 0.03 THEN
                    (ARRAY['WELCOME10', 'SPRING22', 'SUMMER22', 'BF2022', 'XMAS22', 'SPRING23', 'SUMMER23',
                           'BF2023', 'XMAS23', 'FREESHIP', 'VIP15', 'APP5', 'STUDENT', 'NEWSLETTER', 'FRIEND20',
                           'OUTLET', 'FLASH30', 'LOYAL', 'BDAY', 'RETURN10'])[1 + floor(20 * random())::int] END AS coupon_code,
               (ARRAY['US', 'DE', 'FR', 'GB', 'ES', 'IT', 'NL', 'PL', 'BR', 'CA'])[1 + floor(10 * random() ^ 2.5)::int] AS shipping_country
          FROM (SELECT g AS id, timestamp '2022-01-01' + g * (interval '730 days' / :norders) + random() * interval '10 minutes' AS created_at,
                       random() AS r, random() AS c
                  FROM generate_series(1, :norders) g) g) o;

-- 1 to 4 lines per order (2.5 on average), best-selling products first.
SELECT setseed(0.44);
INSERT INTO shop.order_items
SELECT o.id, l, 1 + floor(:nprod * random() ^ 3)::bigint, 1 + floor(4 * random() ^ 3)::int,
       round((5 * exp(4 * random()))::numeric, 2),
       CASE WHEN random() < 0.1 THEN round((0.05 + 0.25 * random())::numeric, 2) END
  FROM generate_series(1, :norders) o(id), generate_series(1, 1 + (hashint8(o.id) & 3)) l;

-- Events of the last 90 days of 2023, append-only (created_at grows with id).
SELECT setseed(0.55);
INSERT INTO shop.events (id, customer_id, created_at, kind, payload)
SELECT id, customer_id, created_at, kind,
       jsonb_strip_nulls(jsonb_build_object(
         'kind', kind,
         'page', '/p/' || (1 + floor(:nprod * random() ^ 2)::int),
         'device', CASE WHEN d < 0.55 THEN 'mobile' WHEN d < 0.93 THEN 'desktop' ELSE 'tablet' END,
         'campaign', CASE WHEN random() < 0.15 THEN 'cmp' || floor(300 * random())::int END,
         'ab', jsonb_build_object('exp', 'e' || (1 + floor(20 * random())::int),
                                  'variant', CASE WHEN random() < 0.5 THEN 'A' ELSE 'B' END)))
  FROM (SELECT g AS id,
               CASE WHEN random() < 0.7 THEN 1 + floor(:ncust * random() ^ 2)::bigint END AS customer_id,
               timestamptz '2023-10-03 00:00+00' + g * (interval '90 days' / :nevents) AS created_at,
               CASE WHEN k < 0.70 THEN 'page_view' WHEN k < 0.85 THEN 'click' WHEN k < 0.92 THEN 'add_to_cart'
                    WHEN k < 0.97 THEN 'search' WHEN k < 0.99 THEN 'purchase' ELSE 'error' END AS kind,
               random() AS d
          FROM (SELECT g, random() AS k FROM generate_series(1, :nevents) g) g) e;
SELECT setval('shop.events_id_seq', :nevents);

SELECT setseed(0.66);
INSERT INTO shop.inventory
SELECT p, w, floor(200 * random() ^ 2)::int, floor(10 * random())::int,
       timestamptz '2023-12-31 00:00+00' - random() * interval '60 days'
  FROM generate_series(1, :nprod) p, generate_series(1, :nwh) w;

RESET session_replication_role;
