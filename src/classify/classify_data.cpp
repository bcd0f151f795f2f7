// SQL entry points of data classification: classify_data(), set_classification(),
// reset_classification(), classification_categories() and classification_pattern_error().
#include <algorithm>
#include <map>
#include <set>

#include <boost/format.hpp>

#include "pg/postgres.hpp"

extern "C" {
#include "utils/inval.h"
}

#include "pg/arguments.hpp"
#include "pg/security.hpp"
#include "pg/spi.hpp"

#include "classify/rules.hpp"
#include "classify/verdict.hpp"

namespace steward::classify {
namespace {

constexpr int kMaxSampleRows = 10000;
// Sampled values are cut to these many characters: enough for every format the validators know
// (a PEM private key is the longest, and is recognised by its first line).
constexpr int kTextValueCap = 200;
// json documents are cut to kJsonValueCap characters; those stored larger than kJsonStoredCap
// bytes (compressed) are not read at all, so that a TOAST-heavy column cannot blow up memory.
constexpr int kJsonValueCap = 8192;
constexpr int kJsonStoredCap = 65536;
// Tables up to this many pages (8 MB) are read with a plain LIMIT: the scan stops after
// sample_rows rows. Larger ones are sampled by blocks (TABLESAMPLE SYSTEM) all over the table.
constexpr double kSmallTablePages = 1024;
constexpr double kRowsPerPageGuess = 50;  // for a table never analyzed
constexpr double kOversample = 3;         // blocks for 3x the rows wanted, then a random subset

std::string Quoted(const std::string &text) { return "\"" + text + "\""; }

std::string JsonString(const std::string &text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += (boost::format("\\u%04x") % static_cast<unsigned>(c)).str();
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Tells every backend that the classification of these tables changed: the audit triggers
// cache which columns they mask per table, and drop that cache on a relcache invalidation.
void AnnounceChange(const std::vector<std::string> &relations) {
  pg::Call([&] {
    for (const std::string &oid : relations)
      CacheInvalidateRelcacheByRelid(static_cast<Oid>(strtoul(oid.c_str(), nullptr, 10)));
  });
}

// The role that owns the extension's tables: the functions write them as that role.
Oid ClassificationOwner(const pg::Spi &spi) {
  const pg::QueryResult owner = spi.Query(
      "SELECT relowner FROM pg_catalog.pg_class WHERE oid = "
      "'steward.data_classification'::regclass");
  return static_cast<Oid>(std::stoul(owner.rows.at(0).at(0).value()));
}

// ---- classify_data() -------------------------------------------------------------------------

struct TableColumn {
  int attnum;
  std::string name;
  std::string quoted;  // quote_ident(name)
  std::string type;
  std::string comment;
  SampleAs sample_as;
};

struct Table {
  std::string oid;
  std::string schema;
  std::string name;
  std::string qualified;  // quote_ident(schema).quote_ident(name)
  bool partitioned;
  bool readable;
  std::string comment;
  bool row_security;  // the caller sees only some rows: its sample cannot refute a detection
  bool has_columns = false;
  std::optional<double> rows_per_page;
  std::vector<TableColumn> columns;
};

struct Scope {
  std::vector<Table> tables;
  int today_year, today_month, today_day;
};

void RequireSampleRows(const std::optional<int> &sample_rows) {
  if (sample_rows && *sample_rows >= 1 && *sample_rows <= kMaxSampleRows) return;
  throw Error(sqlstate::kInvalidParameterValue,
              (boost::format("sample_rows must be between 1 and %1%, not %2%") % kMaxSampleRows %
               (sample_rows ? std::to_string(*sample_rows) : "NULL"))
                  .str(),
              "classify_data() reads at most sample_rows rows of each table, in one scan.",
              "The default, 1000, is enough for every detector; more costs time, not accuracy.");
}

void RequireClassifiableSchema(const pg::Spi &spi, const std::string &schema) {
  const pg::QueryResult found = spi.Query(
      "SELECT n.nspname LIKE 'pg\\_%' OR n.nspname IN ('information_schema', 'steward') "
      "FROM pg_catalog.pg_namespace n WHERE n.nspname = $1",
      {pg::Parameter::Text(schema)});
  if (found.rows.empty())
    throw Error("3F000", "schema " + Quoted(schema) + " does not exist", "",
                "SELECT nspname FROM pg_catalog.pg_namespace; lists the schemas. NULL classifies "
                "every user schema.");
  if (found.rows[0][0].value_or("f") == "t")
    throw Error(sqlstate::kInvalidParameterValue, "schema " + Quoted(schema) + " is not classified",
                "classify_data() never looks into system schemas, information_schema or its own "
                "schema steward.",
                "Name a schema of your own, or NULL for all of them.");
}

Scope ReadScope(const pg::Spi &spi, const std::optional<std::string> &schema) {
  Scope scope;
  const pg::QueryResult today = spi.Query(
      "SELECT extract(year FROM current_date)::int, extract(month FROM current_date)::int, "
      "extract(day FROM current_date)::int");
  scope.today_year = std::stoi(today.rows.at(0)[0].value());
  scope.today_month = std::stoi(today.rows.at(0)[1].value());
  scope.today_day = std::stoi(today.rows.at(0)[2].value());

  // Rows per page from the last ANALYZE (of the leaves of a partitioned table); the current size
  // is read per table, under its lock timeout (SampleTable). No column here locks a table.
  // Domains are judged by their base type.
  const pg::QueryResult columns = spi.Query(
      "SELECT c.oid, n.nspname, c.relname, format('%I.%I', n.nspname, c.relname), c.relkind = 'p', "
      "       has_schema_privilege(n.oid, 'USAGE'), NULL, "
      "       CASE WHEN c.relkind = 'p' THEN "
      "              (SELECT sum(l.reltuples) / nullif(sum(l.relpages), 0) "
      "                 FROM pg_catalog.pg_partition_tree(c.oid) t "
      "                 JOIN pg_catalog.pg_class l ON l.oid = t.relid "
      "                WHERE t.isleaf AND l.reltuples >= 0) "
      "            WHEN c.reltuples >= 0 AND c.relpages > 0 THEN c.reltuples / c.relpages END, "
      "       a.attnum, a.attname, quote_ident(a.attname), "
      "       format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, "
      "                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END), "
      "       col_description(c.oid, a.attnum), has_column_privilege(c.oid, a.attnum, 'SELECT'), "
      "       row_security_active(c.oid), obj_description(c.oid, 'pg_class') "
      "  FROM pg_catalog.pg_class c "
      "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT "
      "a.attisdropped "
      "  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
      " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition "
      "   AND CASE WHEN $1 IS NULL "
      "            THEN n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', "
      "'steward') "
      "            ELSE n.nspname = $1 END "
      " ORDER BY n.nspname, c.relname, a.attnum",
      {pg::Parameter::Text(schema)});
  for (const pg::Row &row : columns.rows) {
    if (scope.tables.empty() || scope.tables.back().oid != row[0].value()) {
      Table table;
      table.oid = row[0].value();
      table.schema = row[1].value();
      table.name = row[2].value();
      table.qualified = row[3].value();
      table.partitioned = row[4].value() == "t";
      table.readable = row[5].value() == "t";
      table.row_security = row[14].value_or("f") == "t";
      table.comment = row[15].value_or("");
      if (row[7]) table.rows_per_page = std::stod(*row[7]);
      scope.tables.push_back(std::move(table));
    }
    Table &table = scope.tables.back();
    table.has_columns = true;
    if (row[13].value_or("f") != "t") continue;  // a column the caller may not read
    TableColumn column;
    column.attnum = std::stoi(row[8].value());
    column.name = row[9].value();
    column.quoted = row[10].value();
    column.type = row[11].value_or("");
    column.comment = row[12].value_or("");
    column.sample_as = HowToSample(column.type);
    table.columns.push_back(std::move(column));
  }
  return scope;
}

// Up to sample_rows rows of the table's columns whose values the classifier reads, each cell cut
// to its cap. One scan for all columns.
pg::QueryResult SampleTable(const pg::Spi &spi, const Table &table,
                            const std::vector<const TableColumn *> &sampled, int sample_rows) {
  std::string columns, cut;
  for (const TableColumn *column : sampled) {
    if (!columns.empty()) {
      columns += ", ";
      cut += ", ";
    }
    columns += column->quoted;
    if (column->sample_as == SampleAs::kJson)
      cut += (boost::format("CASE WHEN pg_catalog.pg_column_size(%1%) <= %2% "
                            "THEN pg_catalog.substr(%1%::text, 1, %3%) END") %
              column->quoted % kJsonStoredCap % kJsonValueCap)
                 .str();
    else
      cut +=
          (boost::format("pg_catalog.substr(%1%::text, 1, %2%)") % column->quoted % kTextValueCap)
              .str();
  }
  const std::string from = (table.partitioned ? "" : "ONLY ") + table.qualified;
  // The current size: pg_relation_size locks the table (and each partition), so it is read here,
  // where a table locked by another session only costs its lock timeout.
  const double pages =
      std::stod(spi.Query("SELECT CASE WHEN c.relkind = 'p' THEN "
                          "         (SELECT coalesce(sum(pg_catalog.pg_relation_size(t.relid)), 0) "
                          "            FROM pg_catalog.pg_partition_tree(c.oid) t WHERE t.isleaf) "
                          "       ELSE pg_catalog.pg_relation_size(c.oid) END "
                          "       / current_setting('block_size')::float8 "
                          "  FROM pg_catalog.pg_class c WHERE c.oid = $1::text::oid",
                          {pg::Parameter::Text(table.oid)})
                    .rows.at(0)
                    .at(0)
                    .value_or("0"));
  if (pages <= kSmallTablePages)
    return spi.Query(
        (boost::format("SELECT %1% FROM %2% LIMIT %3%") % cut % from % sample_rows).str());

  // Blocks for kOversample times the rows wanted, then a random subset of their rows (a LIMIT
  // alone would keep the rows of the first sampled blocks only), cut to text only after the
  // subset is chosen. Too few rows (a stale row estimate): ten times more blocks, at most three
  // times.
  const double rows_per_page = table.rows_per_page.value_or(kRowsPerPageGuess);
  double percent = 100.0 * kOversample * sample_rows / std::max(1.0, rows_per_page * pages);
  pg::QueryResult result;
  for (int attempt = 0; attempt < 4; ++attempt) {
    percent = std::min(100.0, percent);
    result =
        spi.Query((boost::format("SELECT %1% FROM (SELECT %2% FROM %3% TABLESAMPLE SYSTEM "
                                 "(%4$.6f) ORDER BY pg_catalog.random() LIMIT %5%) AS sample") %
                   cut % columns % from % percent % sample_rows)
                      .str());
    if (static_cast<int>(result.rows.size()) >= sample_rows || percent >= 100.0) break;
    percent *= 10;
  }
  return result;
}

// What classify_data() concluded about one column it looked at.
struct Judgement {
  std::string relation;  // OID
  int attnum;
  std::optional<Verdict> verdict;  // std::nullopt: not sensitive
};

std::vector<RuleDefinition> ReadRules(const pg::Spi &spi) {
  std::vector<RuleDefinition> rules;
  const pg::QueryResult rows = spi.Query(
      "SELECT rule_id, coalesce(description, ''), category, name_pattern, value_pattern, "
      "       min_share, confidence "
      "  FROM steward.classification_rule WHERE enabled ORDER BY rule_id");
  for (const pg::Row &row : rows.rows) {
    RuleDefinition rule;
    rule.id = std::stol(row[0].value());
    rule.description = row[1].value_or("");
    const std::optional<Category> category = ParseCategory(row[2].value_or(""));
    if (!category)
      throw Error(sqlstate::kInvalidParameterValue,
                  "classification rule " + row[0].value() + " has an unknown category " +
                      Quoted(row[2].value_or("")),
                  "", "UPDATE steward.classification_rule to fix or delete it");
    rule.category = *category;
    rule.name_pattern = row[3];
    rule.value_pattern = row[4];
    rule.min_share = std::stod(row[5].value());
    rule.confidence = std::stod(row[6].value());
    rules.push_back(std::move(rule));
  }
  return rules;
}

// Classifies one table's columns; manual decisions are left alone.
void ClassifyTable(const pg::Spi &spi, const Table &table, const Scope &scope, const Rules &rules,
                   const std::set<std::pair<std::string, int>> &manual, int sample_rows,
                   std::vector<Judgement> &judgements) {
  std::vector<const TableColumn *> judged, sampled;
  for (const TableColumn &column : table.columns) {
    if (manual.count({table.oid, column.attnum}) > 0) continue;
    judged.push_back(&column);
    if (column.sample_as != SampleAs::kNothing) sampled.push_back(&column);
  }
  if (judged.empty()) return;
  pg::QueryResult rows;
  if (!sampled.empty()) rows = SampleTable(spi, table, sampled, sample_rows);

  std::size_t sampled_index = 0;
  for (const TableColumn *column : judged) {
    ColumnSample sample{table.name, column->name, column->type, column->comment, table.comment, {}};
    if (column->sample_as != SampleAs::kNothing) {
      sample.values.reserve(rows.rows.size());
      for (pg::Row &row : rows.rows) sample.values.push_back(std::move(row[sampled_index]));
      ++sampled_index;
    }
    std::optional<Verdict> verdict = rules.Apply(sample);
    if (!verdict)
      verdict = ClassifyColumn(sample, scope.today_year, scope.today_month, scope.today_day);
    judgements.push_back(Judgement{table.oid, column->attnum, std::move(verdict)});
  }
}

Datum ClassifyData(FunctionCallInfo fcinfo) {
  // (PG_GETARG_NAME casts to PostgreSQL's type Name, which Name() of a category hides here.)
  const std::optional<std::string> schema = pg::NameArgument(fcinfo, 0);
  const std::optional<int> sample_rows =
      PG_ARGISNULL(1) ? std::nullopt : std::optional<int>(PG_GETARG_INT32(1));
  RequireSampleRows(sample_rows);

  pg::Spi spi;
  if (schema) RequireClassifiableSchema(spi, *schema);
  const Oid owner = ClassificationOwner(spi);
  const std::string caller =
      pg::Call([] { return std::string(GetUserNameFromId(GetUserId(), false)); });

  std::set<std::pair<std::string, int>> manual;
  std::vector<RuleDefinition> rule_definitions;
  {
    pg::ActingAs as_owner(owner);
    const pg::QueryResult rows = spi.Query(
        "SELECT relation::oid, attnum FROM steward.data_classification WHERE source = 'manual'");
    for (const pg::Row &row : rows.rows) manual.emplace(row[0].value(), std::stoi(row[1].value()));
    rule_definitions = ReadRules(spi);
  }
  const Rules rules(std::move(rule_definitions));

  const Scope scope = ReadScope(spi, schema);
  std::vector<Judgement> judgements;
  std::vector<std::string> scanned;
  for (const Table &table : scope.tables) {
    if (!table.has_columns) continue;
    if (!table.readable || table.columns.empty()) {
      pg::Call([&] {
        ereport(NOTICE,
                (errmsg("skipped table %s: permission denied", table.qualified.c_str()),
                 errhint("classify_data() runs with your privileges; GRANT SELECT on the table "
                         "(and USAGE on its schema) to classify it.")));
      });
      continue;
    }
    std::vector<Judgement> found;
    const std::optional<Error> error = pg::TryInSubtransaction(
        [&] { ClassifyTable(spi, table, scope, rules, manual, *sample_rows, found); });
    if (error) {
      pg::Call([&] {
        ereport(NOTICE, (errmsg("skipped table %s: %s", table.qualified.c_str(), error->what()),
                         errhint("The other tables were classified.")));
      });
      continue;
    }
    scanned.push_back(table.oid);
    for (Judgement &judgement : found) {
      // A caller who sees only some rows cannot tell that a column holds nothing sensitive.
      if (!judgement.verdict && table.row_security) continue;
      judgements.push_back(std::move(judgement));
    }
  }

  // scanned: the tables; found: the sensitive columns; cleared: the columns judged not
  // sensitive, whose detected rows go.
  std::string scanned_json = "[", found_json = "[", cleared_json = "[";
  for (const std::string &oid : scanned) {
    if (scanned_json.size() > 1) scanned_json += ",";
    scanned_json += oid;
  }
  for (const Judgement &judgement : judgements) {
    if (!judgement.verdict) {
      if (cleared_json.size() > 1) cleared_json += ",";
      cleared_json += (boost::format("{\"relation\":%1%,\"attnum\":%2%}") % judgement.relation %
                       judgement.attnum)
                          .str();
      continue;
    }
    if (found_json.size() > 1) found_json += ",";
    found_json +=
        (boost::format("{\"relation\":%1%,\"attnum\":%2%,\"category\":%3%,"
                       "\"confidence\":%4$.4f,\"evidence\":%5%}") %
         judgement.relation % judgement.attnum % JsonString(Name(judgement.verdict->category)) %
         judgement.verdict->confidence % JsonString(judgement.verdict->evidence))
            .str();
  }
  scanned_json += "]";
  found_json += "]";
  cleared_json += "]";

  // On a standby, or in a read-only transaction, the results are returned but not recorded.
  const bool read_only = pg::Call([] { return RecoveryInProgress() || XactReadOnly; });
  const std::vector<pg::Parameter> parameters = {
      pg::Parameter::Text(scanned_json), pg::Parameter::Text(found_json),
      pg::Parameter::Text(caller), pg::Parameter::Text(cleared_json)};
  constexpr const char *kInput =
      "WITH scanned AS (SELECT value::oid AS relation "
      "                   FROM jsonb_array_elements_text($1::jsonb)), "
      "found AS (SELECT * FROM jsonb_to_recordset($2::jsonb) "
      "            AS f(relation oid, attnum int2, category text, confidence real, evidence "
      "text)) ";
  pg::ActingAs as_owner(owner);
  if (read_only) {
    pg::Call([] {
      ereport(NOTICE, (errmsg("classification not recorded: %s",
                              RecoveryInProgress() ? "the server is a standby"
                                                   : "the transaction is read-only"),
                       errhint("Run classify_data() on the primary to record it.")));
    });
  } else {
    // Rows of tables that are gone without a drop event (temporary tables at session end), and
    // detections of tables that have become partitions (classified at their parent now).
    spi.Execute(
        "DELETE FROM steward.data_classification d "
        " WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid = d.relation) "
        "    OR (d.source = 'detected' AND EXISTS (SELECT FROM pg_catalog.pg_class c "
        "                                           WHERE c.oid = d.relation AND "
        "c.relispartition))");
    spi.Execute(
        std::string(kInput) +
            ", cleared AS (DELETE FROM steward.data_classification d "
            "                USING jsonb_to_recordset($4::jsonb) AS g(relation oid, attnum int2) "
            "               WHERE d.relation = g.relation AND d.attnum = g.attnum "
            "                 AND d.source = 'detected') "
            "INSERT INTO steward.data_classification AS d (relation, attnum, column_name, "
            "       category, sensitivity, confidence, evidence, source, encryption_required, "
            "       classified_at, classified_by) "
            "SELECT f.relation, f.attnum, a.attname, f.category, m.sensitivity, f.confidence, "
            "       f.evidence, 'detected', m.encryption_required, now(), $3 "
            "  FROM found f JOIN steward.category_sensitivity m ON m.category = f.category "
            "  JOIN pg_catalog.pg_attribute a "
            "    ON a.attrelid = f.relation AND a.attnum = f.attnum "
            "ON CONFLICT (relation, attnum) DO UPDATE "
            "   SET column_name = EXCLUDED.column_name, category = EXCLUDED.category, "
            "       sensitivity = EXCLUDED.sensitivity, "
            "       confidence = EXCLUDED.confidence, evidence = EXCLUDED.evidence, "
            "       encryption_required = EXCLUDED.encryption_required, "
            "       classified_at = EXCLUDED.classified_at, "
            "       classified_by = EXCLUDED.classified_by "
            " WHERE d.source = 'detected'",
        parameters);
    AnnounceChange(scanned);
  }
  // What was detected, and the manual decisions for the same tables, with current names.
  const pg::QueryResult result = spi.Query(
      std::string(kInput) +
          "SELECT schema_name, table_name, column_name, category, sensitivity, confidence, "
          "evidence "
          "  FROM (SELECT n.nspname AS schema_name, c.relname AS table_name, "
          "               a.attname AS column_name, f.category, m.sensitivity::text AS "
          "sensitivity, "
          "               f.confidence, f.evidence, a.attnum "
          "          FROM found f "
          "          JOIN steward.category_sensitivity m ON m.category = f.category "
          "          JOIN pg_catalog.pg_class c ON c.oid = f.relation "
          "          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
          "          JOIN pg_catalog.pg_attribute a "
          "            ON a.attrelid = f.relation AND a.attnum = f.attnum "
          "        UNION ALL "
          "        SELECT v.schema_name, v.table_name, v.column_name, v.category, "
          "               v.sensitivity::text, v.confidence, v.evidence, v.attnum "
          "          FROM steward.classified_columns v JOIN scanned s ON s.relation = v.relation "
          "         WHERE v.source = 'manual' AND v.category IS NOT NULL) AS classified "
          " ORDER BY schema_name, table_name, attnum",
      parameters);

  pg::Call([&] {
    InitMaterializedSRF(fcinfo, 0);
    auto *set = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    AttInMetadata *metadata = TupleDescGetAttInMetadata(set->setDesc);
    for (const pg::Row &row : result.rows) {
      char *cells[7];
      for (int i = 0; i < 7; ++i) cells[i] = row[i] ? const_cast<char *>(row[i]->c_str()) : nullptr;
      tuplestore_puttuple(set->setResult, BuildTupleFromCStrings(metadata, cells));
    }
  });
  return Datum(0);
}

// ---- set_classification() and reset_classification() -------------------------------------------

struct Target {
  std::string oid;
  std::string relation;  // as regclass prints it
  std::optional<int> attnum;
};

// The table and column a manual decision is about, after checking that the caller may decide.
// A partition passes only for reset_classification(): its rows may date from before ATTACH.
Target RequireTarget(const pg::Spi &spi, Oid relation, const std::optional<std::string> &column,
                     Oid owner, const char *function) {
  const bool resetting = std::string_view(function) == "reset_classification";
  const pg::QueryResult rows = spi.Query(
      "SELECT c.oid::regclass::text, c.relkind, c.relispartition, "
      "       (SELECT p.inhparent::regclass::text FROM pg_catalog.pg_inherits p "
      "         WHERE p.inhrelid = c.oid LIMIT 1), "
      "       pg_has_role(c.relowner, 'USAGE') OR pg_has_role($3::text::oid, 'USAGE'), "
      "       (SELECT a.attnum FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid "
      "           AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped), "
      "       c.relpersistence = 't' "
      "  FROM pg_catalog.pg_class c WHERE c.oid = $1::text::oid",
      {pg::Parameter::Text(std::to_string(relation)), pg::Parameter::Text(column),
       pg::Parameter::Text(std::to_string(owner))});
  if (rows.rows.empty())
    throw Error(sqlstate::kUndefinedObject,
                "relation with OID " + std::to_string(relation) + " does not exist", "",
                "Pass the table as 'schema.table'.");
  const pg::Row &row = rows.rows[0];
  Target target{std::to_string(relation), row[0].value(), std::nullopt};
  const std::string kind = row[1].value_or("");
  if (kind != "r" && kind != "p")
    throw Error("42809", Quoted(target.relation) + " is not a table",
                std::string(function) + "() classifies columns of ordinary and partitioned tables.",
                "Name the table the view, index or sequence is built on.");
  if (row[6].value_or("f") == "t")
    throw Error("42809", "table " + Quoted(target.relation) + " is a temporary table",
                "A temporary table vanishes with its session; its classification would not.",
                "Classify the permanent table its data comes from.");
  if (row[2].value_or("f") == "t" && !resetting)
    throw Error(
        "42809", "table " + Quoted(target.relation) + " is a partition",
        "Partitioned tables are classified once, at their parent, for every partition.",
        "Call " + std::string(function) + "() with the parent table " + row[3].value_or("") + ".");
  if (row[4].value_or("f") != "t")
    throw Error(sqlstate::kInsufficientPrivilege,
                "permission denied to classify table " + Quoted(target.relation), "",
                "Only the owner of the table or of the extension can change its classification.");
  if (column) {
    if (!row[5])
      throw Error(
          "42703",
          "column " + Quoted(*column) + " of table " + Quoted(target.relation) + " does not exist",
          "", "Column names are case-sensitive: pass them as they are stored, unquoted.");
    target.attnum = std::stoi(*row[5]);
  }
  return target;
}

Datum SetClassification(FunctionCallInfo fcinfo) {
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
    throw Error("22004", "relation and column_name must not be NULL", "",
                "SELECT steward.set_classification('public.customers', 'email', 'email');");
  const Oid relation = PG_GETARG_OID(0);
  const std::string column = pg::NameArgument(fcinfo, 1).value();
  const std::optional<std::string> category = pg::TextArgument(fcinfo, 2);
  const std::optional<std::string> sensitivity = pg::TextArgument(fcinfo, 3);

  pg::Spi spi;
  spi.Query(
      "SELECT steward.require_category($1, 'steward.set_classification()'), "
      "       steward.require_sensitivity($2, 'steward.set_classification()')",
      {pg::Parameter::Text(category), pg::Parameter::Text(sensitivity)});
  if (!category && sensitivity)
    throw Error(sqlstate::kInvalidParameterValue,
                "a column that is not sensitive has no sensitivity",
                "category NULL records column " + Quoted(column) + " as not sensitive.",
                "Pass sensitivity NULL, or a category.");
  const Oid owner = ClassificationOwner(spi);
  const Target target = RequireTarget(spi, relation, column, owner, "set_classification");
  const std::string caller =
      pg::Call([] { return std::string(GetUserNameFromId(GetUserId(), false)); });

  pg::ActingAs as_owner(owner);
  spi.Execute(
      "INSERT INTO steward.data_classification AS d (relation, attnum, column_name, category, "
      "       sensitivity, confidence, evidence, source, encryption_required, classified_at, "
      "       classified_by) "
      "SELECT $1::text::oid, $2::text::int2, $6, $3, "
      "       coalesce($4::steward.sensitivity, m.sensitivity), "
      "       1, CASE WHEN $3 IS NULL THEN 'manual decision: not sensitive' "
      "               ELSE 'manual decision' END, "
      "       'manual', coalesce(m.encryption_required, false), now(), $5 "
      "  FROM (SELECT) AS one LEFT JOIN steward.category_sensitivity m ON m.category = $3 "
      "ON CONFLICT (relation, attnum) DO UPDATE "
      "   SET column_name = EXCLUDED.column_name, category = EXCLUDED.category, "
      "       sensitivity = EXCLUDED.sensitivity, "
      "       confidence = 1, evidence = EXCLUDED.evidence, source = 'manual', "
      "       encryption_required = EXCLUDED.encryption_required, "
      "       classified_at = EXCLUDED.classified_at, classified_by = EXCLUDED.classified_by",
      {pg::Parameter::Text(target.oid), pg::Parameter::Text(std::to_string(*target.attnum)),
       pg::Parameter::Text(category), pg::Parameter::Text(sensitivity), pg::Parameter::Text(caller),
       pg::Parameter::Text(column)});
  AnnounceChange({target.oid});
  PG_RETURN_VOID();
}

Datum ResetClassification(FunctionCallInfo fcinfo) {
  if (PG_ARGISNULL(0))
    throw Error("22004", "relation must not be NULL", "",
                "SELECT steward.reset_classification('public.customers', 'email');");
  const Oid relation = PG_GETARG_OID(0);
  const std::optional<std::string> column = pg::NameArgument(fcinfo, 1);
  pg::Spi spi;
  const Oid owner = ClassificationOwner(spi);
  const Target target = RequireTarget(spi, relation, column, owner, "reset_classification");
  pg::ActingAs as_owner(owner);
  const pg::QueryResult removed = spi.Execute(
      "WITH gone AS (DELETE FROM steward.data_classification "
      "               WHERE relation = $1::text::oid AND ($2::text IS NULL OR attnum = "
      "$2::text::int2) "
      "              RETURNING 1) "
      "SELECT count(*) FROM gone",
      {pg::Parameter::Text(target.oid),
       pg::Parameter::Text(target.attnum
                               ? std::optional<std::string>(std::to_string(*target.attnum))
                               : std::nullopt)});
  AnnounceChange({target.oid});
  PG_RETURN_INT32(std::stoi(removed.rows.at(0).at(0).value()));
}

// ---- Catalogue and pattern check ---------------------------------------------------------------

Datum ClassificationCategories(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    InitMaterializedSRF(fcinfo, MAT_SRF_USE_EXPECTED_DESC);
    auto *set = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    for (const Category category : kAllCategories) {
      Datum value = CStringGetTextDatum(Name(category));
      bool is_null = false;
      tuplestore_putvalues(set->setResult, set->setDesc, &value, &is_null);
    }
  });
  return Datum(0);
}

Datum ClassificationPatternError(FunctionCallInfo fcinfo) {
  const std::string pattern = pg::TextArgument(fcinfo, 0).value();  // STRICT
  const std::optional<std::string> error = PatternError(pattern);
  if (!error) PG_RETURN_NULL();
  return pg::Call([&] { return CStringGetTextDatum(error->c_str()); });
}

}  // namespace
}  // namespace steward::classify

STEWARD_SQL_FUNCTION(classify_data, steward::classify::ClassifyData)
STEWARD_SQL_FUNCTION(set_classification, steward::classify::SetClassification)
STEWARD_SQL_FUNCTION(reset_classification, steward::classify::ResetClassification)
STEWARD_SQL_FUNCTION(classification_categories, steward::classify::ClassificationCategories)
STEWARD_SQL_FUNCTION(classification_pattern_error, steward::classify::ClassificationPatternError)
