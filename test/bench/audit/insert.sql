-- The measured bulk INSERT (and the fill before the UPDATE): :rows rows in one statement, every
-- value a function of the row number g.
INSERT INTO bench.t (id, full_name, email, note, qty, amount, created_at, active, attrs, code)
SELECT g,
       (ARRAY['Anna', 'Lukas', 'Marie', 'Jonas', 'Sophie', 'Camille', 'Louis', 'Chloe'])[1 + g % 8]
         || ' ' || (ARRAY['Müller', 'Schmidt', 'Martin', 'Dubois', 'García', 'Smith', 'Becker'])[1 + g % 7],
       'user' || g || '@example.com',
       CASE WHEN g % 4 = 0 THEN NULL ELSE 'Order note ' || md5(g::text) END,
       (g % 1000)::integer,
       round((g % 100000) / 100.0, 2),
       timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
       g % 2 = 0,
       jsonb_build_object('plan', (ARRAY['free', 'pro', 'team'])[1 + g % 3], 'seats', g % 50),
       'C-' || lpad((g % 100000)::text, 6, '0')
  FROM generate_series(1::bigint, :rows) g;
