-- shape: equality plus range, sorted by the range column
-- columns: products.brand products.price
-- calls: 15
\set b random_exponential(1, 300, 3)
\set lo random(5, 200)
\set hi :lo * 2
SELECT 'brand_' || :b AS s_brand \gset
SELECT id, name, price FROM shop.products
 WHERE brand = :s_brand AND price BETWEEN :lo AND :hi ORDER BY price;
