-- Threshold changes that make no sense are rejected with an error that names the check.
\set SHOW_CONTEXT never

SELECT check_name, warning, critical, unit, direction FROM steward.health_threshold
 WHERE check_name IN ('connections', 'cache_hit_ratio', 'disk_space') ORDER BY 1;

UPDATE steward.health_threshold SET warning = 95 WHERE check_name = 'connections';
\echo :LAST_ERROR_SQLSTATE
UPDATE steward.health_threshold SET warning = -1 WHERE check_name = 'disk_space';
\echo :LAST_ERROR_SQLSTATE
UPDATE steward.health_threshold SET warning = 90 WHERE check_name = 'cache_hit_ratio';
\echo :LAST_ERROR_SQLSTATE
INSERT INTO steward.health_threshold (check_name, warning, critical, unit, description)
VALUES ('made_up', 1, 2, '%', 'x');
\echo :LAST_ERROR_SQLSTATE
DELETE FROM steward.health_threshold WHERE check_name = 'deadlocks';
\echo :LAST_ERROR_SQLSTATE
UPDATE steward.health_threshold SET unit = 's' WHERE check_name = 'connections';
\echo :LAST_ERROR_SQLSTATE
TRUNCATE steward.health_threshold;
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS thresholds_kept FROM steward.health_threshold;

-- Sensible changes pass: tighter levels, a level switched off.
UPDATE steward.health_threshold SET warning = 60, critical = 80 WHERE check_name = 'connections';
UPDATE steward.health_threshold SET critical = NULL WHERE check_name = 'disk_space';
SELECT check_name, warning, critical FROM steward.health_threshold
 WHERE check_name IN ('connections', 'disk_space') ORDER BY 1;
UPDATE steward.health_threshold SET warning = 70, critical = 90 WHERE check_name = 'connections';
UPDATE steward.health_threshold SET critical = 95 WHERE check_name = 'disk_space';
