-- shape: expression predicate lower(email) = $1 (login lookup; the stored addresses are mixed case)
-- columns: customers.email
-- calls: 40
\set cid random(1, :ncust)
SELECT lower(email) AS s_email FROM shop.customers WHERE id = :cid \gset
SELECT id, full_name, status, tier FROM shop.customers WHERE lower(email) = :s_email;
