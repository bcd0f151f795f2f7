// The audit triggers and the one way rows get into steward.audit_log (stored in
// steward.audit_record): heap inserts of rows that carry their own hash, made by the C++
// triggers (steward.audit_row(), steward.audit_truncate()) and by steward.audit_ddl(). See
// docs/audit.md and docs/design.md.
//
// The row trigger forms each log row and leaves it pending; the pending rows are written in
// batches (heap_multi_insert: one WAL record and one buffer lock per page, not per row) when a
// batch is full and when the statement ends. The hot path runs inside one pg::Call per logged row
// and holds no C++ object with a destructor across a PostgreSQL call: it collects texts in
// palloc'd memory and hashes them with the pure C++ functions of canonical.hpp (which call no
// PostgreSQL function).
#include "pg/postgres.hpp"

extern "C" {
#include "storage/proc.h"
#include "access/brin.h"
#include "access/brin_internal.h"
#include "access/genam.h"
#include "access/heapam.h"
#include "access/hio.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_sequence.h"
#include "commands/sequence.h"
#include "commands/trigger.h"
#include "common/ip.h"
#include "executor/executor.h"
#include "libpq/libpq-be.h"
#include "storage/lmgr.h"
#include "tcop/tcopprot.h"
#include "tcop/utility.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/inet.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/xid8.h"
}

#include <openssl/rand.h>

#include <algorithm>

#include "audit/canonical.hpp"
#include "pg/boundary.hpp"
#include "pg_steward.hpp"

namespace steward::audit {
namespace {

// The columns of steward.audit_record (the table behind the view steward.audit_log), in order.
enum Field {
  kId,
  kOccurredAt,
  kRecordedAt,
  kTxid,
  kRelation,
  kSchemaName,
  kTableName,
  kOperation,
  kOldRow,
  kNewRow,
  kDbUser,
  kSessionUser,
  kAppUser,
  kApplicationName,
  kClientAddr,
  kClientPort,
  kBackendPid,
  kStatement,
  kRowHash,
  kFields
};

// A text as a C string (what the row hash covers) and as a text datum (what the log row holds);
// NULL (chars NULL) for a missing or empty text. Made once where it can be: per table, per role.
struct Text {
  const char *chars;
  Datum datum;
};

Text MakeText(const char *chars) {
  if (chars == nullptr || chars[0] == '\0') return Text{nullptr, Datum(0)};
  return Text{chars, CStringGetTextDatum(chars)};
}

// The operations, as texts made once per cache.
enum Operation { kInsert, kUpdate, kDelete, kTruncate, kDdl, kRetention, kOperations };
constexpr const char *kOperationNames[kOperations] = {"INSERT", "UPDATE", "DELETE", "TRUNCATE",
                                                      "DDL",    "RETENTION"};

// Relations whose row changes a retention batch summarizes in this transaction (one RETENTION
// row per batch instead of one row per deleted or anonymized row): set by
// steward.audit_retention_begin(), forgotten when the local transaction ID changes.
constexpr int kMaxSummarized = 64;
LocalTransactionId summarized_lxid = InvalidLocalTransactionId;
int summarized_count = 0;
Oid summarized[kMaxSummarized];

bool Summarized(Oid relid) {
  if (summarized_lxid != MyProc->lxid) return false;
  for (int i = 0; i < summarized_count; ++i)
    if (summarized[i] == relid) return true;
  return false;
}

// Log rows written at once (heap_multi_insert()).
constexpr int kBatchRows = 1000;

// ---- Per-backend cache
// --------------------------------------------------------------------------- Everything the hot
// path would otherwise look up per row: the log's OIDs and index information, the output functions
// of each audited table's columns, which columns are left out or masked, the session's client
// address. Any relcache invalidation drops it all (rebuilding costs a few catalog lookups), so
// ALTER TABLE, a new classification or DROP EXTENSION are seen at once.

// kText: text and varchar, whose output is their bytes; kString: any other type, by its output
// function.
enum class ValueKind { kString, kText, kNumber, kFloat, kBool, kJson, kJsonb, kDateTime };

struct Column {
  const char *name;  // NULL: dropped or left out
  int name_length;
  bool masked;  // RESTRICTED in steward.data_classification: logged as HMAC
  ValueKind kind;
  Oid type;
  FmgrInfo output;
  int16 length;
  bool by_value;
};

struct AuditedRelation {
  Oid relid;
  Text schema;
  Text name;
  int columns;
  Column *column;
  int logged;  // columns logged, their indexes in jsonb key order (length, then bytes):
  int *order;  // jsonb sorts an object's keys, and a sorted input costs it one pass
  AuditedRelation *next;
};

struct Cache {
  MemoryContext context;
  Oid log;
  Oid sequence;
  int64 next_id, last_id;  // the block of ids this session has left (the sequence's increment)
  int64 id_block;
  Oid owner;               // of the extension's tables
  TupleDesc log_desc;      // a copy
  TupleTableSlot **slots;  // kBatchRows of them, made when first needed
  int indexes;
  Oid *index;
  Oid range_index;  // steward's own BRIN index on (id, txid), written per page range (WriteBatch)
  IndexInfo **index_info;
  bool have_key;
  unsigned char key[32];
  AuditedRelation *relations;
  MemoryContext row_context;  // reset for every logged row
  Text operation[kOperations];
  Oid user, session_user;  // the last roles seen, and their names
  Text user_name, session_user_name;
};

Cache *cache = nullptr;
bool cache_stale = false;  // set by the invalidation callback; the next row rebuilds the cache
bool callback_registered = false;

// Client address and port of this backend: they never change.
struct Client {
  bool known;
  bool local;  // Unix-domain socket or no client
  char host[NI_MAXHOST];
  int port;
  Datum address;          // inet, in TopMemoryContext
  const char *canonical;  // host() of it, as verify_audit() reads it
};
Client client{};

// Invalidations can arrive in the middle of a row (any table_open may process them): the cache
// is only marked here, and rebuilt by the next row before it uses anything.
void ForgetCache(Datum, Oid) { cache_stale = true; }

Oid RequireRelation(Oid namespace_oid, const char *name) {
  const Oid relid = get_relname_relid(name, namespace_oid);
  if (!OidIsValid(relid))
    ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE), errmsg("steward.%s does not exist", name),
                    errhint("Is the extension pg_steward created in this database?")));
  return relid;
}

// Reading the extension's own tables as their owner (the role running the trigger may not read
// them), C style: no C++ object may live across these calls. An error in between aborts the
// (sub)transaction, which restores the user by itself.
struct SavedUser {
  Oid user;
  int context;
};

SavedUser BecomeOwner(Oid owner) {
  SavedUser saved;
  GetUserIdAndSecContext(&saved.user, &saved.context);
  SetUserIdAndSecContext(owner, saved.context | SECURITY_LOCAL_USERID_CHANGE);
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  return saved;
}

void RestoreUser(const SavedUser &saved) {
  SPI_finish();
  SetUserIdAndSecContext(saved.user, saved.context);
}

Oid RelationOwner(Oid relid) {
  HeapTuple tuple = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
  if (!HeapTupleIsValid(tuple)) elog(ERROR, "cache lookup failed for relation %u", relid);
  const Oid owner = reinterpret_cast<Form_pg_class>(GETSTRUCT(tuple))->relowner;
  ReleaseSysCache(tuple);
  return owner;
}

// The HMAC key, read as the extension's owner (only they may read steward.audit_key).
void ReadKey(Cache *c) {
  const SavedUser saved = BecomeOwner(c->owner);
  if (SPI_execute("SELECT key FROM steward.audit_key LIMIT 1", true, 1) != SPI_OK_SELECT)
    elog(ERROR, "could not read steward.audit_key");
  if (SPI_processed == 1) {
    bool is_null = false;
    const Datum value = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &is_null);
    bytea *key = DatumGetByteaPP(value);
    if (!is_null && VARSIZE_ANY_EXHDR(key) == sizeof c->key) {
      memcpy(c->key, VARDATA_ANY(key), sizeof c->key);
      c->have_key = true;
    }
  }
  RestoreUser(saved);
  if (!c->have_key)
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("steward.audit_key holds no 32-byte key"),
                    errhint("INSERT INTO steward.audit_key SELECT steward.random_bytes(32);")));
}

// Steward's BRIN index, if it still is what audit.sql creates: minmax on (id, txid), no
// expression, no predicate. Otherwise InvalidOid: WriteBatch() then inserts row by row.
Oid RangeIndex(Oid relid) {
  if (!OidIsValid(relid)) return InvalidOid;
  Relation index = index_open(relid, AccessShareLock);
  const IndexInfo *info = BuildIndexInfo(index);
  const bool expected = index->rd_rel->relam == BRIN_AM_OID && info->ii_NumIndexAttrs == 2 &&
                        info->ii_IndexAttrNumbers[0] == kId + 1 &&
                        info->ii_IndexAttrNumbers[1] == kTxid + 1 && info->ii_Expressions == NIL &&
                        info->ii_Predicate == NIL &&
                        index_getprocid(index, 1, BRIN_PROCNUM_OPCINFO) == F_BRIN_MINMAX_OPCINFO &&
                        index_getprocid(index, 2, BRIN_PROCNUM_OPCINFO) == F_BRIN_MINMAX_OPCINFO;
  index_close(index, AccessShareLock);
  return expected ? relid : InvalidOid;
}

// The cache, rebuilt if stale. Called once per row, before the row uses any of it.
Cache *AcquireCache() {
  if (cache != nullptr && cache_stale) {
    MemoryContextDelete(cache->context);
    cache = nullptr;
  }
  cache_stale = false;
  if (cache != nullptr) return cache;
  if (!callback_registered) {
    CacheRegisterRelcacheCallback(ForgetCache, Datum(0));
    callback_registered = true;
  }
  MemoryContext context =
      AllocSetContextCreate(CacheMemoryContext, "pg_steward audit cache", ALLOCSET_SMALL_SIZES);
  MemoryContext previous = MemoryContextSwitchTo(context);
  Cache *c = static_cast<Cache *>(palloc0(sizeof(Cache)));
  c->context = context;
  const Oid steward_namespace = get_namespace_oid("steward", false);
  c->log = RequireRelation(steward_namespace, "audit_record");
  c->sequence = RequireRelation(steward_namespace, "audit_log_id_seq");
  HeapTuple sequence = SearchSysCache1(SEQRELID, ObjectIdGetDatum(c->sequence));
  if (!HeapTupleIsValid(sequence)) elog(ERROR, "cache lookup failed for sequence %u", c->sequence);
  c->id_block = Max(1, reinterpret_cast<Form_pg_sequence>(GETSTRUCT(sequence))->seqincrement);
  ReleaseSysCache(sequence);
  c->next_id = 1;
  c->last_id = 0;
  c->owner = RelationOwner(c->log);
  // The index information of the log, built once (plain column indexes: no expressions).
  Relation log = table_open(c->log, AccessShareLock);
  if (RelationGetDescr(log)->natts != kFields)
    ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
                    errmsg("steward.audit_record has %d columns, pg_steward expects %d",
                           RelationGetDescr(log)->natts, kFields),
                    errhint("ALTER EXTENSION pg_steward UPDATE;")));
  c->log_desc = CreateTupleDescCopy(RelationGetDescr(log));
  c->slots = static_cast<TupleTableSlot **>(palloc0(sizeof(TupleTableSlot *) * kBatchRows));
  List *indexes = RelationGetIndexList(log);
  c->indexes = list_length(indexes);
  c->index = static_cast<Oid *>(palloc0(sizeof(Oid) * (c->indexes + 1)));
  c->index_info = static_cast<IndexInfo **>(palloc0(sizeof(IndexInfo *) * (c->indexes + 1)));
  int i = 0;
  ListCell *cell;
  foreach (cell, indexes) {
    c->index[i] = lfirst_oid(cell);
    Relation index = index_open(c->index[i], AccessShareLock);
    c->index_info[i] = BuildIndexInfo(index);
    index_close(index, AccessShareLock);
    ++i;
  }
  table_close(log, AccessShareLock);
  c->range_index = RangeIndex(get_relname_relid("audit_record_range", steward_namespace));
  for (int o = 0; o < kOperations; ++o) c->operation[o] = MakeText(kOperationNames[o]);
  // A first block that holds a whole row: emptying the context for each row frees nothing.
  c->row_context = AllocSetContextCreate(context, "pg_steward audit row", 64 * 1024, 64 * 1024,
                                         ALLOCSET_DEFAULT_MAXSIZE);
  MemoryContextSwitchTo(previous);
  ReadKey(c);
  cache = c;
  return c;
}

ValueKind KindOf(Oid type) {
  switch (type) {
    case BOOLOID:
      return ValueKind::kBool;
    case INT2OID:
    case INT4OID:
    case INT8OID:
    case NUMERICOID:
      return ValueKind::kNumber;
    case FLOAT4OID:
    case FLOAT8OID:
      return ValueKind::kFloat;
    case JSONOID:
      return ValueKind::kJson;
    case JSONBOID:
      return ValueKind::kJsonb;
    case DATEOID:
    case TIMESTAMPOID:
    case TIMESTAMPTZOID:
      return ValueKind::kDateTime;
    case TEXTOID:
    case VARCHAROID:
      return ValueKind::kText;
    default:
      return ValueKind::kString;
  }
}

// The columns of the table named RESTRICTED in the classification of the table (of its root,
// for a partition: partitions are classified at their parent), by name, read as the extension's
// owner.
List *RestrictedColumns(Cache *c, Oid relid) {
  const SavedUser saved = BecomeOwner(c->owner);
  Oid types[1] = {OIDOID};
  Datum values[1] = {ObjectIdGetDatum(relid)};
  if (SPI_execute_with_args("SELECT column_name::text FROM steward.data_classification "
                            " WHERE relation = coalesce(pg_catalog.pg_partition_root($1)::oid, $1) "
                            "   AND sensitivity = 'RESTRICTED'",
                            1, types, values, nullptr, true, 0) != SPI_OK_SELECT)
    elog(ERROR, "could not read steward.data_classification");
  List *names = NIL;
  MemoryContext previous = MemoryContextSwitchTo(c->context);
  for (uint64 r = 0; r < SPI_processed; ++r)
    names = lappend(names, SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1));
  MemoryContextSwitchTo(previous);
  RestoreUser(saved);
  return names;
}

bool InList(List *names, const char *name) {
  ListCell *cell;
  foreach (cell, names)
    if (strcmp(static_cast<const char *>(lfirst(cell)), name) == 0) return true;
  return false;
}

AuditedRelation *GetRelation(Cache *c, Relation rel, Trigger *trigger) {
  const Oid relid = RelationGetRelid(rel);
  for (AuditedRelation *r = c->relations; r != nullptr; r = r->next)
    if (r->relid == relid) return r;

  List *restricted = RestrictedColumns(c, relid);
  MemoryContext previous = MemoryContextSwitchTo(c->context);
  TupleDesc desc = RelationGetDescr(rel);
  auto *r = static_cast<AuditedRelation *>(palloc0(sizeof(AuditedRelation)));
  r->relid = relid;
  r->schema = MakeText(get_namespace_name(RelationGetNamespace(rel)));
  r->name = MakeText(pstrdup(RelationGetRelationName(rel)));
  r->columns = desc->natts;
  r->column = static_cast<Column *>(palloc0(sizeof(Column) * (desc->natts + 1)));
  for (int i = 0; i < desc->natts; ++i) {
    Form_pg_attribute attribute = TupleDescAttr(desc, i);
    Column &column = r->column[i];
    if (attribute->attisdropped) continue;
    const char *name = NameStr(attribute->attname);
    bool ignored = false;
    for (int a = 0; trigger != nullptr && a < trigger->tgnargs; ++a)
      ignored = ignored || strcmp(trigger->tgargs[a], name) == 0;
    if (ignored) continue;
    column.name = pstrdup(name);
    column.name_length = static_cast<int>(strlen(name));
    column.masked = InList(restricted, name);
    column.type = getBaseType(attribute->atttypid);
    column.kind = KindOf(column.type);
    column.length = attribute->attlen;
    column.by_value = attribute->attbyval;
    Oid output;
    bool varlena;
    getTypeOutputInfo(attribute->atttypid, &output, &varlena);
    fmgr_info_cxt(output, &column.output, c->context);
  }
  r->order = static_cast<int *>(palloc0(sizeof(int) * (desc->natts + 1)));
  for (int i = 0; i < desc->natts; ++i)
    if (r->column[i].name != nullptr) r->order[r->logged++] = i;
  std::sort(r->order, r->order + r->logged, [r](int a, int b) {
    const std::size_t la = strlen(r->column[a].name), lb = strlen(r->column[b].name);
    if (la != lb) return la < lb;
    return memcmp(r->column[a].name, r->column[b].name, la) < 0;
  });
  r->next = c->relations;
  c->relations = r;
  MemoryContextSwitchTo(previous);
  return r;
}

// ---- Rows as jsonb
// -------------------------------------------------------------------------------

void SetString(JsonbValue &value, const char *text) {
  value.type = jbvString;
  value.val.string.val = const_cast<char *>(text);
  value.val.string.len = static_cast<int>(strlen(text));
}

// Writes a jsonb object in jsonb's binary format (utils/jsonb.h), as JsonbValueToJsonb() would
// from the same pairs, without building the tree it builds: the header, the JEntry of every key
// then of every value (every JB_OFFSET_STRIDE'th holding the end offset instead of the length),
// the keys' bytes, then the values' (numerics and containers aligned to 4 bytes, the padding
// counted in their length). The keys must be distinct and in jsonb's order: by length, then by
// bytes. Values: jbvNull, jbvBool, jbvString, jbvNumeric or jbvBinary (a container, copied: it
// is position-independent once 4-byte aligned).
void AppendZeros(StringInfo buffer, int count) {
  enlargeStringInfo(buffer, count);
  memset(buffer->data + buffer->len, 0, count);
  buffer->len += count;
  buffer->data[buffer->len] = '\0';
}

Jsonb *EncodeObject(int pairs, const char *const *keys, const int *key_lengths,
                    const JsonbValue *values) {
  StringInfoData buffer;
  initStringInfo(&buffer);
  AppendZeros(&buffer, VARHDRSZ);
  const uint32 header = static_cast<uint32>(pairs) | JB_FOBJECT;
  appendBinaryStringInfo(&buffer, reinterpret_cast<const char *>(&header), sizeof header);
  const int entries = buffer.len;
  AppendZeros(&buffer, static_cast<int>(sizeof(JEntry)) * 2 * pairs);
  uint32 total = 0;  // bytes of keys and values so far
  const auto set_entry = [&](int index, JEntry entry) {
    total += JBE_OFFLENFLD(entry);
    if (total > JENTRY_OFFLENMASK)
      ereport(ERROR,
              (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
               errmsg("audited row is too large for jsonb (at most %d bytes)", JENTRY_OFFLENMASK)));
    if (index % JB_OFFSET_STRIDE == 0) entry = (entry & JENTRY_TYPEMASK) | total | JENTRY_HAS_OFF;
    memcpy(buffer.data + entries + index * sizeof(JEntry), &entry, sizeof entry);
  };
  const auto pad = [&]() {  // to 4 bytes from the start of the varlena, as jsonb aligns
    const int padding = INTALIGN(buffer.len) - buffer.len;
    AppendZeros(&buffer, padding);
    return static_cast<uint32>(padding);
  };
  for (int k = 0; k < pairs; ++k) {
    appendBinaryStringInfo(&buffer, keys[k], key_lengths[k]);
    set_entry(k, JENTRY_ISSTRING | static_cast<uint32>(key_lengths[k]));
  }
  for (int k = 0; k < pairs; ++k) {
    const JsonbValue &value = values[k];
    switch (value.type) {
      case jbvNull:
        set_entry(pairs + k, JENTRY_ISNULL);
        break;
      case jbvBool:
        set_entry(pairs + k, value.val.boolean ? JENTRY_ISBOOL_TRUE : JENTRY_ISBOOL_FALSE);
        break;
      case jbvString:
        appendBinaryStringInfo(&buffer, value.val.string.val, value.val.string.len);
        set_entry(pairs + k, JENTRY_ISSTRING | static_cast<uint32>(value.val.string.len));
        break;
      case jbvNumeric: {
        const uint32 padding = pad();
        const int length = static_cast<int>(VARSIZE_ANY(value.val.numeric));
        appendBinaryStringInfo(&buffer, reinterpret_cast<const char *>(value.val.numeric), length);
        set_entry(pairs + k, JENTRY_ISNUMERIC | (padding + static_cast<uint32>(length)));
        break;
      }
      case jbvBinary: {
        const uint32 padding = pad();
        appendBinaryStringInfo(&buffer, reinterpret_cast<const char *>(value.val.binary.data),
                               value.val.binary.len);
        set_entry(pairs + k,
                  JENTRY_ISCONTAINER | (padding + static_cast<uint32>(value.val.binary.len)));
        break;
      }
      default:
        elog(ERROR, "unexpected jsonb value type %d", static_cast<int>(value.type));
    }
  }
  SET_VARSIZE(buffer.data, buffer.len);
  return reinterpret_cast<Jsonb *>(buffer.data);
}

// A column's value as a jsonb value: jbvBool, jbvNumeric, jbvString or jbvBinary (a container),
// what to_jsonb() makes of it. Strings point into memory that lives as long as the row's.
void ValueOf(const Column &column, Datum datum, const Cache *c, JsonbValue &value) {
  if (column.masked) {
    // The keyed hash covers a text that does not depend on the session: dates in ISO 8601 and
    // UTC (not DateStyle or TimeZone); other types as their output function writes them.
    static const int kUtcOffset = 0;
    char buffer[MAXDATELEN + 1];
    const char *text = column.kind == ValueKind::kDateTime
                           ? JsonEncodeDateTime(buffer, datum, column.type, &kUtcOffset)
                       : column.kind == ValueKind::kBool
                           ? (DatumGetBool(datum) ? "true" : "false")
                           : OutputFunctionCall(const_cast<FmgrInfo *>(&column.output), datum);
    const Digest mac =
        HmacSha256(std::string_view(reinterpret_cast<const char *>(c->key), sizeof c->key), text);
    char hex[sizeof "hmac-sha256:" + 64];
    strcpy(hex, "hmac-sha256:");
    static constexpr char kDigits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < mac.size(); ++i) {
      hex[12 + 2 * i] = kDigits[mac[i] >> 4];
      hex[13 + 2 * i] = kDigits[mac[i] & 15];
    }
    hex[12 + 64] = '\0';
    SetString(value, pstrdup(hex));
    return;
  }
  switch (column.kind) {
    case ValueKind::kBool:
      value.type = jbvBool;
      value.val.boolean = DatumGetBool(datum);
      return;
    case ValueKind::kNumber:
      value.type = jbvNumeric;
      if (column.type == INT2OID)
        value.val.numeric = int64_to_numeric(DatumGetInt16(datum));
      else if (column.type == INT4OID)
        value.val.numeric = int64_to_numeric(DatumGetInt32(datum));
      else if (column.type == INT8OID)
        value.val.numeric = int64_to_numeric(DatumGetInt64(datum));
      else
        value.val.numeric = DatumGetNumeric(datum);
      // NaN and infinities are no JSON numbers: strings, as to_jsonb() writes them.
      if (numeric_is_nan(value.val.numeric) || numeric_is_inf(value.val.numeric)) break;
      return;
    case ValueKind::kFloat: {
      const char *text = OutputFunctionCall(const_cast<FmgrInfo *>(&column.output), datum);
      if (strchr(text, 'N') != nullptr || strchr(text, 'n') != nullptr) {  // NaN, Infinity
        SetString(value, text);
        return;
      }
      value.type = jbvNumeric;
      value.val.numeric = DatumGetNumeric(DirectFunctionCall3(
          numeric_in, CStringGetDatum(text), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
      return;
    }
    case ValueKind::kJson:
    case ValueKind::kJsonb: {
      Jsonb *document = column.kind == ValueKind::kJsonb
                            ? DatumGetJsonbP(datum)
                            : DatumGetJsonbP(DirectFunctionCall1(
                                  jsonb_in, CStringGetDatum(OutputFunctionCall(
                                                const_cast<FmgrInfo *>(&column.output), datum))));
      // A scalar document is stored as a one-element pseudo-array: the value is its scalar.
      if (JB_ROOT_IS_SCALAR(document)) {
        JsonbExtractScalar(&document->root, &value);
        return;
      }
      value.type = jbvBinary;
      value.val.binary.data = &document->root;
      value.val.binary.len = static_cast<int>(VARSIZE(document) - VARHDRSZ);
      return;
    }
    case ValueKind::kDateTime: {
      // ISO 8601 whatever the session's DateStyle, as to_jsonb() writes dates.
      char buffer[MAXDATELEN + 1];
      SetString(value, pstrdup(JsonEncodeDateTime(buffer, datum, column.type, nullptr)));
      return;
    }
    case ValueKind::kText: {
      // The bytes themselves (detoasted), what textout() would copy.
      const text *value_text = DatumGetTextPP(datum);
      value.type = jbvString;
      value.val.string.val = const_cast<char *>(VARDATA_ANY(value_text));
      value.val.string.len = static_cast<int>(VARSIZE_ANY_EXHDR(value_text));
      return;
    }
    case ValueKind::kString:
      break;
  }
  SetString(value, OutputFunctionCall(const_cast<FmgrInfo *>(&column.output), datum));
}

// The row as a jsonb object of its logged columns; values and nulls hold every column of the
// trigger's table (slot_getallattrs()). With only, just the columns it flags (an UPDATE's old row:
// the changed columns).
Jsonb *RowToJsonb(const AuditedRelation *r, const Datum *values, const bool *nulls, const Cache *c,
                  const bool *only = nullptr) {
  const char **keys = static_cast<const char **>(palloc(sizeof(char *) * (r->logged + 1)));
  int *key_lengths = static_cast<int *>(palloc(sizeof(int) * (r->logged + 1)));
  JsonbValue *pairs = static_cast<JsonbValue *>(palloc(sizeof(JsonbValue) * (r->logged + 1)));
  int n = 0;
  for (int k = 0; k < r->logged; ++k) {
    const int i = r->order[k];
    if (only != nullptr && !only[i]) continue;
    const Column &column = r->column[i];
    keys[n] = column.name;
    key_lengths[n] = column.name_length;
    if (nulls[i])
      pairs[n].type = jbvNull;
    else
      ValueOf(column, values[i], c, pairs[n]);
    ++n;
  }
  return EncodeObject(n, keys, key_lengths, pairs);
}

// Flags in is_changed (indexed like the columns) the logged columns whose value differs between
// the two versions of a row; false when none does.
bool ChangedColumns(const AuditedRelation *r, TupleTableSlot *old_slot, TupleTableSlot *new_slot,
                    bool *is_changed) {
  bool any = false;
  for (int i = 0; i < r->columns; ++i) {
    const Column &column = r->column[i];
    if (column.name == nullptr) continue;
    const bool old_null = old_slot->tts_isnull[i], new_null = new_slot->tts_isnull[i];
    const Datum old_value = old_slot->tts_values[i], new_value = new_slot->tts_values[i];
    bool same = old_null == new_null;
    if (same && !old_null) {
      if (column.length != -1) {
        same = datumIsEqual(old_value, new_value, column.by_value, column.length);
      } else {
        const auto *a = reinterpret_cast<const struct varlena *>(DatumGetPointer(old_value));
        const auto *b = reinterpret_cast<const struct varlena *>(DatumGetPointer(new_value));
        if (VARATT_IS_COMPRESSED(a) || VARATT_IS_EXTERNAL(a) || VARATT_IS_COMPRESSED(b) ||
            VARATT_IS_EXTERNAL(b)) {
          // Compressed or out of line: the same value can be stored differently.
          same = datumIsEqual(old_value, new_value, false, -1) ||
                 strcmp(OutputFunctionCall(const_cast<FmgrInfo *>(&column.output), old_value),
                        OutputFunctionCall(const_cast<FmgrInfo *>(&column.output), new_value)) == 0;
        } else {
          // Inline and plain (short or long header): equal payloads are equal values.
          same = VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
                 memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
        }
      }
    }
    is_changed[i] = !same;
    any = any || !same;
  }
  return any;
}

// ---- The log row
// ---------------------------------------------------------------------------------

void ReadClient() {
  if (client.known) return;
  client.known = true;
  client.local = true;
  if (MyProcPort == nullptr || MyProcPort->raddr.addr.ss_family == AF_UNIX) return;
  char port[NI_MAXSERV];
  if (pg_getnameinfo_all(&MyProcPort->raddr.addr, MyProcPort->raddr.salen, client.host,
                         sizeof client.host, port, sizeof port,
                         NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return;
  client.port = atoi(port);
  MemoryContext previous = MemoryContextSwitchTo(TopMemoryContext);
  client.address = DirectFunctionCall1(inet_in, CStringGetDatum(client.host));
  client.canonical = TextDatumGetCString(DirectFunctionCall1(network_host, client.address));
  MemoryContextSwitchTo(previous);
  client.local = false;
}

// The name of a role, looked up only when the role differs from the last one.
const Text &RoleName(Cache *c, Oid role, Oid *last, Text *name) {
  if (name->chars == nullptr || *last != role) {
    const char *found = GetUserNameFromId(role, false);
    MemoryContext previous = MemoryContextSwitchTo(c->context);
    *name = MakeText(pstrdup(found));
    MemoryContextSwitchTo(previous);
    *last = role;
  }
  return *name;
}

// ---- Pending rows
// ------------------------------------------------------------------------------- The log rows
// formed by the triggers wait in a batch of their (sub)transaction's nesting level, and are
// written when the batch is full, when the statement ends (ExecutorFinish, or the utility command
// such as COPY), and at the latest when the (sub)transaction commits. A (sub)transaction that
// aborts drops its batch: its rows never reach the log. A batch is written only at its own level,
// so that its rows belong to the (sub)transaction that made the changes.
struct Batch {
  int level;  // GetCurrentTransactionNestLevel() of the rows
  int rows;
  HeapTuple tuple[kBatchRows];
  MemoryContext memory;  // the tuples
  Batch *outer;          // the batch of an enclosing level, written later
};

Batch *pending = nullptr;  // innermost level first

// Steward's BRIN index on (id, txid) keeps per page range the least and the greatest id and
// txid (minmax). Inserting, for each run of rows in one range, a tuple of the least values and one
// of the greatest leaves the same summary as inserting every row (a range not summarized yet
// ignores both), at two index inserts per range instead of one per row.
void InsertRanges(Relation index, Relation log, IndexInfo *info, TupleTableSlot **slots, int rows) {
  const BlockNumber pages_per_range = BrinGetPagesPerRange(index);
  int first = 0;
  while (first < rows) {
    const BlockNumber range = ItemPointerGetBlockNumber(&slots[first]->tts_tid) / pages_per_range;
    Datum low[INDEX_MAX_KEYS], high[INDEX_MAX_KEYS];
    bool nulls[INDEX_MAX_KEYS];
    FormIndexDatum(info, slots[first], nullptr, low, nulls);
    memcpy(high, low, sizeof low);
    int r = first + 1;
    for (; r < rows && ItemPointerGetBlockNumber(&slots[r]->tts_tid) / pages_per_range == range;
         ++r) {
      Datum values[INDEX_MAX_KEYS];
      FormIndexDatum(info, slots[r], nullptr, values, nulls);
      low[0] = Int64GetDatum(Min(DatumGetInt64(low[0]), DatumGetInt64(values[0])));
      high[0] = Int64GetDatum(Max(DatumGetInt64(high[0]), DatumGetInt64(values[0])));
      const uint64 txid = U64FromFullTransactionId(DatumGetFullTransactionId(values[1]));
      if (txid < U64FromFullTransactionId(DatumGetFullTransactionId(low[1]))) low[1] = values[1];
      if (txid > U64FromFullTransactionId(DatumGetFullTransactionId(high[1]))) high[1] = values[1];
    }
    index_insert(index, low, nulls, &slots[first]->tts_tid, log, UNIQUE_CHECK_NO, false, info);
    if (r - first > 1)
      index_insert(index, high, nulls, &slots[first]->tts_tid, log, UNIQUE_CHECK_NO, false, info);
    first = r;
  }
}

// Writes a batch: heap_multi_insert(), which fires no trigger (the guard that refuses every SQL
// INSERT stays in force), then the index entries.
void WriteBatch(Cache *c, Batch *batch) {
  if (batch->rows == 0) return;
  Relation log = table_open(c->log, RowExclusiveLock);
  // The slots are the cache's (made once, with its copy of the log's descriptor: no reference
  // count to keep); each takes its tuple over (shouldFree), so heap_multi_insert() copies none.
  TupleTableSlot **slots = c->slots;
  for (int r = 0; r < batch->rows; ++r) {
    if (slots[r] == nullptr) {
      MemoryContext previous = MemoryContextSwitchTo(c->context);
      slots[r] = MakeSingleTupleTableSlot(c->log_desc, &TTSOpsHeapTuple);
      MemoryContextSwitchTo(previous);
    }
    ExecStoreHeapTuple(batch->tuple[r], slots[r], true);
  }
  // The page being filled stays pinned from one row to the next; no ring buffer (strategy NULL):
  // the log's pages stay in shared buffers like those of any table.
  BulkInsertStateData bulk;
  bulk.strategy = nullptr;
  bulk.current_buf = InvalidBuffer;
  heap_multi_insert(log, slots, batch->rows, GetCurrentCommandId(true), 0, &bulk);
  ReleaseBulkInsertStatePin(&bulk);
  // Index entries. An index of the administrator's own with expressions or a predicate needs an
  // executor state to evaluate them in (steward's own index has neither).
  EState *estate = nullptr;
  for (int i = 0; i < c->indexes; ++i) {
    IndexInfo *info = c->index_info[i];
    if (estate == nullptr && (info->ii_Expressions != NIL || info->ii_Predicate != NIL))
      estate = CreateExecutorState();
    ExprState *predicate =
        info->ii_Predicate != NIL ? ExecPrepareQual(info->ii_Predicate, estate) : nullptr;
    Relation index = index_open(c->index[i], RowExclusiveLock);
    // BRIN keeps a descriptor of the open index in ii_AmCache: one per batch, in its memory.
    info->ii_AmCache = nullptr;
    info->ii_Context = CurrentMemoryContext;
    if (c->index[i] == c->range_index) {
      InsertRanges(index, log, info, slots, batch->rows);
    } else {
      for (int r = 0; r < batch->rows; ++r) {
        if (estate != nullptr) {
          ResetPerTupleExprContext(estate);
          GetPerTupleExprContext(estate)->ecxt_scantuple = slots[r];
          if (predicate != nullptr && !ExecQual(predicate, GetPerTupleExprContext(estate)))
            continue;
        }
        Datum values[INDEX_MAX_KEYS];
        bool nulls[INDEX_MAX_KEYS];
        FormIndexDatum(info, slots[r], estate, values, nulls);
        index_insert(index, values, nulls, &slots[r]->tts_tid, log,
                     info->ii_Unique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO, false, info);
      }
    }
    info->ii_AmCache = nullptr;
    info->ii_ExpressionsState = NIL;  // lived in the executor state
    index_close(index, NoLock);
  }
  if (estate != nullptr) FreeExecutorState(estate);
  for (int r = 0; r < batch->rows; ++r) ExecClearTuple(slots[r]);
  table_close(log, NoLock);
  batch->rows = 0;
  MemoryContextReset(batch->memory);
}

// Batches no longer pending, kept with their memory for the next ones: a batch's memory keeps a
// first block that holds a whole batch, so that filling one allocates nothing.
Batch *spare = nullptr;
constexpr Size kBatchMemory = 1024 * 1024;

void DropBatch(Batch *batch) {
  pending = batch->outer;
  MemoryContextReset(batch->memory);
  batch->rows = 0;
  batch->outer = spare;
  spare = batch;
}

// Writes the batch of the current level, if there is one, and forgets it. Not reentrant: reading
// the cache runs SQL, whose ExecutorFinish calls here again.
bool writing = false;
MemoryContext write_memory = nullptr;

void WritePending() {
  if (writing || pending == nullptr || pending->level != GetCurrentTransactionNestLevel()) return;
  Batch *batch = pending;
  if (batch->rows > 0) {
    writing = true;  // an error leaves it set: the abort callbacks clear it
    if (write_memory == nullptr)
      write_memory =
          AllocSetContextCreate(TopMemoryContext, "pg_steward audit write", ALLOCSET_DEFAULT_SIZES);
    MemoryContext previous = MemoryContextSwitchTo(write_memory);
    WriteBatch(AcquireCache(), batch);
    MemoryContextSwitchTo(previous);
    MemoryContextReset(write_memory);
    writing = false;
  }
  DropBatch(batch);
}

// Drops the batches of the levels at and below the current one (an abort).
void DropPending() {
  const int level = GetCurrentTransactionNestLevel();
  while (pending != nullptr && pending->level >= level) DropBatch(pending);
}

// The batch of the current level, made if needed.
Batch *CurrentBatch() {
  const int level = GetCurrentTransactionNestLevel();
  if (pending != nullptr && pending->level == level) return pending;
  Batch *batch = spare;
  if (batch != nullptr) {
    spare = batch->outer;
  } else {
    batch = static_cast<Batch *>(MemoryContextAllocZero(TopMemoryContext, sizeof(Batch)));
    batch->memory = AllocSetContextCreate(TopMemoryContext, "pg_steward audit batch", kBatchMemory,
                                          kBatchMemory, ALLOCSET_DEFAULT_MAXSIZE);
  }
  batch->level = level;
  batch->outer = pending;
  pending = batch;
  return batch;
}

ExecutorFinish_hook_type previous_executor_finish = nullptr;
ProcessUtility_hook_type previous_process_utility = nullptr;

void AfterExecutorFinish(QueryDesc *query) {
  if (previous_executor_finish != nullptr)
    previous_executor_finish(query);
  else
    standard_ExecutorFinish(query);
  WritePending();
}

void AfterProcessUtility(PlannedStmt *statement, const char *text, bool read_only,
                         ProcessUtilityContext context, ParamListInfo params,
                         QueryEnvironment *environment, DestReceiver *destination,
                         QueryCompletion *completion) {
  if (previous_process_utility != nullptr)
    previous_process_utility(statement, text, read_only, context, params, environment, destination,
                             completion);
  else
    standard_ProcessUtility(statement, text, read_only, context, params, environment, destination,
                            completion);
  WritePending();  // COPY FROM fires row triggers without ExecutorFinish
}

void OnTransaction(XactEvent event, void *) {
  switch (event) {
    case XACT_EVENT_PRE_COMMIT:
    case XACT_EVENT_PRE_PREPARE:
      WritePending();
      break;
    case XACT_EVENT_ABORT:
    case XACT_EVENT_PARALLEL_ABORT:
      while (pending != nullptr) DropBatch(pending);
      writing = false;
      break;
    default:
      break;
  }
}

void OnSubtransaction(SubXactEvent event, SubTransactionId, SubTransactionId, void *) {
  if (event == SUBXACT_EVENT_PRE_COMMIT_SUB)
    WritePending();
  else if (event == SUBXACT_EVENT_ABORT_SUB) {
    DropPending();
    writing = false;
  }
}

// Forms one log row (its fields, their canonical texts, its hash) and leaves it pending.
void AddLogRow(Cache *c, Oid role, Oid relid, const Text &schema, const Text &table,
               Operation operation, Jsonb *old_row, Jsonb *new_row) {
  Datum values[kFields];
  bool nulls[kFields];
  memset(nulls, 0, sizeof nulls);
  // The canonical form the row hash covers, written field by field in the order of the columns
  // (the buffer is reused from row to row; no PostgreSQL call can leave it half-written for the
  // next row, which starts by clearing it).
  static CanonicalWriter canonical;
  canonical.Clear();
  const auto set_integer = [&](Field field, int64 value, Datum datum) {
    values[field] = datum;
    canonical.AddInteger(value);
  };
  const auto set_text = [&](Field field, const Text &text) {
    nulls[field] = text.chars == nullptr;
    values[field] = text.datum;
    if (text.chars == nullptr)
      canonical.AddNull();
    else
      canonical.Add(text.chars);
  };
  const auto set_jsonb = [&](Field field, Jsonb *document) {  // its binary form (jsonb_bytes())
    nulls[field] = document == nullptr;
    values[field] = JsonbPGetDatum(document);
    if (document == nullptr)
      canonical.AddNull();
    else
      canonical.Add(std::string_view(reinterpret_cast<const char *>(&document->root),
                                     VARSIZE(document) - VARHDRSZ));
  };
  // Microseconds since 1970-01-01 UTC, the canonical form of a timestamp (verify_audit reads
  // extract(epoch ...) * 1000000).
  constexpr int64 kUnixEpoch = (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * USECS_PER_DAY;

  if (c->next_id > c->last_id) {
    c->next_id = nextval_internal(c->sequence, false);
    c->last_id = c->next_id + c->id_block - 1;
  }
  const int64 id = c->next_id++;
  set_integer(kId, id, Int64GetDatum(id));
  const TimestampTz occurred = GetCurrentTransactionStartTimestamp();
  set_integer(kOccurredAt, occurred + kUnixEpoch, TimestampTzGetDatum(occurred));
  const TimestampTz recorded = GetCurrentTimestamp();
  set_integer(kRecordedAt, recorded + kUnixEpoch, TimestampTzGetDatum(recorded));
  const FullTransactionId txid = GetTopFullTransactionId();
  // xid8 stays below 2^63 (an epoch of 2^31 wraparounds of 2^32).
  set_integer(kTxid, static_cast<int64>(U64FromFullTransactionId(txid)),
              FullTransactionIdGetDatum(txid));
  nulls[kRelation] = !OidIsValid(relid);
  if (OidIsValid(relid))
    set_integer(kRelation, relid, ObjectIdGetDatum(relid));
  else
    canonical.AddNull();
  set_text(kSchemaName, schema);
  set_text(kTableName, table);
  set_text(kOperation, c->operation[operation]);
  set_jsonb(kOldRow, old_row);
  set_jsonb(kNewRow, new_row);
  set_text(kDbUser, RoleName(c, role, &c->user, &c->user_name));
  set_text(kSessionUser, RoleName(c, GetSessionUserId(), &c->session_user, &c->session_user_name));
  set_text(kAppUser, MakeText(steward::app_user));  // settings: their memory changes with SET
  set_text(kApplicationName, MakeText(application_name));
  ReadClient();
  set_text(kClientAddr, client.local ? Text{} : Text{client.canonical, client.address});
  if (client.local) {
    nulls[kClientPort] = true;
    canonical.AddNull();
  } else {
    set_integer(kClientPort, client.port, Int32GetDatum(client.port));
  }
  set_integer(kBackendPid, MyProcPid, Int32GetDatum(MyProcPid));
  set_text(kStatement, steward::audit_statement_text ? MakeText(debug_query_string) : Text{});

  const Digest digest = Sha256(canonical.bytes());
  bytea *hash = static_cast<bytea *>(palloc(VARHDRSZ + digest.size()));
  SET_VARSIZE(hash, VARHDRSZ + digest.size());
  memcpy(VARDATA(hash), digest.data(), digest.size());
  values[kRowHash] = PointerGetDatum(hash);

  Batch *batch = CurrentBatch();
  MemoryContext previous = MemoryContextSwitchTo(batch->memory);
  batch->tuple[batch->rows++] = heap_form_tuple(c->log_desc, values, nulls);
  MemoryContextSwitchTo(previous);
  if (batch->rows == kBatchRows) WriteBatch(c, batch);
}

void LogRowChange(Cache *c, TriggerData *trigger) {
  Relation rel = trigger->tg_relation;
  if (Summarized(RelationGetRelid(rel))) return;
  AuditedRelation *r = GetRelation(c, rel, trigger->tg_trigger);
  const TriggerEvent event = trigger->tg_event;
  TupleTableSlot *old_slot = nullptr, *new_slot = nullptr;
  Operation operation;
  if (TRIGGER_FIRED_BY_INSERT(event)) {
    operation = kInsert;
    new_slot = trigger->tg_trigslot;
  } else if (TRIGGER_FIRED_BY_DELETE(event)) {
    operation = kDelete;
    old_slot = trigger->tg_trigslot;
  } else {
    operation = kUpdate;
    old_slot = trigger->tg_trigslot;
    new_slot = trigger->tg_newslot;
  }
  Jsonb *old_row = nullptr, *new_row = nullptr;
  bool *is_changed = nullptr;
  if (old_slot != nullptr) slot_getallattrs(old_slot);
  if (new_slot != nullptr) slot_getallattrs(new_slot);
  if (old_slot != nullptr && new_slot != nullptr) {
    is_changed = static_cast<bool *>(palloc0(sizeof(bool) * (r->columns + 1)));
    if (!ChangedColumns(r, old_slot, new_slot, is_changed))
      return;  // an UPDATE that changes nothing is not logged
  }
  // An UPDATE stores the old values of the changed columns only: the view steward.audit_log
  // completes them with new_row, and lists their keys as changed_columns.
  if (old_slot != nullptr)
    old_row = RowToJsonb(r, old_slot->tts_values, old_slot->tts_isnull, c, is_changed);
  if (new_slot != nullptr) new_row = RowToJsonb(r, new_slot->tts_values, new_slot->tts_isnull, c);
  AddLogRow(c, GetUserId(), r->relid, r->schema, r->name, operation, old_row, new_row);
}

void RequireTrigger(FunctionCallInfo fcinfo, bool row_level) {
  if (!CALLED_AS_TRIGGER(fcinfo))
    ereport(ERROR, (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
                    errmsg("steward audit functions can only be called as triggers"),
                    errhint("SELECT steward.enable_audit('schema.table');")));
  TriggerData *trigger = reinterpret_cast<TriggerData *>(fcinfo->context);
  if (!TRIGGER_FIRED_AFTER(trigger->tg_event) ||
      (TRIGGER_FIRED_FOR_ROW(trigger->tg_event) != 0) != row_level)
    ereport(ERROR,
            (errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
             errmsg("trigger \"%s\" on \"%s\" must fire AFTER each %s", trigger->tg_trigger->tgname,
                    RelationGetRelationName(trigger->tg_relation), row_level ? "row" : "statement"),
             errhint("Create audit triggers with steward.enable_audit().")));
}

// Runs work in the row memory context, emptied afterwards: a bulk INSERT logs 200,000 rows in one
// statement. (After an error it is emptied by the next row.)
template <typename Work>
void InTemporaryContext(Cache *c, Work &&work) {
  MemoryContext context = c->row_context;
  MemoryContextReset(context);
  MemoryContext previous = MemoryContextSwitchTo(context);
  try {
    work();  // a PostgreSQL error longjmps past here; its abort resets the memory context
  } catch (...) {
    MemoryContextSwitchTo(previous);  // an OpenSSL failure (C++ exception) leaves it as found
    throw;
  }
  MemoryContextSwitchTo(previous);
  MemoryContextReset(context);
}

Datum AuditRow(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    RequireTrigger(fcinfo, true);
    TriggerData *trigger = reinterpret_cast<TriggerData *>(fcinfo->context);
    Cache *c = AcquireCache();
    InTemporaryContext(c, [&] { LogRowChange(c, trigger); });
  });
  return PointerGetDatum(nullptr);
}

// Logs one row (TRUNCATE, DDL) at once, after the pending rows of this level.
void LogNow(Cache *c, Oid role, Oid relid, const char *schema, const char *table,
            Operation operation, Jsonb *new_row) {
  InTemporaryContext(c, [&] {
    AddLogRow(c, role, relid, MakeText(schema), MakeText(table), operation, nullptr, new_row);
    WriteBatch(c, pending);
  });
}

Datum AuditTruncate(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    RequireTrigger(fcinfo, false);
    TriggerData *trigger = reinterpret_cast<TriggerData *>(fcinfo->context);
    Relation rel = trigger->tg_relation;
    Cache *c = AcquireCache();
    LogNow(c, GetUserId(), RelationGetRelid(rel), get_namespace_name(RelationGetNamespace(rel)),
           RelationGetRelationName(rel), kTruncate, nullptr);
  });
  return PointerGetDatum(nullptr);
}

// steward.audit_ddl(relation, schema_name, table_name, command_tag, object_identity)
Datum AuditDdl(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    const Oid relid = PG_ARGISNULL(0) ? InvalidOid : PG_GETARG_OID(0);
    const auto text_arg = [&](int n) -> char * {
      return PG_ARGISNULL(n) ? nullptr : text_to_cstring(PG_GETARG_TEXT_PP(n));
    };
    char *schema = text_arg(1);
    char *table = text_arg(2);
    char *tag = text_arg(3);
    char *identity = text_arg(4);
    Cache *c = AcquireCache();
    static const char *const kKeys[] = {"command_tag", "object_identity"};  // jsonb's order
    static const int kKeyLengths[] = {11, 15};
    JsonbValue command_values[2];
    SetString(command_values[0], tag != nullptr ? tag : "");
    SetString(command_values[1], identity != nullptr ? identity : "");
    Jsonb *command = EncodeObject(2, kKeys, kKeyLengths, command_values);
    // The event triggers run as the extension's owner: the role that ran the DDL is the outer
    // one.
    LogNow(c, GetOuterUserId(), relid, schema, table, kDdl, command);
  });
  PG_RETURN_VOID();
}

// steward.audit_retention_begin(relation): the row changes of relation in this transaction are
// summarized by steward.audit_retention_batch() instead of logged one by one. EXECUTE is for the
// extension's owner only (apply_retention() calls it when it may).
Datum AuditRetentionBegin(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    const Oid relid = PG_GETARG_OID(0);
    if (summarized_lxid != MyProc->lxid) {
      summarized_lxid = MyProc->lxid;
      summarized_count = 0;
    }
    if (!Summarized(relid)) {
      if (summarized_count == kMaxSummarized)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("a transaction can summarize the audit rows of at most %d tables",
                               kMaxSummarized)));
      summarized[summarized_count++] = relid;
    }
  });
  PG_RETURN_VOID();
}

// steward.audit_retention_batch(relation, summary): logs one RETENTION row for a batch.
Datum AuditRetentionBatch(FunctionCallInfo fcinfo) {
  pg::Call([&] {
    const Oid relid = PG_GETARG_OID(0);
    Jsonb *summary = PG_GETARG_JSONB_P(1);
    const char *table = get_rel_name(relid);
    const Oid namespace_oid = get_rel_namespace(relid);
    Cache *c = AcquireCache();
    LogNow(c, GetUserId(), relid, OidIsValid(namespace_oid) ? get_namespace_name(namespace_oid) : nullptr,
           table, kRetention, summary);
  });
  PG_RETURN_VOID();
}

// steward.jsonb_bytes(document): the binary form the row hash covers.
Datum JsonbBytes(FunctionCallInfo fcinfo) {
  return pg::Call([&] {
    Jsonb *document = PG_GETARG_JSONB_P(0);
    const Size length = VARSIZE(document) - VARHDRSZ;
    bytea *bytes = static_cast<bytea *>(palloc(VARHDRSZ + length));
    SET_VARSIZE(bytes, VARHDRSZ + length);
    memcpy(VARDATA(bytes), &document->root, length);
    return PointerGetDatum(bytes);
  });
}

// steward.jsonb_keys(document): the keys of an object, in jsonb's order; NULL for anything else.
Datum JsonbKeys(FunctionCallInfo fcinfo) {
  return pg::Call([&]() -> Datum {
    Jsonb *document = PG_GETARG_JSONB_P(0);
    if (!JB_ROOT_IS_OBJECT(document)) {
      fcinfo->isnull = true;
      return Datum(0);
    }
    const int count = static_cast<int>(JB_ROOT_COUNT(document));
    Datum *keys = static_cast<Datum *>(palloc(sizeof(Datum) * (count + 1)));
    int n = 0;
    JsonbIterator *iterator = JsonbIteratorInit(&document->root);
    JsonbValue value;
    JsonbIteratorToken token;
    while ((token = JsonbIteratorNext(&iterator, &value, true)) != WJB_DONE)
      if (token == WJB_KEY)
        keys[n++] =
            PointerGetDatum(cstring_to_text_with_len(value.val.string.val, value.val.string.len));
    return PointerGetDatum(construct_array(keys, n, TEXTOID, -1, false, TYPALIGN_INT));
  });
}

// steward.random_bytes(count)
Datum RandomBytes(FunctionCallInfo fcinfo) {
  const int32 count = PG_GETARG_INT32(0);
  if (count < 1 || count > 1024)
    throw Error(sqlstate::kInvalidParameterValue,
                "count must be between 1 and 1024, not " + std::to_string(count));
  return pg::Call([&] {
    bytea *bytes = static_cast<bytea *>(palloc(VARHDRSZ + count));
    SET_VARSIZE(bytes, VARHDRSZ + count);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(VARDATA(bytes)), count) != 1)
      ereport(ERROR,
              (errcode(ERRCODE_INTERNAL_ERROR), errmsg("OpenSSL could not produce random bytes")));
    return PointerGetDatum(bytes);
  });
}

// steward.trigger_columns(tgargs bytea, tgnargs int2): the arguments of a trigger as name[].
Datum TriggerColumns(FunctionCallInfo fcinfo) {
  return pg::Call([&] {
    bytea *arguments = PG_GETARG_BYTEA_PP(0);
    const int count = PG_GETARG_INT16(1);
    const char *data = VARDATA_ANY(arguments);
    const int length = static_cast<int>(VARSIZE_ANY_EXHDR(arguments));
    Datum *names = static_cast<Datum *>(palloc(sizeof(Datum) * (count + 1)));
    int n = 0, start = 0;
    for (int i = 0; i < length && n < count; ++i) {
      if (data[i] != '\0') continue;
      Name name = static_cast<Name>(palloc0(NAMEDATALEN));
      strlcpy(NameStr(*name), data + start, Min(NAMEDATALEN, i - start + 1));
      names[n++] = NameGetDatum(name);
      start = i + 1;
    }
    return PointerGetDatum(construct_array(names, n, NAMEOID, NAMEDATALEN, false, 'c'));
  });
}

}  // namespace

void InstallHooks() {
  previous_executor_finish = ExecutorFinish_hook;
  ExecutorFinish_hook = AfterExecutorFinish;
  previous_process_utility = ProcessUtility_hook;
  ProcessUtility_hook = AfterProcessUtility;
  RegisterXactCallback(OnTransaction, nullptr);
  RegisterSubXactCallback(OnSubtransaction, nullptr);
}

}  // namespace steward::audit

STEWARD_SQL_FUNCTION(steward_audit_row, steward::audit::AuditRow)
STEWARD_SQL_FUNCTION(steward_audit_truncate, steward::audit::AuditTruncate)
STEWARD_SQL_FUNCTION(steward_audit_ddl, steward::audit::AuditDdl)
STEWARD_SQL_FUNCTION(steward_audit_retention_begin, steward::audit::AuditRetentionBegin)
STEWARD_SQL_FUNCTION(steward_audit_retention_batch, steward::audit::AuditRetentionBatch)
STEWARD_SQL_FUNCTION(steward_random_bytes, steward::audit::RandomBytes)
STEWARD_SQL_FUNCTION(steward_jsonb_bytes, steward::audit::JsonbBytes)
STEWARD_SQL_FUNCTION(steward_jsonb_keys, steward::audit::JsonbKeys)
STEWARD_SQL_FUNCTION(steward_trigger_columns, steward::audit::TriggerColumns)
