-- pgbench's random functions for psql (test/bench/advisor.sh turns each "\set name expression" of
-- a template into "SELECT expression AS name \gset" with these): temporary functions on SQL's
-- random(), so setseed() makes the instances of a template the same in every run and variant.
-- random_exponential follows pgbench's getExponentialRand().
CREATE FUNCTION pg_temp.random(lo bigint, hi bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$ SELECT lo + floor(random() * (hi - lo + 1))::bigint $$;
CREATE FUNCTION pg_temp.random_exponential(lo bigint, hi bigint, parameter float8) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
  SELECT lo + floor((hi - lo + 1)
                    * (-ln(exp(-parameter) + (1 - exp(-parameter)) * (1 - random())) / parameter))::bigint
$$;
