-- Scores classifiers against the labels (issue 4, "Quality, measured") and prints markdown.
--
-- Input, in schema classify_eval:
--   labels(table_name, column_name, category)   category NULL: not sensitive
--   predictions(method, table_name, column_name, category, confidence, evidence)
--       one row per column a method judges sensitive; methods 'classify_data' and 'names_only'
--       (confidence and evidence may be NULL)
--
-- Scoring, per column: a prediction with the labelled category is a true positive; a prediction
-- with another category, or on a column labelled not sensitive (or not labelled at all), is a
-- false positive of the predicted category; a labelled sensitive column without a prediction of
-- its category is a false negative of that category. So a column predicted with the wrong
-- category counts once as FP (predicted category) and once as FN (labelled category).
-- Overall figures are micro-averaged: TP, FP and FN summed over the categories.
--
-- Output (psql, unaligned, no headers): the markdown tables, then a line "SCORES method
-- precision recall f1 tp fp fn" per method for the calling script.
\set ON_ERROR_STOP 1
\pset format unaligned
\pset tuples_only on
\pset footer off
SET client_min_messages = warning;

CREATE OR REPLACE FUNCTION pg_temp.ratio(num bigint, den bigint) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT CASE WHEN den = 0 THEN '-' ELSE to_char(num::numeric / den, 'FM0.000') END $$;
CREATE OR REPLACE FUNCTION pg_temp.md(t text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $$ SELECT coalesce(replace(regexp_replace(t, '\s+', ' ', 'g'), '|', '\|'), '-') $$;

DROP TABLE IF EXISTS classify_eval.columns_judged, classify_eval.scores;

-- One row per method and column: its label and the categories predicted for it.
CREATE TABLE classify_eval.columns_judged AS
WITH methods(method, method_order) AS (VALUES ('classify_data', 1), ('names_only', 2)),
keys AS (
    SELECT table_name, column_name, category AS label, true AS labelled FROM classify_eval.labels
    UNION ALL
    SELECT DISTINCT p.table_name, p.column_name, NULL, false FROM classify_eval.predictions p
     WHERE NOT EXISTS (SELECT FROM classify_eval.labels l
                        WHERE (l.table_name, l.column_name) = (p.table_name, p.column_name)))
SELECT m.method, m.method_order, k.table_name, k.column_name, k.label, k.labelled,
       coalesce(array_agg(p.category ORDER BY p.category) FILTER (WHERE p.category IS NOT NULL), '{}') AS predicted,
       string_agg(to_char(p.confidence, 'FM0.00'), ', ' ORDER BY p.category) AS confidence,
       string_agg(p.evidence, ' / ' ORDER BY p.category) AS evidence
  FROM methods m
 CROSS JOIN keys k
  LEFT JOIN classify_eval.predictions p
         ON p.method = m.method AND (p.table_name, p.column_name) = (k.table_name, k.column_name)
 GROUP BY 1, 2, 3, 4, 5, 6;

-- Per method and category: labelled, TP, FP, FN.
CREATE TABLE classify_eval.scores AS
WITH categories(category, category_order) AS (
    SELECT c, o FROM unnest(ARRAY['email', 'phone', 'credit_card', 'iban', 'national_id', 'ip_address',
                                  'person_name', 'street_address', 'postal_code', 'date_of_birth',
                                  'password_hash', 'secret', 'geolocation']) WITH ORDINALITY AS u(c, o)
    UNION ALL   -- a category nobody knows (would be a bug of a classifier): scored too, as FP
    SELECT DISTINCT category, 100 FROM classify_eval.predictions
     WHERE category NOT IN ('email', 'phone', 'credit_card', 'iban', 'national_id', 'ip_address',
                            'person_name', 'street_address', 'postal_code', 'date_of_birth',
                            'password_hash', 'secret', 'geolocation'))
SELECT j.method, j.method_order, c.category, c.category_order,
       count(*) FILTER (WHERE j.label = c.category) AS labelled,
       count(*) FILTER (WHERE j.label = c.category AND c.category = ANY (j.predicted)) AS tp,
       count(*) FILTER (WHERE j.label IS DISTINCT FROM c.category AND c.category = ANY (j.predicted)) AS fp,
       count(*) FILTER (WHERE j.label = c.category AND NOT c.category = ANY (j.predicted)) AS fn
  FROM classify_eval.columns_judged j
 CROSS JOIN categories c
 GROUP BY 1, 2, 3, 4;

-- Table 1: per category, both methods side by side, then the micro-averaged overall row.
\echo '| category | labelled | classify_data() TP | FP | FN | precision | recall | F1 | names only TP | FP | FN | precision | recall | F1 |'
\echo '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|'
WITH rows AS (
    SELECT category, category_order, labelled, method, tp, fp, fn FROM classify_eval.scores
    UNION ALL
    SELECT '**all (micro)**', 1000, sum(labelled), method, sum(tp), sum(fp), sum(fn)
      FROM classify_eval.scores GROUP BY method),
cells AS (
    SELECT category, category_order, max(labelled) AS labelled, method,
           format('%s | %s | %s | %s | %s | %s', sum(tp), sum(fp), sum(fn),
                  pg_temp.ratio(sum(tp)::bigint, sum(tp + fp)::bigint),
                  pg_temp.ratio(sum(tp)::bigint, sum(tp + fn)::bigint),
                  pg_temp.ratio(2 * sum(tp)::bigint, sum(2 * tp + fp + fn)::bigint)) AS cell
      FROM rows GROUP BY 1, 2, 4)
SELECT format('| %s | %s | %s | %s |', a.category, a.labelled, a.cell, b.cell)
  FROM cells a JOIN cells b USING (category, category_order)
 WHERE a.method = 'classify_data' AND b.method = 'names_only'
 ORDER BY a.category_order;
\echo ''

-- Table 2: what the errors are.
\echo '| columns (of the labels) | classify_data() | names only |'
\echo '|---|---|---|'
WITH per_method AS (
    SELECT method,
           count(*) FILTER (WHERE cardinality(predicted) > 0) AS flagged,
           count(*) FILTER (WHERE label = ANY (predicted)) AS right_category,
           count(*) FILTER (WHERE label IS NOT NULL AND cardinality(predicted) > 0 AND NOT label = ANY (predicted)) AS wrong_category,
           count(*) FILTER (WHERE label IS NULL AND labelled AND cardinality(predicted) > 0) AS negatives_flagged,
           count(*) FILTER (WHERE NOT labelled) AS unlabelled_flagged,
           count(*) FILTER (WHERE label IS NOT NULL AND cardinality(predicted) = 0) AS missed,
           count(*) FILTER (WHERE label IS NOT NULL) AS positives,
           count(*) FILTER (WHERE label IS NULL AND labelled) AS negatives
      FROM classify_eval.columns_judged GROUP BY method),
lines(line_order, what, expr) AS (VALUES
    (1, 'flagged sensitive', 'flagged'),
    (2, 'right category (TP)', 'right_category'),
    (3, 'sensitive, wrong category (FP + FN)', 'wrong_category'),
    (4, 'not sensitive, flagged (FP)', 'negatives_flagged'),
    (5, 'not in the labels, flagged (FP)', 'unlabelled_flagged'),
    (6, 'sensitive, not flagged (FN)', 'missed'))
SELECT format('| %s | %s | %s |', l.what,
              (SELECT (to_jsonb(p) ->> l.expr) || CASE l.expr WHEN 'right_category' THEN ' of ' || p.positives
                                                              WHEN 'negatives_flagged' THEN ' of ' || p.negatives
                                                              WHEN 'missed' THEN ' of ' || p.positives ELSE '' END
                 FROM per_method p WHERE method = 'classify_data'),
              (SELECT (to_jsonb(p) ->> l.expr) || CASE l.expr WHEN 'right_category' THEN ' of ' || p.positives
                                                              WHEN 'negatives_flagged' THEN ' of ' || p.negatives
                                                              WHEN 'missed' THEN ' of ' || p.positives ELSE '' END
                 FROM per_method p WHERE method = 'names_only'))
  FROM lines l ORDER BY l.line_order;
\echo ''

-- Table 3: every column classify_data() got wrong.
\echo 'Columns classify_data() got wrong:'
\echo ''
\echo '| column | label | predicted | confidence | evidence |'
\echo '|---|---|---|---|---|'
SELECT format('| %s.%s | %s | %s | %s | %s |', table_name, column_name,
              CASE WHEN NOT labelled THEN '(not in the labels)' ELSE coalesce(label, '-') END,
              CASE WHEN cardinality(predicted) = 0 THEN '-' ELSE array_to_string(predicted, ', ') END,
              coalesce(confidence, '-'), pg_temp.md(evidence))
  FROM classify_eval.columns_judged
 WHERE method = 'classify_data'
   AND (label IS DISTINCT FROM predicted[1] OR cardinality(predicted) > 1)
   AND NOT (label IS NULL AND cardinality(predicted) = 0)
 ORDER BY label IS NULL, label, table_name, column_name;
\echo ''

-- Table 4: every column the names-only baseline got wrong, with the pattern that fired.
\echo 'Columns the names-only baseline got wrong:'
\echo ''
\echo '| column | label | predicted | name pattern |'
\echo '|---|---|---|---|'
SELECT format('| %s.%s | %s | %s | %s |', j.table_name, j.column_name,
              CASE WHEN NOT j.labelled THEN '(not in the labels)' ELSE coalesce(j.label, '-') END,
              CASE WHEN cardinality(j.predicted) = 0 THEN '-' ELSE array_to_string(j.predicted, ', ') END,
              CASE WHEN n.pattern IS NULL THEN '-' ELSE '`' || pg_temp.md(n.pattern) || '`' END)
  FROM classify_eval.columns_judged j
  LEFT JOIN classify_eval.names_predictions n USING (table_name, column_name)
 WHERE j.method = 'names_only'
   AND (j.label IS DISTINCT FROM j.predicted[1] OR cardinality(j.predicted) > 1)
   AND NOT (j.label IS NULL AND cardinality(j.predicted) = 0)
 ORDER BY j.label IS NULL, j.label, j.table_name, j.column_name;
\echo ''

-- For the calling script.
SELECT format('SCORES %s %s %s %s %s %s %s', method,
              pg_temp.ratio(sum(tp)::bigint, sum(tp + fp)::bigint),
              pg_temp.ratio(sum(tp)::bigint, sum(tp + fn)::bigint),
              pg_temp.ratio(2 * sum(tp)::bigint, sum(2 * tp + fp + fn)::bigint),
              sum(tp), sum(fp), sum(fn))
  FROM classify_eval.scores GROUP BY method, method_order ORDER BY method_order;
