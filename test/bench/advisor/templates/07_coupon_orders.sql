-- shape: equality on a nullable column (97 % NULL), about 1,500 rows per code
-- columns: orders.coupon_code
-- calls: 10
\set k random(1, 20)
SELECT (ARRAY['WELCOME10', 'SPRING22', 'SUMMER22', 'BF2022', 'XMAS22', 'SPRING23', 'SUMMER23', 'BF2023', 'XMAS23', 'FREESHIP', 'VIP15', 'APP5', 'STUDENT', 'NEWSLETTER', 'FRIEND20', 'OUTLET', 'FLASH30', 'LOYAL', 'BDAY', 'RETURN10'])[:k] AS s_code \gset
SELECT count(*), sum(total), min(created_at) FROM shop.orders WHERE coupon_code = :s_code;
