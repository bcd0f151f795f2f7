-- Data classification: categories and their sensitivity, user rules, the persisted classification,
-- classify_data(), set_classification() and reset_classification(). See docs/classification.md.

CREATE TYPE steward.sensitivity AS ENUM ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED');
COMMENT ON TYPE steward.sensitivity IS
    'How sensitive a column is, least to most: PUBLIC, INTERNAL, CONFIDENTIAL, RESTRICTED. Ordered: '
    'sensitivity >= ''CONFIDENTIAL'' selects the two highest levels.';

CREATE FUNCTION steward.classification_categories()
RETURNS SETOF text
LANGUAGE c IMMUTABLE PARALLEL SAFE
AS 'MODULE_PATHNAME', 'classification_categories';
COMMENT ON FUNCTION steward.classification_categories() IS
    'The categories classify_data() knows, in a fixed order: email, phone, credit_card, iban, national_id, '
    'ip_address, person_name, street_address, postal_code, date_of_birth, password_hash, secret, geolocation.';

CREATE FUNCTION steward.classification_pattern_error(pattern text)
RETURNS text
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE
AS 'MODULE_PATHNAME', 'classification_pattern_error';
COMMENT ON FUNCTION steward.classification_pattern_error(text) IS
    'NULL when the pattern is a valid RE2 regular expression (the syntax of classification rules), else why not. '
    'RE2 is POSIX-like without backreferences or lookaround, and matches in linear time.';

-- Raises the error every entry point gives for a category it does not know.
CREATE FUNCTION steward.require_category(category text, used_in text)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF category IS NULL OR category IN (SELECT steward.classification_categories()) THEN
        RETURN category;
    END IF;
    RAISE EXCEPTION 'unknown category "%" in %', category, used_in
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'Allowed categories: ' || (SELECT string_agg(c, ', ') FROM steward.classification_categories() c) || '.',
              HINT = 'Categories are spelled in lower case with underscores, e.g. credit_card.';
END
$$;
COMMENT ON FUNCTION steward.require_category(text, text) IS
    'Returns the category when classify_data() knows it (or it is NULL); otherwise raises 22023 naming it, where it was used, and the allowed values.';

CREATE FUNCTION steward.require_sensitivity(sensitivity text, used_in text)
RETURNS steward.sensitivity
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF sensitivity IS NULL OR sensitivity = ANY (enum_range(NULL::steward.sensitivity)::text[]) THEN
        RETURN sensitivity::steward.sensitivity;
    END IF;
    RAISE EXCEPTION 'unknown sensitivity "%" in %', sensitivity, used_in
        USING ERRCODE = 'invalid_parameter_value',
              DETAIL = 'Allowed sensitivities: ' || array_to_string(enum_range(NULL::steward.sensitivity), ', ') || '.',
              HINT = 'Sensitivities are spelled in capitals, least to most sensitive.';
END
$$;
COMMENT ON FUNCTION steward.require_sensitivity(text, text) IS
    'Returns the sensitivity as steward.sensitivity (NULL stays NULL); raises 22023 naming it, where it was used, and the allowed values when unknown.';

CREATE TABLE steward.category_sensitivity (
    category            text PRIMARY KEY,
    sensitivity         steward.sensitivity NOT NULL,
    encryption_required boolean NOT NULL DEFAULT false,
    description         text NOT NULL
);
COMMENT ON TABLE steward.category_sensitivity IS
    'One row per category: the sensitivity and the encryption requirement that classify_data() records for a column of that category. '
    'Update it with plain SQL; the next classify_data() applies it to detected columns (manual decisions keep their own).';
COMMENT ON COLUMN steward.category_sensitivity.category IS 'A category of steward.classification_categories().';
COMMENT ON COLUMN steward.category_sensitivity.sensitivity IS 'Sensitivity recorded for columns of the category.';
COMMENT ON COLUMN steward.category_sensitivity.encryption_required IS 'Whether columns of the category must be stored encrypted (a policy flag other features read).';
COMMENT ON COLUMN steward.category_sensitivity.description IS 'What the category covers.';

INSERT INTO steward.category_sensitivity (category, sensitivity, encryption_required, description) VALUES
    ('email',          'CONFIDENTIAL', false, 'e-mail addresses'),
    ('phone',          'CONFIDENTIAL', false, 'telephone and mobile numbers'),
    ('credit_card',    'RESTRICTED',   true,  'payment card numbers (PAN)'),
    ('iban',           'RESTRICTED',   true,  'international bank account numbers'),
    ('national_id',    'RESTRICTED',   true,  'national identity and social security numbers (SSN, NINO, DNI/NIE, NIR, Steuer-ID, ...)'),
    ('ip_address',     'INTERNAL',     false, 'IPv4 and IPv6 addresses of people''s devices'),
    ('person_name',    'CONFIDENTIAL', false, 'first, last and full names of people'),
    ('street_address', 'CONFIDENTIAL', false, 'street addresses'),
    ('postal_code',    'INTERNAL',     false, 'postal codes of people''s addresses'),
    ('date_of_birth',  'CONFIDENTIAL', false, 'dates of birth'),
    ('password_hash',  'RESTRICTED',   true,  'password hashes (bcrypt, argon2, scrypt, PBKDF2, crypt)'),
    ('secret',         'RESTRICTED',   true,  'API keys, access tokens, private keys and other credentials'),
    ('geolocation',    'CONFIDENTIAL', false, 'latitudes, longitudes and points of where people are');

CREATE FUNCTION steward.category_sensitivity_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' OR TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'cannot delete rows of steward.category_sensitivity'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It holds one row per category classify_data() knows.',
                  HINT = 'Change a category''s sensitivity with UPDATE.';
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM steward.require_category(NEW.category, 'steward.category_sensitivity');
        RAISE EXCEPTION 'category "%" already has its row in steward.category_sensitivity', NEW.category
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Change its sensitivity with UPDATE.';
    ELSIF NEW.category IS DISTINCT FROM OLD.category THEN
        RAISE EXCEPTION 'cannot rename category "%"', OLD.category
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Only sensitivity, encryption_required and description can be changed.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION steward.category_sensitivity_guard() IS
    'Trigger of steward.category_sensitivity: one row per known category, none added, deleted or renamed.';
CREATE TRIGGER category_sensitivity_guard
    BEFORE INSERT OR UPDATE OR DELETE ON steward.category_sensitivity
    FOR EACH ROW EXECUTE FUNCTION steward.category_sensitivity_guard();
CREATE TRIGGER category_sensitivity_no_truncate
    BEFORE TRUNCATE ON steward.category_sensitivity
    FOR EACH STATEMENT EXECUTE FUNCTION steward.category_sensitivity_guard();

CREATE TABLE steward.classification_rule (
    rule_id       integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    category      text NOT NULL,
    name_pattern  text,
    value_pattern text,
    min_share     real NOT NULL DEFAULT 0.8,
    confidence    real NOT NULL DEFAULT 0.9,
    enabled       boolean NOT NULL DEFAULT true,
    description   text,
    CONSTRAINT classification_rule_has_pattern CHECK (name_pattern IS NOT NULL OR value_pattern IS NOT NULL),
    CONSTRAINT classification_rule_min_share CHECK (min_share > 0 AND min_share <= 1),
    CONSTRAINT classification_rule_confidence CHECK (confidence > 0 AND confidence <= 1)
);
COMMENT ON TABLE steward.classification_rule IS
    'Your own detection rules: a column matching a rule gets its category, before and instead of the built-in detection. '
    'Patterns are RE2 regular expressions, checked when the row is written. See docs/classification.md.';
COMMENT ON COLUMN steward.classification_rule.rule_id IS 'Identifies the rule in evidence ("rule 3 (...): ..."); ties between equally confident rules go to the lowest.';
COMMENT ON COLUMN steward.classification_rule.category IS 'The category a matching column gets; one of steward.classification_categories().';
COMMENT ON COLUMN steward.classification_rule.name_pattern IS 'Matched anywhere in the column name, ignoring case (^ and $ anchor it). NULL: any name.';
COMMENT ON COLUMN steward.classification_rule.value_pattern IS 'Must match a whole sampled value (surrounding spaces ignored), case-sensitive unless it starts with (?i). NULL: values are not looked at.';
COMMENT ON COLUMN steward.classification_rule.min_share IS 'Share of at least 5 non-blank sampled values that must match value_pattern.';
COMMENT ON COLUMN steward.classification_rule.confidence IS 'Confidence reported for a match; among matching rules the most confident wins, then the lowest rule_id.';
COMMENT ON COLUMN steward.classification_rule.enabled IS 'false keeps the rule but does not apply it.';
COMMENT ON COLUMN steward.classification_rule.description IS 'Shown in the evidence of the columns the rule matches.';

CREATE FUNCTION steward.classification_rule_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    problem text;
BEGIN
    PERFORM steward.require_category(NEW.category, 'steward.classification_rule');
    problem := steward.classification_pattern_error(NEW.name_pattern);
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'invalid name_pattern % in steward.classification_rule', quote_literal(NEW.name_pattern)
            USING ERRCODE = 'invalid_regular_expression', DETAIL = problem,
                  HINT = 'Patterns are RE2 regular expressions: no backreferences or lookaround.';
    END IF;
    problem := steward.classification_pattern_error(NEW.value_pattern);
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'invalid value_pattern % in steward.classification_rule', quote_literal(NEW.value_pattern)
            USING ERRCODE = 'invalid_regular_expression', DETAIL = problem,
                  HINT = 'Patterns are RE2 regular expressions: no backreferences or lookaround.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION steward.classification_rule_guard() IS
    'Trigger of steward.classification_rule: an unknown category or a pattern that is not a valid RE2 expression is refused when the row is written.';
CREATE TRIGGER classification_rule_guard
    BEFORE INSERT OR UPDATE ON steward.classification_rule
    FOR EACH ROW EXECUTE FUNCTION steward.classification_rule_guard();

CREATE TABLE steward.data_classification (
    relation            regclass NOT NULL,
    attnum              int2 NOT NULL,
    column_name         name NOT NULL,
    category            text,
    sensitivity         steward.sensitivity,
    confidence          real,
    evidence            text NOT NULL,
    source              text NOT NULL,
    encryption_required boolean NOT NULL DEFAULT false,
    classified_at       timestamptz NOT NULL DEFAULT now(),
    classified_by       name NOT NULL,
    PRIMARY KEY (relation, attnum),
    CONSTRAINT data_classification_source CHECK (source IN ('detected', 'manual')),
    CONSTRAINT data_classification_not_sensitive CHECK (
        (category IS NULL) = (sensitivity IS NULL) AND (category IS NOT NULL OR source = 'manual'))
);
COMMENT ON TABLE steward.data_classification IS
    'The classification of columns: what classify_data() detected and what set_classification() decided. '
    'Keyed on the table''s OID and the column''s number, so renames keep it; dropped tables and columns leave it. '
    'steward.classified_columns shows it with current names. Written only through the functions.';
COMMENT ON COLUMN steward.data_classification.relation IS 'The table (partitioned tables at their parent).';
COMMENT ON COLUMN steward.data_classification.attnum IS 'The column''s number in pg_attribute.';
COMMENT ON COLUMN steward.data_classification.column_name IS 'The column''s name, kept current on rename; a restore finds the column by it when the numbers moved.';
COMMENT ON COLUMN steward.data_classification.category IS 'The category; NULL only for a manual "not sensitive" decision.';
COMMENT ON COLUMN steward.data_classification.sensitivity IS 'PUBLIC, INTERNAL, CONFIDENTIAL or RESTRICTED; NULL when not sensitive.';
COMMENT ON COLUMN steward.data_classification.confidence IS 'In [0,1]: how sure the detection is; 1 for a manual decision.';
COMMENT ON COLUMN steward.data_classification.evidence IS 'Why, in words.';
COMMENT ON COLUMN steward.data_classification.source IS 'detected (classify_data(), updated by every run) or manual (set_classification(), never overwritten by detection).';
COMMENT ON COLUMN steward.data_classification.encryption_required IS 'Whether the column must be stored encrypted (from steward.category_sensitivity when detected).';
COMMENT ON COLUMN steward.data_classification.classified_at IS 'When the row was last written.';
COMMENT ON COLUMN steward.data_classification.classified_by IS 'The role that ran classify_data() or set_classification().';

-- Dumps keep the classification: relation is dumped as the table's name and restored as the
-- table's new OID; the trigger below finds each column again by its name, because a restored
-- table has no dropped columns and its attribute numbers may have moved.
SELECT pg_catalog.pg_extension_config_dump('steward.data_classification', '');

CREATE FUNCTION steward.data_classification_find_column() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    found int2;
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = NEW.relation AND a.attnum = NEW.attnum
                  AND a.attname = NEW.column_name AND NOT a.attisdropped) THEN
        RETURN NEW;
    END IF;
    SELECT a.attnum INTO found FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = NEW.relation AND a.attname = NEW.column_name AND a.attnum > 0
       AND NOT a.attisdropped;
    IF found IS NULL THEN
        RETURN NULL;  -- the column is gone: nothing to classify
    END IF;
    NEW.attnum := found;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION steward.data_classification_find_column() IS
    'Trigger of steward.data_classification: a row whose attnum does not hold column_name (a restored dump) is moved to the column of that name, or skipped when there is none.';
CREATE TRIGGER data_classification_find_column
    BEFORE INSERT ON steward.data_classification
    FOR EACH ROW EXECUTE FUNCTION steward.data_classification_find_column();
SELECT pg_catalog.pg_extension_config_dump('steward.classification_rule', '');

CREATE VIEW steward.classified_columns AS
SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,
       d.category, d.sensitivity, d.confidence, d.evidence, d.source, d.encryption_required,
       d.classified_at, d.classified_by, d.relation, d.attnum
  FROM steward.data_classification d
  JOIN pg_catalog.pg_class c ON c.oid = d.relation
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = d.relation AND a.attnum = d.attnum AND NOT a.attisdropped;
COMMENT ON VIEW steward.classified_columns IS
    'steward.data_classification with the current schema, table and column names.';

-- Forgets the classification of dropped tables and columns (DROP TABLE, DROP SCHEMA, ALTER TABLE
-- DROP COLUMN). It runs as the role that drops them, who may not own the classification table.
CREATE FUNCTION steward.forget_dropped_classification() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    DELETE FROM steward.data_classification d
     USING pg_catalog.pg_event_trigger_dropped_objects() o
     WHERE o.classid = 'pg_catalog.pg_class'::regclass
       AND o.objid = d.relation
       AND (o.objsubid = 0 OR o.objsubid = d.attnum);
END
$$;
COMMENT ON FUNCTION steward.forget_dropped_classification() IS
    'Event trigger (sql_drop): removes the classification of dropped tables and columns.';
CREATE EVENT TRIGGER steward_forget_dropped_classification ON sql_drop
    EXECUTE FUNCTION steward.forget_dropped_classification();
COMMENT ON EVENT TRIGGER steward_forget_dropped_classification IS
    'pg_steward: removes the classification of dropped tables and columns.';

-- Keeps column_name current when columns are renamed (ALTER TABLE ... RENAME COLUMN).
CREATE FUNCTION steward.follow_renamed_columns() RETURNS event_trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE steward.data_classification d
       SET column_name = a.attname
      FROM pg_catalog.pg_event_trigger_ddl_commands() c
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.objid
     WHERE c.classid = 'pg_catalog.pg_class'::regclass
       AND d.relation = c.objid AND a.attnum = d.attnum AND d.column_name <> a.attname;
END
$$;
COMMENT ON FUNCTION steward.follow_renamed_columns() IS
    'Event trigger (ddl_command_end of ALTER TABLE): keeps steward.data_classification.column_name equal to the current column name.';
CREATE EVENT TRIGGER steward_follow_renamed_columns ON ddl_command_end
    WHEN TAG IN ('ALTER TABLE')
    EXECUTE FUNCTION steward.follow_renamed_columns();
COMMENT ON EVENT TRIGGER steward_follow_renamed_columns IS
    'pg_steward: keeps steward.data_classification.column_name current when a column is renamed.';

CREATE FUNCTION steward.classify_data(target_schema name DEFAULT NULL, sample_rows integer DEFAULT 1000)
RETURNS TABLE (schema_name name, table_name name, column_name name,
               category text, sensitivity text, confidence real, evidence text)
LANGUAGE c VOLATILE
-- Dates are sampled in ISO form; the generated SQL resolves names the same way for every caller.
-- A table another session has locked is skipped after 2 s (with a NOTICE), not waited for.
SET datestyle = 'ISO, YMD'
SET lock_timeout = '2s'
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'classify_data';
COMMENT ON FUNCTION steward.classify_data(name, integer) IS
    'Classifies every ordinary and partitioned table of target_schema (every user schema when NULL) with the caller''s '
    'privileges: column names, comments, types and up to sample_rows sampled rows per table (1-10000, one scan per table) '
    'decide which columns hold personal or secret data. Returns one row per sensitive column with category, sensitivity, '
    'confidence (0-1) and evidence, and records the result in steward.data_classification (manual decisions win). '
    'A table the caller cannot read, or that another session keeps locked for 2 s, is skipped with a NOTICE. See docs/classification.md.';

CREATE FUNCTION steward.set_classification(relation regclass, column_name name, category text,
                                           sensitivity text DEFAULT NULL)
RETURNS void
LANGUAGE c VOLATILE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'set_classification';
COMMENT ON FUNCTION steward.set_classification(regclass, name, text, text) IS
    'Records a manual decision for one column, which classify_data() never overwrites: its category (NULL: not sensitive, '
    'which also stops detection) and sensitivity (NULL: the category''s default from steward.category_sensitivity). '
    'The caller must own the table or the extension.';

CREATE FUNCTION steward.reset_classification(relation regclass, column_name name DEFAULT NULL)
RETURNS integer
LANGUAGE c VOLATILE
SET search_path = pg_catalog, pg_temp
AS 'MODULE_PATHNAME', 'reset_classification';
COMMENT ON FUNCTION steward.reset_classification(regclass, name) IS
    'Forgets the classification of one column (or of every column of the table when column_name is NULL), manual '
    'decisions included, so that the next classify_data() detects it again. Returns the number of rows removed. '
    'The caller must own the table or the extension.';

-- Least privilege: nothing for PUBLIC but reading the category catalogue. pg_read_all_data may
-- already read every table; it may classify them too. Grant the functions to others as needed.
REVOKE ALL ON steward.data_classification, steward.classified_columns, steward.classification_rule,
              steward.category_sensitivity FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION steward.classify_data(name, integer), steward.set_classification(regclass, name, text, text),
                           steward.reset_classification(regclass, name), steward.forget_dropped_classification(),
                           steward.follow_renamed_columns()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION steward.classify_data(name, integer) TO pg_read_all_data;
