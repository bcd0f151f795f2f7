-- shape: jsonb containment on a small table, plus a boolean and a sort
-- columns: products.attrs:gin products.active products.price
-- calls: 10
\set c random(1, 12)
\set s random(1, 4)
SELECT jsonb_build_object('color', (ARRAY['black', 'white', 'red', 'blue', 'green', 'grey', 'yellow', 'pink', 'brown', 'orange', 'purple', 'beige'])[:c], 'size', (ARRAY['S', 'M', 'L', 'XL'])[:s])::text AS s_attrs \gset
SELECT id, name, price FROM shop.products
 WHERE attrs @> :s_attrs AND active ORDER BY price LIMIT 50;
