-- What test/bench/backup.sh adds to the pgbench tables (psql variables rows and objects): a wide
-- table with a realistic mix of types and less compressible text than pgbench's blank filler,
-- and large objects (64 kB each, hex text) listed in a table, since pg_dump handles them apart.
CREATE TABLE public.bench_wide (
    id          bigint PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz,
    full_name   text NOT NULL,
    email       text NOT NULL,
    phone       text,
    street      text,
    city        text,
    country     char(2) NOT NULL,
    status      text NOT NULL,
    quantity    integer NOT NULL,
    amount      numeric(12, 2) NOT NULL,
    ratio       double precision,
    active      boolean NOT NULL,
    ref         uuid NOT NULL,
    code        varchar(20) NOT NULL,
    tags        text[],
    attrs       jsonb,
    note        text,
    birth_date  date
);

INSERT INTO public.bench_wide
SELECT i,
       timestamptz '2025-01-01' + i * interval '97 seconds',
       CASE WHEN i % 3 = 0 THEN timestamptz '2025-06-01' + i * interval '13 seconds' END,
       (ARRAY['Anna', 'Bruno', 'Chloé', 'Dmitri', 'Emma', 'Farid', 'Greta', 'Hugo'])[1 + i % 8] || ' '
           || (ARRAY['Martin', 'Novak', 'Okafor', 'Petit', 'Quist', 'Rossi', 'Schmidt', 'Tanaka', 'Ueda'])[1 + i % 9]
           || '-' || i,
       'user' || i || '@' || (ARRAY['example.com', 'mail.test', 'corp.example'])[1 + i % 3],
       CASE WHEN i % 5 <> 0 THEN '+33 6 ' || lpad((i * 7919 % 100000000)::text, 8, '0') END,
       (i % 300) + 1 || ' ' || (ARRAY['rue de la Paix', 'Hauptstraße', 'Main Street', 'Via Roma'])[1 + i % 4],
       (ARRAY['Paris', 'Berlin', 'Leeds', 'Milano', 'Lyon', 'Köln'])[1 + i % 6],
       (ARRAY['FR', 'DE', 'GB', 'IT'])[1 + i % 4],
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'returned'])[1 + i % 5],
       i % 97,
       round((i * 7.31) % 10000, 2),
       (i % 1000) / 997.0,
       i % 11 <> 0,
       md5(i::text)::uuid,
       'C-' || to_hex(i * 2654435761 % 4294967296),
       ARRAY['t' || i % 17, 't' || i % 23],
       jsonb_build_object('source', (ARRAY['web', 'app', 'shop'])[1 + i % 3], 'score', i % 1000,
                          'hash', md5((i * 31)::text)),
       (SELECT string_agg(md5((i * 8 + j)::text), ' ') FROM generate_series(1, 8) j),
       date '1950-01-01' + (i * 37 % 20000)
  FROM generate_series(1, :rows) i;

CREATE TABLE public.bench_document (
    id      integer PRIMARY KEY,
    name    text NOT NULL,
    content oid NOT NULL
);
INSERT INTO public.bench_document
SELECT o, 'document-' || o || '.txt',
       lo_from_bytea(0, convert_to((SELECT string_agg(md5((o * 4096 + j)::text), '')
                                      FROM generate_series(1, 2048) j), 'UTF8'))
  FROM generate_series(1, :objects) o;
