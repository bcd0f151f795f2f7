// Hypothetical indexes in the planner: get_relation_info_hook adds an IndexOptInfo for each index
// of the active set (as plancat.c would for a real one, with estimated pages and tuples) and takes
// hidden indexes out; explain_get_index_name_hook names them in plans. PostgreSQL's cost
// estimators know hypothetical indexes (IndexOptInfo.hypothetical): they never open them.
#include "advisor/hypothetical.hpp"

#include <algorithm>
#include <cmath>

extern "C" {
#include "access/amapi.h"
#include "access/attmap.h"
#include "access/htup_details.h"
#include "access/nbtree.h"
#include "access/relation.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/index.h"
#include "catalog/partition.h"
#include "catalog/pg_inherits.h"
#include "catalog/pg_am_d.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_class.h"
#include "catalog/pg_opclass.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "commands/explain.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/clauses.h"
#include "optimizer/optimizer.h"
#include "optimizer/plancat.h"
#include "parser/analyze.h"
#include "parser/parse_utilcmd.h"
#include "rewrite/rewriteManip.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/ruleutils.h"
#include "utils/syscache.h"
}

#include "advisor/index_size.hpp"

namespace steward::advisor {

struct ColumnStatistics {
  double width;
  int alignment;
  double null_fraction;
  double distinct;  // pg_statistic.stadistinct: > 0 a count, < 0 a fraction of rows, 0 unknown
};

namespace {

WhatIfSet *active = nullptr;
get_relation_info_hook_type previous_relation_info = nullptr;
explain_get_index_name_hook_type previous_index_name = nullptr;

int AlignmentOf(char typalign) {
  switch (typalign) {
    case TYPALIGN_SHORT:
      return 2;
    case TYPALIGN_INT:
      return 4;
    case TYPALIGN_DOUBLE:
      return 8;
    default:
      return 1;
  }
}

double EstimatedRows(const char *query);

// An expression has no statistics until an index on it is analyzed: its distinct values (which
// decide how much B-tree deduplication saves: date(created_at) has far fewer than created_at)
// and width come from a sample of about 30,000 rows (whole pages, TABLESAMPLE SYSTEM), the
// distinct values extrapolated as ANALYZE does (Haas and Stokes' Duj1 estimator).
void SampleExpression(Oid relid, Node *expression, ColumnStatistics *statistics) {
  const char *table =
      quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid));
  const char *text =
      deparse_expression(expression, deparse_context_for(get_rel_name(relid), relid), false, false);
  const double rows = EstimatedRows(psprintf("SELECT FROM %s", table));
  if (rows < 1) return;
  const double percent = std::min(100.0, std::max(0.001, 30000 / rows * 100));
  const char *query = psprintf(
      "SELECT sum(c)::float8, count(*)::float8, (count(*) FILTER (WHERE c = 1))::float8, "
      "       (sum(w) / nullif(sum(c), 0))::float8, (sum(c) FILTER (WHERE v IS NULL))::float8 "
      "  FROM (SELECT v, count(*) AS c, sum(pg_catalog.pg_column_size(v)) AS w "
      "          FROM (SELECT (%s) AS v FROM %s TABLESAMPLE SYSTEM (%g)) t GROUP BY v) s",
      text, table, percent);
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  if (SPI_execute(query, true, 1) != SPI_OK_SELECT || SPI_processed != 1) {
    SPI_finish();
    return;
  }
  bool null_n, null_d, null_f1, null_w, null_nulls;
  HeapTuple tuple = SPI_tuptable->vals[0];
  TupleDesc desc = SPI_tuptable->tupdesc;
  const double n = DatumGetFloat8(SPI_getbinval(tuple, desc, 1, &null_n));
  const double d = DatumGetFloat8(SPI_getbinval(tuple, desc, 2, &null_d));
  const double f1 = DatumGetFloat8(SPI_getbinval(tuple, desc, 3, &null_f1));
  const double width = DatumGetFloat8(SPI_getbinval(tuple, desc, 4, &null_w));
  const double nulls = DatumGetFloat8(SPI_getbinval(tuple, desc, 5, &null_nulls));
  SPI_finish();
  if (null_n || null_d || n < 1) return;
  const double f = null_f1 ? 0 : f1;
  statistics->distinct = std::max(1.0, std::min(rows, n * d / (n - f + f * n / rows)));
  if (!null_w && width > 0) statistics->width = width;
  statistics->null_fraction = null_nulls ? 0 : nulls / n;
}

// Width, alignment, null fraction and distinct values of a column of the table (attribute > 0),
// or of an expression: one over a single column takes that column's statistics.
ColumnStatistics StatisticsOf(Oid relid, AttrNumber attribute, Node *expression, Oid type,
                              int32 typmod) {
  ColumnStatistics statistics{0, 1, 0, 0};
  if (attribute == 0 && expression != nullptr) {
    Bitmapset *columns = nullptr;
    pull_varattnos(expression, 1, &columns);
    int member = -1;
    if (bms_num_members(columns) == 1 && (member = bms_next_member(columns, -1)) >= 0)
      attribute = static_cast<AttrNumber>(member + FirstLowInvalidHeapAttributeNumber);
    if (attribute <= 0) attribute = 0;
  }
  const bool inherited = get_rel_relkind(relid) == RELKIND_PARTITIONED_TABLE;
  if (attribute > 0) {
    HeapTuple tuple = SearchSysCache3(STATRELATTINH, ObjectIdGetDatum(relid),
                                      Int16GetDatum(attribute), BoolGetDatum(inherited));
    if (HeapTupleIsValid(tuple)) {
      const auto *form = reinterpret_cast<Form_pg_statistic>(GETSTRUCT(tuple));
      statistics.width = form->stawidth;
      statistics.null_fraction = form->stanullfrac;
      statistics.distinct = form->stadistinct;
      ReleaseSysCache(tuple);
    }
  }
  if (expression != nullptr) SampleExpression(relid, expression, &statistics);
  int16 length;
  bool by_value;
  char alignment;
  get_typlenbyvalalign(type, &length, &by_value, &alignment);
  if (statistics.width <= 0) statistics.width = get_typavgwidth(type, typmod);
  if (length > 0) statistics.width = length;  // an expression's fixed-size result
  // Short varlenas (1-byte header, under 127 bytes) are stored unaligned.
  statistics.alignment = length == -1 && statistics.width < 127 ? 1 : AlignmentOf(alignment);
  return statistics;
}

// B-tree deduplication needs every key column's operator class to say that equal means
// identical (the btequalimage support function).
bool CanDeduplicate(const HypotheticalIndex *index) {
  if (index->am != BTREE_AM_OID || index->unique || index->columns != index->key_columns)
    return false;
  for (int i = 0; i < index->key_columns; ++i) {
    const Oid proc = get_opfamily_proc(index->opfamilies[i], index->opcintypes[i],
                                       index->opcintypes[i], BTEQUALIMAGE_PROC);
    if (!OidIsValid(proc) ||
        !DatumGetBool(OidFunctionCall1Coll(proc, index->collations[i],
                                           ObjectIdGetDatum(index->opcintypes[i]))))
      return false;
  }
  return true;
}

// The planner's row estimate of a query text (its top plan node), planned without hypothetical
// indexes.
double EstimatedRows(const char *query) {
  WhatIfSet *saved = active;
  double rows = 0;
  active = nullptr;
  PG_TRY();
  {
    List *raw = pg_parse_query(query);
    Query *parsed =
        parse_analyze_fixedparams(linitial_node(RawStmt, raw), query, nullptr, 0, nullptr);
    rows = pg_plan_query(parsed, query, 0, nullptr)->planTree->plan_rows;
  }
  PG_FINALLY();
  { active = saved; }
  PG_END_TRY();
  return rows;
}

// The fraction of the table's rows a partial index holds, from the planner's estimates.
double PredicateFraction(Oid relid, List *predicate) {
  if (predicate == NIL) return 1;
  const char *table =
      quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)), get_rel_name(relid));
  List *context = deparse_context_for(get_rel_name(relid), relid);
  const char *condition = deparse_expression(
      reinterpret_cast<Node *>(make_ands_explicit(predicate)), context, false, false);
  const double all = EstimatedRows(psprintf("SELECT FROM %s", table));
  const double matching = EstimatedRows(psprintf("SELECT FROM %s WHERE %s", table, condition));
  return all > 0 ? std::min(1.0, matching / all) : 1.0;
}

// GIN keys one row yields: array elements (pg_statistic's element count histogram holds their
// average last), a jsonb document's keys and values, a text's trigrams.
double GinKeysPerRow(const HypotheticalIndex *index) {
  const ColumnStatistics &statistics = index->statistics[0];
  const Oid type = index->types[0];
  // jsonb_ops: a key or a value per entry, about 10 bytes of the document each; jsonb_path_ops:
  // one hash per path to a value, half as many.
  if (type == JSONBOID) {
    const bool default_class =
        index->opfamilies[0] == get_opclass_family(GetDefaultOpClass(JSONBOID, GIN_AM_OID));
    return std::max(1.0, statistics.width / (default_class ? 10 : 20));
  }
  if (type == TEXTOID || type == VARCHAROID) return std::max(1.0, statistics.width + 1);
  if (OidIsValid(get_element_type(type))) return std::max(1.0, statistics.width / 8);
  return 1;
}

AccessMethod MethodOf(Oid am) {
  switch (am) {
    case BTREE_AM_OID:
      return AccessMethod::kBtree;
    case HASH_AM_OID:
      return AccessMethod::kHash;
    case BRIN_AM_OID:
      return AccessMethod::kBrin;
    case GIN_AM_OID:
      return AccessMethod::kGin;
    default:
      return AccessMethod::kOther;
  }
}

// Size of the index on a table of rows and pages. Pure arithmetic; nothing in it ereports.
IndexSize SizeOn(const HypotheticalIndex *index, double rows, double pages) noexcept {
  try {
    IndexShape shape;
    shape.method = MethodOf(index->am);
    shape.table_rows = rows;
    shape.table_pages = pages;
    shape.row_fraction = index->row_fraction;
    shape.unique = index->unique;
    shape.deduplicate = index->deduplicate;
    shape.gin_keys_per_row = index->gin_keys_per_row;
    for (int i = 0; i < index->columns; ++i) {
      const ColumnStatistics &statistics = index->statistics[i];
      IndexColumn column;
      column.width = statistics.width;
      column.alignment = statistics.alignment;
      column.null_fraction = statistics.null_fraction;
      column.distinct = statistics.distinct > 0   ? statistics.distinct
                        : statistics.distinct < 0 ? -statistics.distinct * rows
                                                  : -1;
      (i < index->key_columns ? shape.keys : shape.included).push_back(column);
    }
    return EstimateIndexSize(shape);
  } catch (...) {
    IndexSize fallback;
    fallback.entries = rows;
    fallback.pages = std::max(1.0, rows * 16 / kBlockSize);
    return fallback;
  }
}

// The index as plancat.c describes a real one to the planner, for the table rel (the index's own
// table, or a partition of it: attribute numbers then follow map, parent to partition).
IndexOptInfo *DescribeIndex(const HypotheticalIndex *index, RelOptInfo *rel, const AttrMap *map) {
  IndexAmRoutine *routine = GetIndexAmRoutineByAmId(index->am, false);
  IndexOptInfo *info = makeNode(IndexOptInfo);
  const int columns = index->columns;
  info->indexoid = index->oid;
  info->reltablespace = rel->reltablespace;
  info->rel = rel;
  info->ncolumns = columns;
  info->nkeycolumns = index->key_columns;
  info->indexkeys = static_cast<int *>(palloc0(sizeof(int) * columns));
  info->indexcollations = static_cast<Oid *>(palloc0(sizeof(Oid) * columns));
  info->opfamily = static_cast<Oid *>(palloc0(sizeof(Oid) * index->key_columns));
  info->opcintype = static_cast<Oid *>(palloc0(sizeof(Oid) * index->key_columns));
  info->canreturn = static_cast<bool *>(palloc0(sizeof(bool) * columns));
  info->opclassoptions = static_cast<bytea **>(palloc0(sizeof(bytea *) * columns));
  const auto mapped = [&](AttrNumber attribute) -> AttrNumber {
    if (attribute <= 0 || map == nullptr) return attribute;
    return map->attnums[attribute - 1];
  };
  for (int i = 0; i < columns; ++i) {
    info->indexkeys[i] = mapped(index->attributes[i]);
    info->indexcollations[i] = index->collations[i];
    // B-tree returns every column for index-only scans; the others here none (conservative).
    info->canreturn[i] = index->am == BTREE_AM_OID;
  }
  for (int i = 0; i < index->key_columns; ++i) {
    info->opfamily[i] = index->opfamilies[i];
    info->opcintype[i] = index->opcintypes[i];
  }
  info->relam = index->am;
  info->amcostestimate = reinterpret_cast<void (*)()>(routine->amcostestimate);
  info->amcanorderbyop = routine->amcanorderbyop;
  info->amoptionalkey = routine->amoptionalkey;
  info->amsearcharray = routine->amsearcharray;
  info->amsearchnulls = routine->amsearchnulls;
  info->amcanparallel = routine->amcanparallel;
  info->amhasgettuple = routine->amgettuple != nullptr;
  info->amhasgetbitmap = routine->amgetbitmap != nullptr;
  info->amcanmarkpos = routine->ammarkpos != nullptr && routine->amrestrpos != nullptr;
  if (index->am == BTREE_AM_OID) {
    info->sortopfamily = info->opfamily;
    info->reverse_sort = static_cast<bool *>(palloc(sizeof(bool) * index->key_columns));
    info->nulls_first = static_cast<bool *>(palloc(sizeof(bool) * index->key_columns));
    for (int i = 0; i < index->key_columns; ++i) {
      info->reverse_sort[i] = index->descending[i];
      info->nulls_first[i] = index->nulls_first[i];
    }
  }
  // Expressions and predicate: the table's range table index, its attribute numbers.
  const auto adapt = [&](List *nodes) -> List * {
    if (nodes == NIL) return NIL;
    Node *copy = static_cast<Node *>(copyObjectImpl(nodes));
    if (map != nullptr) {
      bool whole_row = false;
      copy = map_variable_attnos(copy, 1, 0, map, InvalidOid, &whole_row);
    }
    if (rel->relid != 1) ChangeVarNodes(copy, 1, static_cast<int>(rel->relid), 0);
    return reinterpret_cast<List *>(copy);
  };
  info->indexprs = adapt(index->expressions);
  info->indpred = adapt(index->predicate);
  // The target list of the index's columns (build_index_tlist() in plancat.c).
  ListCell *expression = list_head(info->indexprs);
  for (int i = 0; i < columns; ++i) {
    Expr *column;
    if (info->indexkeys[i] != 0) {
      column = reinterpret_cast<Expr *>(makeVar(rel->relid, info->indexkeys[i], index->types[i],
                                                index->typmods[i], index->collations[i], 0));
    } else {
      column = static_cast<Expr *>(lfirst(expression));
      expression = lnext(info->indexprs, expression);
    }
    info->indextlist = lappend(
        info->indextlist, makeTargetEntry(column, static_cast<AttrNumber>(i + 1), nullptr, false));
  }
  info->unique = index->unique;
  info->immediate = true;
  info->hypothetical = true;
  const IndexSize size = SizeOn(index, rel->tuples, rel->pages);
  info->pages = static_cast<BlockNumber>(std::min(size.pages, 4.0e9));
  info->tuples = size.entries;
  info->tree_height = size.tree_height;
  return info;
}

void OnRelationInfo(PlannerInfo *root, Oid relid, bool inherited_parent, RelOptInfo *rel) {
  if (previous_relation_info != nullptr) previous_relation_info(root, relid, inherited_parent, rel);
  if (active == nullptr || inherited_parent) return;
  ListCell *cell;
  foreach (cell, rel->indexlist) {
    const auto *info = static_cast<IndexOptInfo *>(lfirst(cell));
    if (list_member_oid(active->hidden, info->indexoid))
      rel->indexlist = foreach_delete_current(rel->indexlist, cell);
  }
  List *ancestors = nullptr;
  bool ancestors_read = false;
  foreach (cell, active->indexes) {
    const auto *index = static_cast<HypotheticalIndex *>(lfirst(cell));
    if (index->relid == relid) {
      rel->indexlist = lappend(rel->indexlist, DescribeIndex(index, rel, nullptr));
      continue;
    }
    // An index on a partitioned table stands for one on each of its partitions.
    if (!ancestors_read) {
      ancestors = get_rel_relispartition(relid) ? get_partition_ancestors(relid) : NIL;
      ancestors_read = true;
    }
    if (!list_member_oid(ancestors, index->relid)) continue;
    Relation partition = relation_open(relid, NoLock);
    Relation parent = relation_open(index->relid, AccessShareLock);
    AttrMap *map = build_attrmap_by_name(RelationGetDescr(partition), RelationGetDescr(parent));
    relation_close(parent, NoLock);
    relation_close(partition, NoLock);
    rel->indexlist = lappend(rel->indexlist, DescribeIndex(index, rel, map));
  }
}

const char *OnIndexName(Oid oid) {
  if (const HypotheticalIndex *index = FindHypothetical(active, oid)) return index->name;
  return previous_index_name != nullptr ? previous_index_name(oid) : nullptr;
}

// An OID no relation has: counted down from the top of the OID space.
Oid UnusedOid(WhatIfSet *set) {
  while (SearchSysCacheExists1(RELOID, ObjectIdGetDatum(set->next_oid))) --set->next_oid;
  return set->next_oid--;
}

[[noreturn]] void StatementError(const char *text, const char *problem) {
  ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                  errmsg("index statement \"%s\" %s", text, problem),
                  errhint("Give CREATE INDEX statements on existing tables, or DROP INDEX name to "
                          "hide an existing index.")));
}

}  // namespace

WhatIfSet *CreateWhatIfSet() {
  MemoryContext context =
      AllocSetContextCreate(CurrentMemoryContext, "pg_steward what-if", ALLOCSET_DEFAULT_SIZES);
  auto *set = static_cast<WhatIfSet *>(MemoryContextAllocZero(context, sizeof(WhatIfSet)));
  set->context = context;
  set->next_oid = PG_UINT32_MAX - 1;
  return set;
}

PlanResult PlanWith(const AnalyzedStatement &statement, WhatIfSet *set, StringInfo explain_text) {
  WhatIfSet *saved = active;
  PlanResult result{0, NIL};
  active = set;
  PG_TRY();
  { result = PlanStatement(statement, nullptr, explain_text); }
  PG_FINALLY();
  { active = saved; }
  PG_END_TRY();
  return result;
}

void HideIndex(WhatIfSet *set, Oid index) {
  MemoryContext previous = MemoryContextSwitchTo(set->context);
  set->hidden = lappend_oid(set->hidden, index);
  MemoryContextSwitchTo(previous);
}

const HypotheticalIndex *FindHypothetical(const WhatIfSet *set, Oid oid) {
  if (set == nullptr) return nullptr;
  ListCell *cell;
  foreach (cell, set->indexes) {
    const auto *index = static_cast<HypotheticalIndex *>(lfirst(cell));
    if (index->oid == oid) return index;
  }
  return nullptr;
}

HypotheticalIndex *AddHypotheticalIndex(WhatIfSet *set, IndexStmt *statement, const char *text) {
  const Oid relid = RangeVarGetRelid(statement->relation, AccessShareLock, true);
  if (!OidIsValid(relid))
    StatementError(
        text, psprintf("names table \"%s\", which does not exist", statement->relation->relname));
  const char kind = get_rel_relkind(relid);
  if (kind != RELKIND_RELATION && kind != RELKIND_MATVIEW && kind != RELKIND_PARTITIONED_TABLE)
    StatementError(text, psprintf("names \"%s\", which is not a table", get_rel_name(relid)));
  if (pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
    ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
                    errmsg("permission denied for table %s", get_rel_name(relid)),
                    errhint("Planning with an index on a table needs SELECT on it.")));

  MemoryContext previous = MemoryContextSwitchTo(set->context);
  IndexStmt *index_statement = transformIndexStmt(relid, statement, text);
  const char *method =
      index_statement->accessMethod != nullptr ? index_statement->accessMethod : DEFAULT_INDEX_TYPE;
  const Oid am = get_index_am_oid(method, false);
  IndexAmRoutine *routine = GetIndexAmRoutineByAmId(am, false);
  List *elements =
      list_concat_copy(index_statement->indexParams, index_statement->indexIncludingParams);
  const int columns = list_length(elements);
  const int key_columns = list_length(index_statement->indexParams);
  if (index_statement->indexIncludingParams != NIL && !routine->amcaninclude)
    StatementError(text, psprintf("uses INCLUDE, which access method %s does not support", method));
  if (key_columns > 1 && !routine->amcanmulticol)
    StatementError(
        text, psprintf("has several columns, which access method %s does not support", method));
  if (index_statement->unique && !routine->amcanunique)
    StatementError(text, psprintf("is UNIQUE, which access method %s does not support", method));

  auto *index = static_cast<HypotheticalIndex *>(palloc0(sizeof(HypotheticalIndex)));
  index->relid = relid;
  index->am = am;
  index->definition = pstrdup(text);
  index->columns = columns;
  index->key_columns = key_columns;
  index->unique = index_statement->unique;
  index->attributes = static_cast<AttrNumber *>(palloc0(sizeof(AttrNumber) * columns));
  index->types = static_cast<Oid *>(palloc0(sizeof(Oid) * columns));
  index->typmods = static_cast<int32 *>(palloc0(sizeof(int32) * columns));
  index->collations = static_cast<Oid *>(palloc0(sizeof(Oid) * columns));
  index->opfamilies = static_cast<Oid *>(palloc0(sizeof(Oid) * columns));
  index->opcintypes = static_cast<Oid *>(palloc0(sizeof(Oid) * columns));
  index->descending = static_cast<bool *>(palloc0(sizeof(bool) * columns));
  index->nulls_first = static_cast<bool *>(palloc0(sizeof(bool) * columns));
  index->statistics = static_cast<ColumnStatistics *>(palloc0(sizeof(ColumnStatistics) * columns));
  StringInfoData name_columns;  // for the default name
  initStringInfo(&name_columns);
  int i = 0;
  ListCell *cell;
  foreach (cell, elements) {
    auto *element = lfirst_node(IndexElem, cell);
    Node *expression = nullptr;
    if (element->name != nullptr) {
      const AttrNumber attribute = get_attnum(relid, element->name);
      if (attribute == InvalidAttrNumber)
        StatementError(text, psprintf("names column \"%s\", which table \"%s\" does not have",
                                      element->name, get_rel_name(relid)));
      if (attribute < 0)
        StatementError(text, psprintf("names system column \"%s\"", element->name));
      index->attributes[i] = attribute;
      get_atttypetypmodcoll(relid, attribute, &index->types[i], &index->typmods[i],
                            &index->collations[i]);
      appendStringInfo(&name_columns, "%s%s", name_columns.len > 0 ? "_" : "", element->name);
    } else {
      expression = element->expr;
      if (contain_mutable_functions(
              reinterpret_cast<Node *>(expression_planner(reinterpret_cast<Expr *>(expression)))))
        StatementError(text, "has an expression that is not IMMUTABLE");
      index->types[i] = exprType(expression);
      index->typmods[i] = exprTypmod(expression);
      index->collations[i] = exprCollation(expression);
      Node *planned = reinterpret_cast<Node *>(
          expression_planner(static_cast<Expr *>(copyObjectImpl(expression))));
      index->expressions = lappend(index->expressions, planned);
      appendStringInfo(&name_columns, "%s%s", name_columns.len > 0 ? "_" : "",
                       element->indexcolname != nullptr ? element->indexcolname : "expr");
    }
    if (element->collation != NIL)
      index->collations[i] = get_collation_oid(element->collation, false);
    if (!type_is_collatable(index->types[i])) index->collations[i] = InvalidOid;
    if (i < key_columns) {
      const Oid opclass = ResolveOpClass(element->opclass, index->types[i], method, am);
      index->opfamilies[i] = get_opclass_family(opclass);
      index->opcintypes[i] = get_opclass_input_type(opclass);
      if (element->ordering != SORTBY_DEFAULT || element->nulls_ordering != SORTBY_NULLS_DEFAULT) {
        if (!routine->amcanorder)
          StatementError(
              text, psprintf("gives a sort order, which access method %s does not have", method));
        index->descending[i] = element->ordering == SORTBY_DESC;
        index->nulls_first[i] = element->nulls_ordering == SORTBY_NULLS_DEFAULT
                                    ? index->descending[i]
                                    : element->nulls_ordering == SORTBY_NULLS_FIRST;
      }
    }
    index->statistics[i] =
        StatisticsOf(relid, index->attributes[i], expression, index->types[i], index->typmods[i]);
    ++i;
  }
  if (index_statement->whereClause != nullptr) {
    Node *predicate = eval_const_expressions(nullptr, index_statement->whereClause);
    predicate =
        reinterpret_cast<Node *>(canonicalize_qual(reinterpret_cast<Expr *>(predicate), false));
    fix_opfuncids(predicate);
    index->predicate = make_ands_implicit(reinterpret_cast<Expr *>(predicate));
  }
  // The name: the statement's, or the one CREATE INDEX would choose, unique in the set.
  const Oid namespace_oid = get_rel_namespace(relid);
  if (index_statement->idxname != nullptr) {
    index->name = pstrdup(index_statement->idxname);
  } else {
    index->name =
        ChooseRelationName(get_rel_name(relid), name_columns.data, "idx", namespace_oid, false);
    for (int n = 1; n < 1000; ++n) {
      bool taken = false;
      foreach (cell, set->indexes)
        taken =
            taken || strcmp(static_cast<HypotheticalIndex *>(lfirst(cell))->name, index->name) == 0;
      if (!taken) break;
      index->name = ChooseRelationName(get_rel_name(relid), name_columns.data, psprintf("idx%d", n),
                                       namespace_oid, false);
    }
  }
  index->deduplicate = CanDeduplicate(index);
  index->row_fraction = PredicateFraction(relid, index->predicate);
  index->gin_keys_per_row = am == GIN_AM_OID ? GinKeysPerRow(index) : 1;
  index->oid = UnusedOid(set);
  set->indexes = lappend(set->indexes, index);
  MemoryContextSwitchTo(previous);
  return index;
}

double EstimatedBytes(const HypotheticalIndex *index) {
  // The planner's own estimate of the table (estimate_rel_size(), as get_relation_info() uses).
  Relation table = table_open(index->relid, AccessShareLock);
  double rows = 0, pages = 0;
  if (table->rd_rel->relkind == RELKIND_PARTITIONED_TABLE) {
    rows = std::max(0.0f, table->rd_rel->reltuples);
    pages = table->rd_rel->relpages;
    // A partitioned table has no pages of its own: its partitions'.
    List *partitions = find_all_inheritors(index->relid, AccessShareLock, nullptr);
    pages = 0;
    rows = 0;
    ListCell *cell;
    foreach (cell, partitions) {
      const Oid partition = lfirst_oid(cell);
      if (get_rel_relkind(partition) != RELKIND_RELATION) continue;
      Relation leaf = table_open(partition, AccessShareLock);
      BlockNumber leaf_pages;
      double leaf_rows, all_visible;
      estimate_rel_size(leaf, nullptr, &leaf_pages, &leaf_rows, &all_visible);
      pages += leaf_pages;
      rows += leaf_rows;
      table_close(leaf, AccessShareLock);
    }
  } else {
    BlockNumber table_pages;
    double all_visible;
    estimate_rel_size(table, nullptr, &table_pages, &rows, &all_visible);
    pages = table_pages;
  }
  table_close(table, AccessShareLock);
  return SizeOn(index, rows, pages).pages * BLCKSZ;
}

void InstallPlannerHooks() {
  previous_relation_info = get_relation_info_hook;
  get_relation_info_hook = OnRelationInfo;
  previous_index_name = explain_get_index_name_hook;
  explain_get_index_name_hook = OnIndexName;
}

}  // namespace steward::advisor
