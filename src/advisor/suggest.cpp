// steward.suggest_indexes() and suggest_indexes_for(): a set of indexes for a whole workload.
// Each statement is analyzed once and planned many times: without added indexes, then with each
// candidate added to the indexes chosen so far. The candidate saving the most planner cost per
// byte (net of what it costs the workload's writes) joins the set, until the next one saves less
// than min_improvement of the workload's cost or does not fit the budget.
#include <algorithm>
#include <map>
#include <set>

#include "advisor/candidates.hpp"
#include "advisor/normalize.hpp"
#include "pg/arguments.hpp"
#include "pg/cancel_timer.hpp"
#include "pg/spi.hpp"
#include "pg_steward.hpp"

extern "C" {
#include "access/nbtree.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_statistic.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "storage/latch.h"
}

#include "advisor/hypothetical.hpp"
#include "advisor/planning.hpp"
#include "advisor/workload.hpp"

namespace steward::advisor {
namespace {

// What one index entry written costs, in planner cost units (a sequential page read is 1): an
// INSERT, or an UPDATE that changes an indexed column, writes one entry into each index.
constexpr double kIndexWriteCost = 1.0;
constexpr int kMaxStatements = 1000;
constexpr double kBudgetMargin = 0.05;

struct Statement {
  std::optional<long long> queryid;
  std::string text;
  double calls = 1;
  double rows_per_call = 1;  // pg_stat_statements' rows / calls
  bool rows_known = false;   // from pg_stat_statements
  AnalyzedStatement analyzed{};
  StatementFacts facts{};
  double base_cost = 0;  // without added indexes
  double cost = 0;       // with the indexes chosen so far
};

struct Skipped {
  std::optional<long long> queryid;
  std::string text, reason;
};

struct Candidate {
  IndexDefinition definition;
  HypotheticalIndex *index = nullptr;
  double bytes = 0;
  std::set<AttrNumber> attributes;  // table columns it covers (0: an expression's)
};

struct Existing {
  Oid oid;
  std::string name;
  IndexDefinition definition;
  bool needed;  // backs a constraint or uniqueness
  bool valid;
  long long scans;
};

std::string Text(const pg::Cell &cell) { return cell.value_or(""); }

// The workload: pg_stat_statements of this database, or the given queries.
std::vector<Statement> ReadWorkload(const pg::Spi &spi, FunctionCallInfo fcinfo, double min_calls,
                                    std::vector<Skipped> &skipped) {
  std::vector<Statement> statements;
  if (!PG_ARGISNULL(3)) {
    // The texts in palloc'd memory first: no C++ object lives across the PostgreSQL calls.
    int count = 0;
    char **array = pg::Call([&] {
      Datum *values;
      bool *nulls;
      deconstruct_array(PG_GETARG_ARRAYTYPE_P(3), TEXTOID, -1, false, TYPALIGN_INT, &values, &nulls,
                        &count);
      char **out = static_cast<char **>(palloc0(sizeof(char *) * (count + 1)));
      for (int i = 0; i < count; ++i)
        out[i] = nulls[i] ? pstrdup("") : TextDatumGetCString(values[i]);
      return out;
    });
    const std::vector<std::string> texts(array, array + count);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      Statement statement;
      statement.queryid = static_cast<long long>(i + 1);
      statement.text = texts[i];
      statements.push_back(std::move(statement));
    }
    return statements;
  }
  const pg::QueryResult schema = spi.Query(
      "SELECT quote_ident(n.nspname) FROM pg_catalog.pg_extension e "
      "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = "
      "'pg_stat_statements'");
  if (schema.rows.empty())
    throw Error(
        "55000", "pg_stat_statements is not installed in this database",
        "suggest_indexes() reads the workload from pg_stat_statements unless queries are given.",
        "CREATE EXTENSION pg_stat_statements (with pg_stat_statements in "
        "shared_preload_libraries), or pass queries => ARRAY['SELECT ...'].");
  pg::QueryResult rows;
  try {
    rows = spi.Query("SELECT queryid::text, query, calls::float8, rows::float8 FROM " +
                         *schema.rows[0][0] +
                         ".pg_stat_statements WHERE toplevel AND calls >= $1 AND dbid = "
                         "(SELECT oid FROM pg_catalog.pg_database WHERE datname = "
                         "pg_catalog.current_database()) ORDER BY total_exec_time DESC LIMIT " +
                         std::to_string(kMaxStatements),
                     {pg::Parameter::Float8(min_calls)});
  } catch (const Error &error) {
    throw Error("55000", "pg_stat_statements cannot be read: " + std::string(error.what()),
                error.Detail(),
                "Add pg_stat_statements to shared_preload_libraries and restart, or pass "
                "queries => ARRAY['SELECT ...'].");
  }
  for (const pg::Row &row : rows.rows) {
    Statement statement;
    statement.queryid = std::stoll(Text(row[0]));
    statement.text = Text(row[1]);
    statement.calls = std::stod(Text(row[2]));
    statement.rows_per_call =
        std::max(1.0, std::stod(Text(row[3])) / std::max(1.0, statement.calls));
    statement.rows_known = true;
    if (statement.text == "<insufficient privilege>") {
      skipped.push_back({statement.queryid, statement.text,
                         "query text not visible: it needs membership in pg_read_all_stats"});
      continue;
    }
    statements.push_back(std::move(statement));
  }
  return statements;
}

// The planning time limit (steward.advisor_planning_ms).
pg::CancelTimer planning_timer;

// Analyzes, extracts and plans each statement without added indexes, in a subtransaction: a
// statement that cannot be planned, or not within steward.advisor_planning_ms, is skipped with
// its reason.
void Prepare(std::vector<Statement> &statements, std::vector<Skipped> &skipped,
             std::vector<Statement> &unplanned_writes) {
  const int limit = steward::advisor_planning_ms;
  std::vector<Statement> ready;
  for (Statement &statement : statements) {
    const std::string text = RepairNormalizedQuery(statement.text);
    const pg::SubtransactionScope scope = pg::BeginSubtransaction();
    try {
      pg::Call([&] {
        planning_timer.Start(limit);
        statement.analyzed = AnalyzeStatement(pstrdup(text.c_str()));
        if (statement.rows_known) BindLimits(statement.analyzed, statement.rows_per_call);
        statement.facts = ExtractFacts(statement.analyzed);
        statement.base_cost = PlanWith(statement.analyzed, nullptr, nullptr).cost;
        planning_timer.Stop();
      });
    } catch (const Error &error) {
      planning_timer.Stop();
      pg::RollbackSubtransaction(scope);
      if (planning_timer.Fired()) {
        skipped.push_back({statement.queryid, statement.text,
                           "planning took longer than steward.advisor_planning_ms (" +
                               std::to_string(limit) + " ms)"});
        continue;
      }
      const std::string error_class = error.SqlStateClass();
      if (error_class == "57" || error_class == "53") throw;  // cancel, shutdown, resources
      skipped.push_back({statement.queryid, statement.text, error.what()});
      // Unplanned, it still writes: its table and columns, for the write penalty.
      std::optional<Error> unread = pg::TryInSubtransaction(
          [&] { pg::Call([&] { statement.facts = WriteFacts(pstrdup(text.c_str())); }); });
      if (!unread && OidIsValid(statement.facts.written))
        unplanned_writes.push_back(std::move(statement));
      continue;
    }
    pg::ReleaseSubtransaction(scope);
    // The timer fired after the work was done: its cancel is ours, not the caller's.
    planning_timer.Finish();
    statement.cost = statement.base_cost;
    ready.push_back(std::move(statement));
  }
  statements = std::move(ready);
}

struct ColumnFacts {
  double distinct = -1, correlation = 0, width = 0, null_fraction = 0;
};

// Covering indexes hold only narrow columns (see GatherCandidates), so that an index-only scan
// does not cost an index as large as the table.
constexpr double kIncludedWidth = 16;

// pg_stats of a table's columns: distinct values (as a count) and correlation.
std::map<std::string, ColumnFacts> ColumnStatistics(const pg::Spi &spi, Oid relid, double rows) {
  std::map<std::string, ColumnFacts> out;
  const pg::QueryResult result = spi.Query(
      "SELECT quote_ident(a.attname), s.stadistinct::float8, s.stawidth::float8, "
      "s.stanullfrac::float8, "
      "       (SELECT v[1] FROM (SELECT CASE WHEN s.stakind1 = 3 THEN s.stanumbers1 "
      "          WHEN s.stakind2 = 3 THEN s.stanumbers2 WHEN s.stakind3 = 3 THEN s.stanumbers3 "
      "          WHEN s.stakind4 = 3 THEN s.stanumbers4 WHEN s.stakind5 = 3 THEN s.stanumbers5 "
      "END) c(v))::float8 "
      "  FROM pg_catalog.pg_statistic s JOIN pg_catalog.pg_attribute a "
      "    ON a.attrelid = s.starelid AND a.attnum = s.staattnum "
      " WHERE s.starelid = $1::text::oid",
      {pg::Parameter::Text(std::to_string(relid))});
  for (const pg::Row &row : result.rows) {
    ColumnFacts facts;
    const double distinct = row[1] ? std::stod(*row[1]) : 0;
    facts.distinct = distinct > 0 ? distinct : distinct < 0 ? -distinct * rows : -1;
    facts.width = row[2] ? std::stod(*row[2]) : 0;
    facts.null_fraction = row[3] ? std::stod(*row[3]) : 0;
    facts.correlation = row[4] ? std::stod(*row[4]) : 0;
    out[Text(row[0])] = facts;
  }
  return out;
}

// The candidates of every statement, without duplicates.
std::vector<IndexDefinition> GatherCandidates(const pg::Spi &spi,
                                              const std::vector<Statement> &statements) {
  struct Table {
    std::string name;
    double rows = 0;
    std::map<std::string, ColumnFacts> columns;
  };
  std::map<Oid, Table> tables;
  const bool trigram =
      !spi.Query("SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pg_trgm'").rows.empty();
  std::vector<IndexDefinition> out;
  for (const Statement &statement : statements) {
    std::map<Oid, TableUse> uses;
    pg::Call([&] {
      ListCell *cell;
      foreach (cell, statement.facts.keys) {
        const auto *record = static_cast<KeyRecord *>(lfirst(cell));
        TableUse &use = uses[record->relid];
        KeyUse key;
        key.key = record->key;
        key.expression = record->expression;
        key.role = static_cast<KeyRole>(record->role);
        key.descending = record->descending;
        key.nulls_first = record->nulls_first;
        if (record->condition != nullptr) key.condition = record->condition;
        key.null_test = record->null_test;
        use.uses.push_back(key);
      }
      foreach (cell, statement.facts.columns) {
        const auto *record = static_cast<ColumnRecord *>(lfirst(cell));
        auto found = uses.find(record->relid);
        if (found == uses.end()) continue;
        std::vector<std::string> &read = found->second.columns_read;
        if (std::find(read.begin(), read.end(), record->column) == read.end())
          read.push_back(record->column);
      }
    });
    for (auto &[relid, use] : uses) {
      auto table = tables.find(relid);
      if (table == tables.end()) {
        Table t;
        const pg::QueryResult info = spi.Query(
            "SELECT c.oid::regclass::text, greatest(c.reltuples, 0)::float8, n.nspname "
            "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            " WHERE c.oid = $1::text::oid",
            {pg::Parameter::Text(std::to_string(relid))});
        if (info.rows.empty()) continue;
        const std::string schema = Text(info.rows[0][2]);
        // Catalogs and steward's own tables are not the workload's.
        if (schema == "pg_catalog" || schema == "information_schema" || schema == "steward" ||
            schema == "pg_toast")
          continue;
        t.rows = std::stod(Text(info.rows[0][1]));
        t.name = pg::Call([&] {
          return std::string(quote_qualified_identifier(
              get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid)));
        });
        t.columns = ColumnStatistics(spi, relid, t.rows);
        table = tables.emplace(relid, std::move(t)).first;
      }
      use.table = table->second.name;
      use.oid = relid;
      use.rows = table->second.rows;
      use.trigram_available = trigram;
      for (KeyUse &key : use.uses) {
        auto column = table->second.columns.find(key.key);
        if (column == table->second.columns.end()) continue;
        key.distinct = column->second.distinct;
        key.correlation = column->second.correlation;
        key.null_fraction = column->second.null_fraction;
      }
      // A covering index must hold every column the statement reads (an index-only scan), and
      // only narrow ones: keys and included columns together within twice kIncludedWidth.
      double width = 0;
      for (const std::string &column : use.columns_read) {
        auto found = table->second.columns.find(column);
        width += found == table->second.columns.end() || found->second.width <= 0
                     ? 2 * kIncludedWidth
                     : found->second.width;
      }
      if (width > 2 * kIncludedWidth) use.columns_read.clear();
      for (IndexDefinition &definition : CandidatesFor(use))
        if (std::find(out.begin(), out.end(), definition) == out.end())
          out.push_back(std::move(definition));
    }
  }
  return out;
}

// The B-tree, GIN, BRIN and hash indexes of the workload's tables, as definitions.
std::vector<Existing> ExistingIndexes(const pg::Spi &spi, const std::set<Oid> &tables) {
  std::vector<Existing> out;
  for (Oid relid : tables) {
    // One row per column of each index of the table, in order.
    const pg::QueryResult result = spi.Query(
        "SELECT i.indexrelid::text, quote_ident(n.nspname) || '.' || quote_ident(c.relname), "
        "       a.amname, (k <= i.indnkeyatts)::text, "
        "       (i.indisunique OR i.indisprimary OR i.indisexclusion OR EXISTS ("
        "          SELECT FROM pg_catalog.pg_constraint r WHERE r.conindid = i.indexrelid))::text, "
        "       i.indisvalid::text, "
        "       coalesce(pg_catalog.pg_stat_get_numscans(i.indexrelid), 0)::text, "
        "       pg_catalog.pg_get_expr(i.indpred, i.indrelid), "
        "       CASE WHEN i.indkey[k - 1] = 0 "
        "            THEN '(' || pg_catalog.pg_get_indexdef(i.indexrelid, k, false) || ')' "
        "            ELSE pg_catalog.pg_get_indexdef(i.indexrelid, k, false) END "
        "       || CASE WHEN k <= i.indnkeyatts AND i.indoption[k - 1] & 1 = 1 "
        "               THEN ' DESC' ELSE '' END "
        "  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid "
        "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "  JOIN pg_catalog.pg_am a ON a.oid = c.relam "
        "  CROSS JOIN LATERAL generate_series(1, i.indnatts) k "
        " WHERE i.indrelid = $1::text::oid ORDER BY i.indexrelid, k",
        {pg::Parameter::Text(std::to_string(relid))});
    for (const pg::Row &row : result.rows) {
      const Oid oid = static_cast<Oid>(std::stoul(Text(row[0])));
      if (out.empty() || out.back().oid != oid) {
        Existing index;
        index.oid = oid;
        index.name = Text(row[1]);
        index.definition.oid = relid;
        index.definition.method = Text(row[2]);
        index.needed = Text(row[4]) == "true";
        index.valid = Text(row[5]) == "true";
        index.scans = std::stoll(Text(row[6]));
        index.definition.predicate = Text(row[7]);
        out.push_back(std::move(index));
      }
      IndexDefinition &definition = out.back().definition;
      (Text(row[3]) == "true" ? definition.keys : definition.include).push_back(Text(row[8]));
    }
  }
  return out;
}

// Workload cost with the given set active, for the statements that touch table (all when
// table is InvalidOid); updates the statements' costs when keep is true.
double Evaluate(std::vector<Statement> &statements, WhatIfSet *set, Oid table, bool keep) {
  double total = 0;
  for (Statement &statement : statements) {
    const bool relevant = !OidIsValid(table) ||
                          pg::Call([&] { return list_member_oid(statement.facts.tables, table); });
    double cost = statement.cost;
    if (relevant) cost = pg::Call([&] { return PlanWith(statement.analyzed, set, nullptr).cost; });
    if (keep) statement.cost = cost;
    total += statement.calls * cost;
  }
  return total;
}

// What a set of indexes does to the statements that read one table, against their current
// costs: the cost saved (weighted by calls) and the cost of the statements it lowers.
struct Gain {
  double net = 0;     // saved, less the write penalty once the caller subtracts it
  double helped = 0;  // current cost of the statements whose cost it lowers
};

// An index pays when it lowers the cost of the statements it helps by at least min_improvement
// of their cost, and when the share of the workload's cost it saves is at least
// kSizeWeight * min_improvement (0.5 by default) times the share it adds to the size of the
// workload's tables: a small index may serve a rare statement, a large one must serve much of the
// workload.
constexpr double kSizeWeight = 10;
struct Economy {
  double min_improvement;
  double workload;    // planner cost of the workload, weighted by calls
  double data_bytes;  // size of the tables the workload reads
  bool Pays(const Gain &gain, double bytes) const {
    return gain.net > 0 && gain.helped > 0 && gain.net >= min_improvement * gain.helped &&
           gain.net / workload >= kSizeWeight * min_improvement * bytes / std::max(data_bytes, 1.0);
  }
};

// reverse: the set is the current one without an index; the saving is then what the index adds
// (statement costs under the set, minus their current costs).
Gain Measure(const std::vector<Statement> &statements, const std::vector<std::size_t> &relevant,
             WhatIfSet *set, bool reverse = false) {
  Gain gain;
  for (std::size_t k : relevant) {
    const Statement &statement = statements[k];
    const double cost = pg::Call([&] { return PlanWith(statement.analyzed, set, nullptr).cost; });
    const double saved = reverse ? cost - statement.cost : statement.cost - cost;
    if (saved <= statement.cost * 1e-6) continue;
    gain.net += statement.calls * saved;
    gain.helped += statement.calls * (reverse ? cost : statement.cost);
  }
  return gain;
}

// What an index costs the workload's writes: an entry per row an INSERT writes, per row an
// UPDATE of one of its columns writes.
double WritePenalty(const std::vector<Statement> &statements, const Candidate &candidate) {
  double penalty = 0;
  for (const Statement &statement : statements) {
    if (statement.facts.written != candidate.definition.oid) continue;
    bool writes = statement.facts.command == CMD_INSERT;
    if (statement.facts.command == CMD_UPDATE)
      for (AttrNumber attribute : candidate.attributes)
        writes = writes || attribute == 0 ||
                 pg::Call([&] { return bms_is_member(attribute, statement.facts.updated); });
    if (writes) penalty += statement.calls * statement.rows_per_call * kIndexWriteCost;
  }
  return penalty;
}

WhatIfSet *SetOf(WhatIfSet *all, const std::vector<Candidate *> &chosen, Candidate *extra) {
  return pg::Call([&] {
    auto *set = static_cast<WhatIfSet *>(palloc0(sizeof(WhatIfSet)));
    *set = *all;
    set->indexes = NIL;
    for (Candidate *c : chosen) set->indexes = lappend(set->indexes, c->index);
    if (extra != nullptr) set->indexes = lappend(set->indexes, extra->index);
    return set;
  });
}

struct Suggestion {
  std::string action, statement, relation, reason;
  Oid relid = InvalidOid;
  double bytes = 0;
  double saved = 0;
  std::vector<long long> queries;
};

struct Arguments {
  std::optional<double> budget_bytes;
  double min_improvement = 0.05;
  double min_calls = 2;
};

std::vector<Suggestion> Suggest(FunctionCallInfo fcinfo, const Arguments &arguments, bool record) {
  pg::Spi spi;
  std::vector<Skipped> skipped;
  std::vector<Statement> statements = ReadWorkload(spi, fcinfo, arguments.min_calls, skipped);
  std::vector<Statement> unplanned_writes;
  Prepare(statements, skipped, unplanned_writes);
  const auto penalty = [&](const Candidate &candidate) {
    return WritePenalty(statements, candidate) + WritePenalty(unplanned_writes, candidate);
  };
  double workload = 0;
  double calls = 0;
  for (const Statement &s : statements) {
    workload += s.calls * s.base_cost;
    calls += s.calls;
  }

  // Candidates as hypothetical indexes, their sizes and columns.
  WhatIfSet *all = pg::Call([] { return CreateWhatIfSet(); });
  std::set<Oid> tables;
  for (const Statement &s : statements)
    pg::Call([&] {
      ListCell *cell;
      foreach (cell, s.facts.tables) tables.insert(lfirst_oid(cell));
    });
  // An extension's tables are its own business (pg_steward's among them, whose background worker
  // shows up in pg_stat_statements): no index is added to them or dropped from them.
  std::string oids;
  for (Oid relid : tables) oids += (oids.empty() ? "" : ",") + std::to_string(relid);
  for (const pg::Row &row :
       spi.Query("SELECT objid::text FROM pg_catalog.pg_depend WHERE classid = "
                 "'pg_catalog.pg_class'::pg_catalog.regclass AND deptype = 'e' "
                 "AND objid = ANY (('{' || $1 || '}')::oid[])",
                 {pg::Parameter::Text(oids)})
           .rows)
    tables.erase(static_cast<Oid>(std::stoul(*row[0])));
  std::vector<Existing> existing = ExistingIndexes(spi, tables);
  std::vector<Candidate> candidates;
  for (IndexDefinition &definition : GatherCandidates(spi, statements)) {
    if (tables.count(definition.oid) == 0) continue;
    bool redundant = false;
    for (const Existing &index : existing)
      redundant = redundant || (index.valid && KeysArePrefix(index.definition, definition)) ||
                  // A unique index's keys find one row: more keys after them add nothing.
                  (index.valid && index.needed && KeysArePrefix(definition, index.definition));
    if (redundant) continue;
    Candidate candidate;
    candidate.definition = definition;
    const std::string text = definition.Statement();
    std::optional<Error> error = pg::TryInSubtransaction([&] {
      pg::Call([&] {
        RawStmt *raw = ParseOneStatement(text.c_str(), "candidate");
        candidate.index =
            AddHypotheticalIndex(all, castNode(IndexStmt, raw->stmt), pstrdup(text.c_str()));
        candidate.bytes = EstimatedBytes(candidate.index);
        for (int i = 0; i < candidate.index->columns; ++i)
          candidate.attributes.insert(candidate.index->attributes[i]);
      });
    });
    if (!error) candidates.push_back(std::move(candidate));
  }

  // Greedy by net benefit per byte. A candidate qualifies when it lowers the cost of the
  // statements it helps by at least min_improvement (of their cost) and saves more than it costs
  // the writes. Benefits are kept from round to round and measured again only for candidates
  // whose statements the last choice may have changed (those reading the chosen index's table).
  std::vector<std::vector<std::size_t>> relevant(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i)
    for (std::size_t k = 0; k < statements.size(); ++k)
      if (pg::Call([&] {
            return list_member_oid(statements[k].facts.tables, candidates[i].definition.oid);
          }))
        relevant[i].push_back(k);
  double data_bytes = 0;
  for (Oid relid : tables)
    data_bytes +=
        std::stod(Text(spi.Query("SELECT (pg_catalog.pg_table_size($1::text::oid) + coalesce(("
                                 "SELECT sum(pg_catalog.pg_table_size(relid)) FROM "
                                 "pg_catalog.pg_partition_tree($1::text::oid) WHERE "
                                 "relid <> $1::text::oid::regclass), 0))::float8",
                                 {pg::Parameter::Text(std::to_string(relid))})
                           .rows[0][0]));
  const Economy economy{arguments.min_improvement, workload, data_bytes};
  std::vector<Candidate *> chosen;
  const auto chosen_bytes = [&] {
    double bytes = 0;
    for (Candidate *c : chosen) bytes += c->bytes;
    return bytes;
  };
  std::vector<bool> taken(candidates.size(), false), stale(candidates.size(), true);
  std::vector<Gain> gains(candidates.size());
  while (workload > 0) {
    Candidate *best = nullptr;
    double best_score = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      Candidate &candidate = candidates[i];
      if (taken[i]) continue;
      // The budget holds the estimated sizes and a margin for their error: a B-tree built comes
      // out within about 10 % of its estimate (more when ANALYZE misjudged the number of
      // distinct values), a set of them within a few per cent.
      if (arguments.budget_bytes &&
          (chosen_bytes() + candidate.bytes) * (1 + kBudgetMargin) > *arguments.budget_bytes)
        continue;
      bool redundant = false;
      for (Candidate *c : chosen)
        redundant = redundant || KeysArePrefix(c->definition, candidate.definition);
      if (redundant) continue;
      if (stale[i]) {
        gains[i] = Measure(statements, relevant[i], SetOf(all, chosen, &candidate));
        gains[i].net -= penalty(candidate);
        stale[i] = false;
      }
      const Gain &gain = gains[i];
      // Per byte, but no index counts as smaller than 1 MB: a tiny index (a BRIN) must not win
      // over a B-tree that serves the same statements far better for a few megabytes more.
      const double score = gain.net / std::max(candidate.bytes, 1048576.0);
      if (economy.Pays(gain, candidate.bytes) && score > best_score) {
        best = &candidate;
        best_score = score;
      }
    }
    if (best == nullptr) break;
    const std::size_t picked = static_cast<std::size_t>(best - candidates.data());
    taken[picked] = true;
    // A chosen index that the new one makes redundant goes.
    chosen.erase(std::remove_if(
                     chosen.begin(), chosen.end(),
                     [&](Candidate *c) { return KeysArePrefix(best->definition, c->definition); }),
                 chosen.end());
    chosen.push_back(best);
    Evaluate(statements, SetOf(all, chosen, nullptr), best->definition.oid, true);
    for (std::size_t i = 0; i < candidates.size(); ++i)
      for (std::size_t k : relevant[i])
        if (std::find(relevant[picked].begin(), relevant[picked].end(), k) !=
            relevant[picked].end())
          stale[i] = true;
  }

  // An index chosen early can be superseded by later ones (a BRIN by a B-tree on the same
  // column): one that no longer qualifies given the others goes, the weakest first.
  double with_all = Evaluate(statements, SetOf(all, chosen, nullptr), InvalidOid, true);
  for (bool pruned = true; pruned && !chosen.empty();) {
    pruned = false;
    std::size_t weakest = 0;
    double weakest_net = 0;
    bool weakest_qualifies = true;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      std::vector<Candidate *> others = chosen;
      others.erase(others.begin() + static_cast<long>(i));
      // What the others cost, against what all cost: the saving of chosen[i] given them.
      const std::size_t index = static_cast<std::size_t>(chosen[i] - candidates.data());
      Gain gain = Measure(statements, relevant[index], SetOf(all, others, nullptr), true);
      gain.net -= penalty(*chosen[i]);
      if (i == 0 || gain.net < weakest_net) {
        weakest = i;
        weakest_net = gain.net;
        weakest_qualifies = economy.Pays(gain, chosen[i]->bytes);
      }
    }
    if (!weakest_qualifies) {
      chosen.erase(chosen.begin() + static_cast<long>(weakest));
      with_all = Evaluate(statements, SetOf(all, chosen, nullptr), InvalidOid, true);
      pruned = true;
    }
  }

  // The indexes each statement's plan uses with the advice applied: planned once.
  std::vector<std::set<Oid>> plan_indexes(statements.size());
  std::set<Oid> used;
  WhatIfSet *advised = SetOf(all, chosen, nullptr);
  for (std::size_t k = 0; k < statements.size(); ++k)
    pg::Call([&] {
      ListCell *cell;
      foreach (cell, PlanWith(statements[k].analyzed, advised, nullptr).indexes) {
        plan_indexes[k].insert(lfirst_oid(cell));
        used.insert(lfirst_oid(cell));
      }
    });

  // What each chosen index saves given the others, and the statements whose plans use it.
  std::vector<Suggestion> out;
  for (Candidate *c : chosen) {
    std::vector<Candidate *> others;
    for (Candidate *o : chosen)
      if (o != c) others.push_back(o);
    const double without =
        Evaluate(statements, SetOf(all, others, nullptr), c->definition.oid, false);
    Suggestion suggestion;
    suggestion.action = "create";
    suggestion.relid = c->definition.oid;
    suggestion.bytes = c->bytes;
    suggestion.saved = workload > 0 ? (without - with_all) / workload : 0;
    std::string name = IndexName(c->definition);
    // Unique among the schema's relations, as CREATE INDEX would need it.
    const Oid namespace_oid = pg::Call([&] { return get_rel_namespace(c->definition.oid); });
    const auto taken = [&](const std::string &candidate) {
      return pg::Call(
          [&] { return OidIsValid(get_relname_relid(candidate.c_str(), namespace_oid)); });
    };
    std::string unique = name;
    for (int n = 1; taken(unique); ++n) unique = name.substr(0, 60) + std::to_string(n);
    name = pg::Call([&] { return std::string(quote_identifier(unique.c_str())); });
    suggestion.statement = c->definition.Statement(name, true);
    for (std::size_t k = 0; k < statements.size(); ++k)
      if (plan_indexes[k].count(c->index->oid) && statements[k].queryid)
        suggestion.queries.push_back(*statements[k].queryid);
    char reason[160];
    snprintf(
        reason, sizeof reason,
        "saves %.1f %% of the workload's planner cost given the other suggestions; used by %zu "
        "statement(s)",
        suggestion.saved * 100, suggestion.queries.size());
    suggestion.reason = reason;
    out.push_back(std::move(suggestion));
  }

  // Existing indexes: unused by the workload (with the advice applied) and never scanned, or
  // redundant next to another; never one a constraint or uniqueness needs.
  const bool from_statistics = PG_ARGISNULL(3);
  for (const Existing &index : existing) {
    if (index.needed) continue;
    std::string reason;
    if (!index.valid) {
      reason =
          "invalid (a CREATE INDEX CONCURRENTLY that failed): it costs writes and serves no query";
    } else {
      for (const Existing &other : existing)
        if (other.oid != index.oid && other.valid &&
            MakesRedundant(other.definition, index.definition) &&
            !(MakesRedundant(index.definition, other.definition) && other.oid > index.oid))
          reason = "redundant with " + other.name + " (same leading columns)";
      // Unused: judged on the whole workload of pg_stat_statements only (a few given queries
      // say nothing about the indexes other statements need).
      if (reason.empty() && from_statistics && !used.count(index.oid) && index.scans == 0)
        reason = "no statement of the workload uses it, and it was never scanned";
    }
    if (reason.empty()) continue;
    Suggestion suggestion;
    suggestion.action = "drop";
    suggestion.relid = index.definition.oid;
    suggestion.statement = "DROP INDEX CONCURRENTLY " + index.name;
    suggestion.reason = reason;
    suggestion.bytes =
        std::stod(Text(spi.Query("SELECT pg_catalog.pg_relation_size($1::text::oid)::float8",
                                 {pg::Parameter::Text(std::to_string(index.oid))})
                           .rows[0][0]));
    out.push_back(std::move(suggestion));
  }

  if (!skipped.empty())
    pg::Call([&] {
      ereport(NOTICE,
              (errmsg("%zu statement(s) of the workload could not be planned and were skipped",
                      skipped.size()),
               errhint("Their reasons are in steward.index_advice_skipped.")));
    });
  if (record) {
    const pg::QueryResult run = spi.Execute(
        "INSERT INTO steward.index_advice_run (source, statements, calls, skipped, workload_cost, "
        "advised_cost) "
        "VALUES ($1, $2::int, $3, $4::int, $5, $6) RETURNING run_id::text",
        {pg::Parameter::Text(from_statistics ? "pg_stat_statements" : "queries"),
         pg::Parameter::Float8(static_cast<double>(statements.size())),
         pg::Parameter::Float8(calls), pg::Parameter::Float8(static_cast<double>(skipped.size())),
         pg::Parameter::Float8(workload), pg::Parameter::Float8(with_all)});
    const std::string run_id = Text(run.rows[0][0]);
    for (const Suggestion &s : out) {
      std::string queries = "{";
      for (std::size_t i = 0; i < s.queries.size(); ++i)
        queries += (i ? "," : "") + std::to_string(s.queries[i]);
      queries += "}";
      spi.Execute(
          "INSERT INTO steward.index_advice (run_id, action, statement, relation, "
          "estimated_size_bytes, "
          "cost_saved, queries, reason) VALUES ($1::text::bigint, $2, $3, $4::text::oid, "
          "$5::bigint, $6, "
          "$7::text::bigint[], $8)",
          {pg::Parameter::Text(run_id), pg::Parameter::Text(s.action),
           pg::Parameter::Text(s.statement), pg::Parameter::Text(std::to_string(s.relid)),
           pg::Parameter::Float8(s.bytes), pg::Parameter::Float8(s.saved),
           pg::Parameter::Text(queries), pg::Parameter::Text(s.reason)});
    }
    for (const Skipped &s : skipped)
      spi.Execute(
          "INSERT INTO steward.index_advice_skipped (run_id, queryid, query, reason) "
          "VALUES ($1::text::bigint, $2::text::bigint, $3, $4)",
          {pg::Parameter::Text(run_id),
           pg::Parameter::Text(s.queryid ? std::optional<std::string>(std::to_string(*s.queryid))
                                         : std::nullopt),
           pg::Parameter::Text(s.text), pg::Parameter::Text(s.reason)});
  }
  return out;
}

void PutRows(FunctionCallInfo fcinfo, const std::vector<Suggestion> &suggestions) {
  pg::Call([&] {
    InitMaterializedSRF(fcinfo, 0);
    auto *set = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    for (const Suggestion &s : suggestions) {
      Datum values[7];
      bool nulls[7] = {false, false, false, false, false, false, false};
      values[0] = CStringGetTextDatum(s.action.c_str());
      values[1] = CStringGetTextDatum(s.statement.c_str());
      values[2] = ObjectIdGetDatum(s.relid);
      values[3] = Int64GetDatum(static_cast<int64>(s.bytes));
      values[4] = Float4GetDatum(static_cast<float4>(s.saved));
      Datum *ids = static_cast<Datum *>(palloc(sizeof(Datum) * (s.queries.size() + 1)));
      for (std::size_t i = 0; i < s.queries.size(); ++i) ids[i] = Int64GetDatum(s.queries[i]);
      values[5] = PointerGetDatum(construct_array(ids, static_cast<int>(s.queries.size()), INT8OID,
                                                  8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
      values[6] = CStringGetTextDatum(s.reason.c_str());
      tuplestore_putvalues(set->setResult, set->setDesc, values, nulls);
    }
  });
}

Datum SuggestIndexes(FunctionCallInfo fcinfo) {
  Arguments arguments;
  if (!PG_ARGISNULL(0)) {
    const int budget = PG_GETARG_INT32(0);
    if (budget < 0)
      throw Error(sqlstate::kInvalidParameterValue,
                  "storage_budget_mb must not be negative, not " + std::to_string(budget), "",
                  "Give the megabytes the new indexes may take, or NULL for no limit.");
    arguments.budget_bytes = static_cast<double>(budget) * 1024 * 1024;
  }
  if (!PG_ARGISNULL(1)) arguments.min_improvement = PG_GETARG_FLOAT4(1);
  if (!PG_ARGISNULL(2)) arguments.min_calls = static_cast<double>(PG_GETARG_INT64(2));
  PutRows(fcinfo, Suggest(fcinfo, arguments, true));
  return Datum(0);
}

}  // namespace
}  // namespace steward::advisor

STEWARD_SQL_FUNCTION(steward_suggest_indexes, steward::advisor::SuggestIndexes)
