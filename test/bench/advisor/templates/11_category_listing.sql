-- shape: filter plus ORDER BY another column, LIMIT (catalogue page)
-- columns: products.category_id products.active products.price
-- calls: 40
\set cat random_exponential(1, 200, 4)
SELECT id, name, price FROM shop.products
 WHERE category_id = :cat AND active ORDER BY price LIMIT 24;
