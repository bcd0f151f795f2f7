-- shape: equality on a nullable self-reference (80 % NULL), sorted
-- columns: customers.referred_by customers.created_at
-- calls: 10
\set cid random_exponential(1, :ncust, 4)
SELECT id, full_name, created_at FROM shop.customers WHERE referred_by = :cid ORDER BY created_at;
