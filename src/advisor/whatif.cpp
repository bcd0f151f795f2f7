// steward.whatif(): a statement planned with and without indexes that do not exist (and without
// indexes that do); steward.explain_query(): its plan, or EXPLAIN ANALYZE run in a subtransaction
// that is always rolled back.
#include "advisor/hypothetical.hpp"
#include "advisor/planning.hpp"
#include "pg/boundary.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
}

namespace steward::advisor {
namespace {

const char *IndexName(const WhatIfSet *set, Oid oid) {
  if (const HypotheticalIndex *index = FindHypothetical(set, oid)) return index->name;
  const char *name = get_rel_name(oid);
  return name != nullptr ? name : "?";
}

// Adds a whatif() entry to the set: CREATE INDEX (hypothetical) or DROP INDEX (hidden).
void AddEntry(WhatIfSet *set, const char *text) {
  RawStmt *raw = ParseOneStatement(text, "index statement");
  if (IsA(raw->stmt, IndexStmt)) {
    AddHypotheticalIndex(set, castNode(IndexStmt, raw->stmt), text);
    return;
  }
  if (IsA(raw->stmt, DropStmt) && castNode(DropStmt, raw->stmt)->removeType == OBJECT_INDEX) {
    ListCell *cell;
    foreach (cell, castNode(DropStmt, raw->stmt)->objects) {
      RangeVar *name = makeRangeVarFromNameList(static_cast<List *>(lfirst(cell)));
      const Oid index = RangeVarGetRelid(name, AccessShareLock, true);
      if (!OidIsValid(index) || get_rel_relkind(index) != RELKIND_INDEX)
        ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT),
                        errmsg("index statement \"%s\" names index \"%s\", which does not exist",
                               text, NameListToString(static_cast<List *>(lfirst(cell)))),
                        errhint("DROP INDEX entries hide existing indexes (partitioned indexes "
                                "are hidden through their partitions' indexes).")));
      HideIndex(set, index);
    }
    return;
  }
  ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                  errmsg("index statement \"%s\" is neither CREATE INDEX nor DROP INDEX", text),
                  errhint("Give CREATE INDEX statements on existing tables, or DROP INDEX name to "
                          "hide an existing index.")));
}

Datum TextArray(List *names) {
  const int count = list_length(names);
  Datum *values = static_cast<Datum *>(palloc(sizeof(Datum) * (count + 1)));
  int n = 0;
  ListCell *cell;
  foreach (cell, names) values[n++] = CStringGetTextDatum(static_cast<const char *>(lfirst(cell)));
  return PointerGetDatum(construct_array(values, n, TEXTOID, -1, false, TYPALIGN_INT));
}

Datum WhatIf(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    if (PG_ARGISNULL(0))
      ereport(ERROR,
              (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("query must not be NULL"),
               errhint("SELECT * FROM steward.whatif('SELECT ...', ARRAY['CREATE INDEX ...']);")));
    const char *query = text_to_cstring(PG_GETARG_TEXT_PP(0));
    const AnalyzedStatement statement = AnalyzeStatement(query);
    WhatIfSet *set = CreateWhatIfSet();
    if (!PG_ARGISNULL(1)) {
      ArrayType *entries = PG_GETARG_ARRAYTYPE_P(1);
      Datum *values;
      bool *nulls;
      int count;
      deconstruct_array(entries, TEXTOID, -1, false, TYPALIGN_INT, &values, &nulls, &count);
      for (int i = 0; i < count; ++i)
        if (!nulls[i]) AddEntry(set, TextDatumGetCString(values[i]));
    }
    StringInfoData before, after;
    initStringInfo(&before);
    initStringInfo(&after);
    const PlanResult plain = PlanWith(statement, nullptr, &before);
    const PlanResult changed = PlanWith(statement, set, &after);
    // Names while the set is still there to name its indexes.
    List *names = NIL;
    ListCell *cell;
    foreach (cell, changed.indexes)
      names = lappend(names, pstrdup(IndexName(set, lfirst_oid(cell))));

    InitMaterializedSRF(fcinfo, 0);
    auto *result = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    Datum values[5] = {Float8GetDatum(plain.cost), Float8GetDatum(changed.cost),
                       CStringGetTextDatum(before.data), CStringGetTextDatum(after.data),
                       TextArray(names)};
    bool nulls[5] = {false, false, false, false, false};
    tuplestore_putvalues(result->setResult, result->setDesc, values, nulls);
  });
  return Datum(0);
}

// EXPLAIN (ANALYZE, BUFFERS) of a statement, in a subtransaction rolled back whatever happens:
// a data-modifying statement changes nothing.
void ExplainAnalyze(const char *text, StringInfo plan) {
  MemoryContext caller = CurrentMemoryContext;
  ResourceOwner owner = CurrentResourceOwner;
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  BeginInternalSubTransaction(nullptr);
  PG_TRY();
  {
    const char *explain = psprintf("EXPLAIN (ANALYZE, BUFFERS) %s", text);
    if (SPI_execute(explain, false, 0) != SPI_OK_UTILITY) elog(ERROR, "EXPLAIN ANALYZE failed");
    MemoryContext spi = MemoryContextSwitchTo(caller);
    for (uint64 row = 0; row < SPI_processed; ++row) {
      if (row > 0) appendStringInfoChar(plan, '\n');
      appendStringInfoString(plan, SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1));
    }
    MemoryContextSwitchTo(spi);
  }
  PG_CATCH();
  {
    MemoryContextSwitchTo(caller);
    ErrorData *error = CopyErrorData();
    FlushErrorState();
    RollbackAndReleaseCurrentSubTransaction();
    MemoryContextSwitchTo(caller);
    CurrentResourceOwner = owner;
    SPI_finish();
    ReThrowError(error);
  }
  PG_END_TRY();
  RollbackAndReleaseCurrentSubTransaction();
  MemoryContextSwitchTo(caller);
  CurrentResourceOwner = owner;
  SPI_finish();
}

Datum ExplainQuery(FunctionCallInfo fcinfo) {
  return pg::Call([&] {
    if (PG_ARGISNULL(0))
      ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("query must not be NULL"),
                      errhint("SELECT steward.explain_query('SELECT ...');")));
    const char *query = text_to_cstring(PG_GETARG_TEXT_PP(0));
    const bool analyze = !PG_ARGISNULL(1) && PG_GETARG_BOOL(1);
    // Parsed and checked first: one plannable statement, readable by the caller.
    const AnalyzedStatement statement = AnalyzeStatement(query);
    StringInfoData plan;
    initStringInfo(&plan);
    if (!analyze) {
      PlanWith(statement, nullptr, &plan);
    } else {
      if (statement.parameters > 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("query has parameters ($1 ...) and cannot run with analyze"),
                        errdetail("In: %s", query),
                        errhint("Put values in place of the parameters, or leave analyze off.")));
      ExplainAnalyze(query, &plan);
    }
    return CStringGetTextDatum(plan.data);
  });
}

Datum EstimateIndexSize(FunctionCallInfo fcinfo) {
  return pg::Call([&] {
    if (PG_ARGISNULL(0))
      ereport(ERROR,
              (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("index_statement must not be NULL"),
               errhint("SELECT steward.estimate_index_size('CREATE INDEX ON t (c)');")));
    const char *statement = text_to_cstring(PG_GETARG_TEXT_PP(0));
    RawStmt *raw = ParseOneStatement(statement, "index statement");
    if (!IsA(raw->stmt, IndexStmt))
      ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                      errmsg("index statement \"%s\" is not CREATE INDEX", statement),
                      errhint("Give a CREATE INDEX statement on an existing table.")));
    WhatIfSet *set = CreateWhatIfSet();
    const HypotheticalIndex *index =
        AddHypotheticalIndex(set, castNode(IndexStmt, raw->stmt), statement);
    return Int64GetDatum(static_cast<int64>(EstimatedBytes(index)));
  });
}

}  // namespace
}  // namespace steward::advisor

STEWARD_SQL_FUNCTION(steward_whatif, steward::advisor::WhatIf)
STEWARD_SQL_FUNCTION(steward_explain_query, steward::advisor::ExplainQuery)
STEWARD_SQL_FUNCTION(steward_estimate_index_size, steward::advisor::EstimateIndexSize)
