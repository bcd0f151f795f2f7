-- The measured UPDATE: every row, one integer and one text column.
UPDATE bench.t SET qty = qty + 1, note = note || 'x';
