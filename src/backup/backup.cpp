// Backups from inside the database (docs/backup.md): steward.backup(), verify_backup(),
// restore_drill(), restore_backup() and prune_backups(). The tools are the server's own pg_dump,
// pg_restore, pg_basebackup, pg_verifybackup, createdb, dropdb and psql, run by RunTool
// (process.hpp) and connected through the server's Unix socket as the bootstrap superuser.
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>

#include "backup/process.hpp"
#include "common/sha256.hpp"
#include "pg/arguments.hpp"
#include "pg/boundary.hpp"
#include "pg/security.hpp"
#include "pg/spi.hpp"
#include "pg_steward.hpp"

extern "C" {
#include "catalog/pg_authid.h"
#include "commands/dbcommands.h"
#include "postmaster/postmaster.h"
#include "utils/acl.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
}

namespace steward::backup {

namespace {

// The exact row count of every table whose data a logical backup holds, and of the large
// objects, as one JSON object {"schema.table": count, ..., "large objects": count}. The same
// query runs in the backup's snapshot and in the database a drill restored, so the two compare.
// ONLY: an inheritance parent's count must not include its children's rows. Extension members
// are left out: CREATE EXTENSION makes them in the restored database, not the dump's data.
constexpr const char *kRowCountSql = R"(
SELECT coalesce(jsonb_object_agg(t.name, t.rows), '{}')::text
  FROM (SELECT format('%I.%I', n.nspname, c.relname) AS name,
               (pg_catalog.xpath('/row/n/text()', pg_catalog.query_to_xml(
                    format('SELECT count(*) AS n FROM ONLY %I.%I', n.nspname, c.relname),
                    false, true, '')))[1]::text::bigint AS rows
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND c.relpersistence <> 't'
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname !~ '^pg_(toast|temp_)'
           AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                              AND d.objid = c.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'large objects', count(*) FROM pg_catalog.pg_largeobject_metadata) t)";

// Tables whose counts differ between two such objects, as "name: expected N, found M" lines.
constexpr const char *kCompareCountsSql = R"(
SELECT string_agg(format('%s: %s rows in the backup, %s restored', coalesce(b.key, r.key),
                         coalesce(b.value, 'no'), coalesce(r.value, 'none')), E'\n' ORDER BY coalesce(b.key, r.key)),
       count(*), (SELECT count(*) FROM jsonb_each_text($1::jsonb))
  FROM jsonb_each_text($1::jsonb) b FULL JOIN jsonb_each_text($2::jsonb) r ON r.key = b.key
 WHERE b.value IS DISTINCT FROM r.value)";

pg::Parameter Text(std::string value) { return pg::Parameter::Text(std::move(value)); }

using TextRow = std::vector<std::optional<std::string>>;

// Returns the rows as the function's result set, each value converted from its text form to
// the type of its output column.
Datum ReturnRows(FunctionCallInfo fcinfo, const std::vector<TextRow> &rows) {
  pg::Call([&] {
    InitMaterializedSRF(fcinfo, 0);
    auto *set = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    AttInMetadata *metadata = TupleDescGetAttInMetadata(set->setDesc);
    for (const TextRow &row : rows) {
      char *values[8] = {};  // a column the row does not give is NULL
      for (std::size_t i = 0; i < row.size() && i < 8; ++i)
        values[i] = row[i] ? const_cast<char *>(row[i]->c_str()) : nullptr;
      tuplestore_puttuple(set->setResult, BuildTupleFromCStrings(metadata, values));
    }
  });
  return Datum(0);
}

void RequireBackupRole(const std::string &action) {
  const bool allowed = pg::Call([] {
    if (superuser()) return true;
    const Oid role = get_role_oid("steward_backup", true);
    return OidIsValid(role) && has_privs_of_role(GetUserId(), role);
  });
  if (!allowed)
    throw Error(sqlstate::kInsufficientPrivilege, "permission denied to " + action,
                "Backups run the server's client tools as the bootstrap superuser: they read, and "
                "restore into, every database of the cluster.",
                "A superuser can grant it: GRANT steward_backup TO <role>;");
}

void RequirePrimary(const std::string &action) {
  if (pg::Call([] { return RecoveryInProgress(); }))
    throw Error("25006", "cannot " + action + " on a standby",
                "steward.backup_catalog records every backup, and a standby is read-only.",
                "Run it on the primary. A physical backup can be taken from a standby with "
                "pg_basebackup directly.");
}

std::string RealPath(const std::string &path) {
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return {};
  return resolved;
}

// The configured directory, resolved.
std::string BackupDirectory() {
  const std::string setting = backup_directory != nullptr ? backup_directory : "";
  if (setting.empty())
    throw Error(sqlstate::kObjectNotInPrerequisiteState, "steward.backup_directory is not set",
                "Backups are written only there, on the database server.",
                "ALTER SYSTEM SET steward.backup_directory = '/var/lib/postgresql/backups'; "
                "SELECT pg_reload_conf(); (the directory must exist and belong to the server's "
                "OS user)");
  const std::string resolved = RealPath(setting);
  struct stat info;
  if (resolved.empty() || stat(resolved.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    throw Error("58P01", "steward.backup_directory \"" + setting + "\" is not a directory", {},
                "Create it as the server's OS user (mkdir -m 700), or point the setting at one.");
  return resolved;
}

// Where this backup goes: the configured directory, or a directory inside it.
std::string Destination(const std::optional<std::string> &requested) {
  const std::string base = BackupDirectory();
  std::string directory = base;
  if (requested) {
    const std::string candidate = !requested->empty() && (*requested)[0] == '/'
                                      ? *requested
                                      : base + "/" + *requested;
    directory = RealPath(candidate);
    if (directory != base && directory.rfind(base + "/", 0) != 0)
      throw Error(sqlstate::kInvalidParameterValue,
                  "backup destination \"" + *requested + "\" is not inside steward.backup_directory",
                  directory.empty() ? "It does not exist." : "It resolves to " + directory + ".",
                  "Pass NULL for " + base + " itself, or an existing directory inside it.");
  }
  if (access(directory.c_str(), W_OK | X_OK) != 0)
    throw Error(sqlstate::kInsufficientPrivilege,
                "the server cannot write to backup destination \"" + directory + "\"", {},
                "Make the directory belong to the server's OS user (chown postgres, chmod 700).");
  return directory;
}

std::string Quoted(const std::string &value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

// A libpq connection string to this server through its first Unix socket, as the bootstrap
// superuser; database empty for a replication connection.
std::string Conninfo(const std::string &database) {
  const std::string sockets = Unix_socket_directories != nullptr ? Unix_socket_directories : "";
  std::string host = sockets.substr(0, sockets.find(','));
  host.erase(0, host.find_first_not_of(' '));
  host.erase(host.find_last_not_of(' ') + 1);
  if (host.empty())
    throw Error(sqlstate::kObjectNotInPrerequisiteState,
                "backups connect to the server through a Unix socket, and "
                "unix_socket_directories is empty",
                {}, "Set unix_socket_directories (it needs a restart).");
  const std::string user = pg::Call([] { return std::string(GetUserNameFromId(BOOTSTRAP_SUPERUSERID, false)); });
  std::string conninfo = "host=" + Quoted(host) + " port=" + std::to_string(PostPortNumber) +
                         " user=" + Quoted(user);
  if (!database.empty()) conninfo += " dbname=" + Quoted(database);
  return conninfo;
}

std::string CurrentDatabase() {
  return pg::Call([] { return std::string(get_database_name(MyDatabaseId)); });
}

// Letters, digits, '-' and '_' of a name, for a file name; the backup ID keeps names unique.
std::string FileSafe(const std::string &name) {
  std::string safe;
  for (const char c : name)
    safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return safe.substr(0, 64);
}

std::string Timestamp() {
  const time_t now = time(nullptr);
  struct tm utc;
  gmtime_r(&now, &utc);
  char text[32];
  strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

std::string Now(const pg::Spi &spi) {
  return *spi.Query("SELECT pg_catalog.clock_timestamp()::text").rows.at(0).at(0);
}

std::string FirstLine(const std::string &text) {
  return text.substr(0, text.find('\n'));
}

void Rename(const std::string &from, const std::string &to) {
  if (rename(from.c_str(), to.c_str()) != 0)
    throw Error("58030", "could not rename \"" + from + "\" to \"" + to + "\": " + strerror(errno));
}

long long TreeSize(const std::string &path) {
  long long total = 0;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(path))
    if (entry.is_regular_file()) total += static_cast<long long>(entry.file_size());
  return total;
}

// --- steward.backup() -------------------------------------------------------------------------

// The files and directories backup() made in this transaction, with the (sub)transaction level
// that made them: an abort (any error after the rename included) removes them, so that no
// backup outlives its catalog row. Lists in
// TopTransactionContext, which an abort frees after the callbacks have run.
List *made_paths = NIL;
List *made_levels = NIL;

void RemoveMadePaths(int from_level) noexcept {
  ListCell *path, *level;
  forboth(path, made_paths, level, made_levels) {
    if (lfirst_int(level) < from_level) continue;
    try {
      std::string ignored;
      RemovePath(static_cast<char *>(lfirst(path)), &ignored);
    } catch (...) {  // bad_alloc while aborting: the file stays, nothing worse
    }
    lfirst_int(level) = -1;
  }
}

void OnTransactionEnd(XactEvent event, void *) {
  if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT) RemoveMadePaths(0);
  if (event != XACT_EVENT_PRE_COMMIT && event != XACT_EVENT_PARALLEL_PRE_COMMIT &&
      event != XACT_EVENT_PRE_PREPARE) {
    made_paths = NIL;
    made_levels = NIL;
  }
}

void OnSubtransactionEnd(SubXactEvent event, SubTransactionId, SubTransactionId, void *) {
  const int level = GetCurrentTransactionNestLevel();
  if (event == SUBXACT_EVENT_ABORT_SUB) RemoveMadePaths(level);
  if (event == SUBXACT_EVENT_COMMIT_SUB) {
    ListCell *cell;
    foreach (cell, made_levels)
      if (lfirst_int(cell) == level) lfirst_int(cell) = level - 1;
  }
}

void RemoveIfTransactionAborts(const std::string &path) {
  static bool registered = false;
  pg::Call([&] {
    if (!registered) {
      RegisterXactCallback(OnTransactionEnd, nullptr);
      RegisterSubXactCallback(OnSubtransactionEnd, nullptr);
      registered = true;
    }
    MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
    made_paths = lappend(made_paths, pstrdup(path.c_str()));
    made_levels = lappend_int(made_levels, GetCurrentTransactionNestLevel());
    MemoryContextSwitchTo(old);
  });
}

struct NewBackup {
  std::string path, sha256, tool_version;
  long long size_bytes = 0;
  std::optional<std::string> row_counts;
};

// pg_dump will import a snapshot this transaction exports: the transaction must be able to
// export one, and must not hold a lock that pg_dump's ACCESS SHARE locks would wait for (they
// would wait for this transaction, which waits for pg_dump).
void RequireExportableTransaction(const pg::Spi &spi) {
  if (pg::Call([] { return IsSubTransaction(); }))
    throw Error("25001", "a logical backup cannot run inside a subtransaction",
                "pg_dump reads the database in a snapshot this transaction exports, and a "
                "subtransaction (a SAVEPOINT, a PL/pgSQL block with EXCEPTION) cannot export one.",
                "Call steward.backup() outside of such a block. steward.run_job() runs its job in "
                "one: to take the nightly backup now, CALL steward.nightly_backup();");
  // A relation this transaction created is not in pg_dump's snapshot: pg_dump leaves it alone.
  for (const pg::Row &row :
       spi.Query("SELECT l.relation::regclass::text, c.xmin::text FROM pg_catalog.pg_locks l "
                 "JOIN pg_catalog.pg_class c ON c.oid = l.relation "
                 "WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' "
                 "AND l.mode = 'AccessExclusiveLock' AND c.relpersistence <> 't'")
           .rows) {
    const auto xmin = static_cast<TransactionId>(std::stoul(*row[1]));
    if (pg::Call([xmin] { return TransactionIdIsCurrentTransactionId(xmin); })) continue;
    throw Error("55P03",
                "a logical backup cannot run in a transaction that holds an ACCESS EXCLUSIVE "
                "lock on " + *row[0],
                "pg_dump, in a session of its own, would wait for that lock until this "
                "transaction ends, and this transaction waits for pg_dump.",
                "Commit first (the DDL, TRUNCATE or LOCK TABLE), then call steward.backup().");
  }
}

NewBackup LogicalBackup(const pg::Spi &spi, const std::string &directory, long long id) {
  const std::string database = CurrentDatabase();
  NewBackup backup;
  backup.path = directory + "/logical_" + FileSafe(database) + "_" + Timestamp() + "_" +
                std::to_string(id) + ".dump";
  const std::string partial = backup.path + ".partial";

  // One snapshot for the row counts and for pg_dump, held until the transaction ends. pg_dump
  // sees this transaction as still running, so none of its changes: with command ID 0 the
  // counts see none of them either (what it inserted was inserted "later", what it deleted is
  // still there), and a table it created is not listed.
  struct Exported {
    Snapshot snapshot;
    const char *id;
  };
  const Exported exported = pg::Call([] {
    Snapshot snapshot = RegisterSnapshot(GetLatestSnapshot());  // a copy of our own
    snapshot->curcid = FirstCommandId;
    return Exported{snapshot, ExportSnapshot(snapshot)};
  });
  {
    // Counted as the bootstrap superuser, like pg_dump reads: every table, no row security.
    pg::ActingAs superuser(BOOTSTRAP_SUPERUSERID);
    backup.row_counts = spi.QueryInSnapshot(kRowCountSql, exported.snapshot).rows.at(0).at(0);
  }
  backup.tool_version = FirstLine(RunTool("pg_dump", {"--version"}, {}).stdout_text);
  const ToolResult dump = RunTool("pg_dump",
                                  {"--format=custom", std::string("--snapshot=") + exported.id,
                                   "--no-password", "--dbname=" + Conninfo(database)},
                                  ToolOutput{partial, 0, std::nullopt});
  if (!dump.Succeeded())
    throw Error("58000", "logical backup of database \"" + database + "\" failed: " +
                             dump.Failure("pg_dump"),
                dump.stderr_tail, "The partial file was removed; older backups are intact.");
  Rename(partial, backup.path);
  RemoveIfTransactionAborts(backup.path);
  pg::Call([&] { UnregisterSnapshot(exported.snapshot); });
  backup.sha256 = dump.stdout_sha256;
  backup.size_bytes = dump.stdout_bytes;
  return backup;
}

NewBackup PhysicalBackup(const pg::Spi &spi, const std::string &directory, long long id) {
  if (!pg::Call([] { return superuser() || has_rolreplication(GetUserId()); }))
    throw Error(sqlstate::kInsufficientPrivilege,
                "a physical backup needs a role with the REPLICATION attribute",
                "pg_basebackup copies the whole cluster over a replication connection.",
                "ALTER ROLE <role> REPLICATION; (a superuser can), or take a logical backup: "
                "steward.backup('logical').");
  NewBackup backup;
  backup.path = directory + "/physical_" + Timestamp() + "_" + std::to_string(id);
  const std::string partial = backup.path + ".partial";
  std::vector<std::string> args = {"--pgdata=" + partial, "--format=plain", "--wal-method=stream",
                                   "--checkpoint=fast", "--manifest-checksums=SHA256",
                                   "--no-password", "--dbname=" + Conninfo("")};
  // Tablespaces go inside the backup, not over the live ones at their original paths.
  for (const pg::Row &row :
       spi.Query("SELECT oid, pg_catalog.pg_tablespace_location(oid) FROM pg_catalog.pg_tablespace "
                 "WHERE pg_catalog.pg_tablespace_location(oid) <> ''")
           .rows) {
    const auto escape = [](const std::string &path) {
      std::string escaped;
      for (const char c : path) escaped += c == '=' ? std::string("\\=") : std::string(1, c);
      return escaped;
    };
    args.push_back("--tablespace-mapping=" + escape(*row[1]) + "=" +
                   escape(partial + "/tablespaces/" + *row[0]));
  }
  backup.tool_version = FirstLine(RunTool("pg_basebackup", {"--version"}, {}).stdout_text);
  const ToolResult copy = RunTool("pg_basebackup", args, ToolOutput{std::nullopt, 1 << 16, partial});
  if (!copy.Succeeded())
    throw Error("58000", "physical backup failed: " + copy.Failure("pg_basebackup"),
                copy.stderr_tail,
                "The partial copy was removed. pg_basebackup needs a replication entry in "
                "pg_hba.conf for local connections and a free max_wal_senders slot (two with "
                "WAL streaming).");
  Rename(partial, backup.path);
  RemoveIfTransactionAborts(backup.path);
  const auto manifest = Sha256OfFile(backup.path + "/backup_manifest");
  if (!manifest) throw Error("58030", "could not read " + backup.path + "/backup_manifest");
  backup.sha256 = *manifest;
  backup.size_bytes = TreeSize(backup.path);
  return backup;
}

Datum Backup(FunctionCallInfo fcinfo) {
  const std::string kind = pg::TextArgument(fcinfo, 0).value_or("logical");
  if (kind != "logical" && kind != "physical")
    throw Error(sqlstate::kInvalidParameterValue, "unknown backup kind \"" + kind + "\"", {},
                "Use 'logical' (pg_dump of this database) or 'physical' (pg_basebackup of the "
                "whole cluster).");
  RequireBackupRole("take backups");
  RequirePrimary("take a backup");
  const std::string directory = Destination(pg::TextArgument(fcinfo, 1));
  pg::Spi spi;
  if (kind == "logical") RequireExportableTransaction(spi);
  const Oid owner = pg::ExtensionOwner(spi);
  long long id;
  {
    pg::ActingAs bookkeeper(owner);
    id = std::stoll(*spi.Execute("SELECT nextval('steward.backup_catalog_backup_id_seq')")
                         .rows.at(0).at(0));
  }
  const std::string started = Now(spi);
  const NewBackup backup =
      kind == "logical" ? LogicalBackup(spi, directory, id) : PhysicalBackup(spi, directory, id);
  {
    pg::ActingAs bookkeeper(owner);
    const pg::QueryResult row = spi.Execute(
        "INSERT INTO steward.backup_catalog (backup_id, kind, database_name, path, size_bytes, "
        "sha256, started_at, finished_at, tool_version, server_version, row_counts, taken_by) "
        "VALUES ($1::bigint, $2, CASE WHEN $2 = 'logical' THEN pg_catalog.current_database() END, "
        "$3, $4::bigint, $5, $6::timestamptz, pg_catalog.clock_timestamp(), $7, "
        "pg_catalog.current_setting('server_version'), $8::jsonb, $9::regrole) "
        "RETURNING backup_id, path, size_bytes, sha256, finished_at - started_at",
        {Text(std::to_string(id)), Text(kind), Text(backup.path),
         Text(std::to_string(backup.size_bytes)), Text(backup.sha256), Text(started),
         Text(backup.tool_version), pg::Parameter::Text(backup.row_counts),
         Text(pg::Call([] { return std::to_string(GetUserId()); }))});
    TextRow result(row.rows.at(0).begin(), row.rows.at(0).end());
    result.push_back("OK");
    ReturnRows(fcinfo, {result});
  }
  return Datum(0);
}

// --- verify_backup(), restore_drill(), restore_backup() ---------------------------------------

struct Check {
  std::string name, status, detail;
};

struct CatalogEntry {
  long long id;
  std::string kind, path, sha256;
  std::optional<std::string> row_counts, removed_at;
};

CatalogEntry FindBackup(const pg::Spi &spi, FunctionCallInfo fcinfo) {
  if (PG_ARGISNULL(0))
    throw Error(sqlstate::kInvalidParameterValue, "backup_id must not be NULL", {},
                "SELECT backup_id, kind, finished_at FROM steward.backup_catalog ORDER BY "
                "backup_id DESC;");
  const long long id = PG_GETARG_INT64(0);
  const pg::QueryResult found = spi.Query(
      "SELECT kind, path, sha256, row_counts::text, removed_at::text FROM steward.backup_catalog "
      "WHERE backup_id = $1::bigint",
      {Text(std::to_string(id))});
  if (found.rows.empty())
    throw Error(sqlstate::kUndefinedObject,
                "backup " + std::to_string(id) + " does not exist in steward.backup_catalog", {},
                "SELECT backup_id, kind, finished_at FROM steward.backup_catalog ORDER BY "
                "backup_id DESC;");
  const pg::Row &row = found.rows[0];
  return {id, *row[0], *row[1], *row[2], row[3], row[4]};
}

// The file (or the manifest of a physical backup) is there and hashes as recorded.
Check ChecksumCheck(const CatalogEntry &backup) {
  if (backup.removed_at)
    return {"checksum", "FAILED", "the backup was removed by retention at " + *backup.removed_at};
  const std::string file = backup.kind == "logical" ? backup.path : backup.path + "/backup_manifest";
  const auto actual = Sha256OfFile(file, CheckForInterrupts);
  if (!actual) return {"checksum", "FAILED", "cannot read " + file + ": " + strerror(errno)};
  if (*actual != backup.sha256)
    return {"checksum", "FAILED",
            "SHA-256 of " + file + " is " + *actual + ", the catalog recorded " + backup.sha256};
  return {"checksum", "OK", "SHA-256 " + backup.sha256 + " of " + file};
}

// pg_restore --list reads a custom-format archive's table of contents; pg_verifybackup checks
// every file of a physical backup against its manifest and parses the WAL it needs.
Check ToolCheck(const CatalogEntry &backup) {
  if (backup.kind == "logical") {
    const ToolResult list = RunTool("pg_restore", {"--list", "--", backup.path}, {});
    if (!list.Succeeded()) return {"pg_restore --list", "FAILED", list.Failure("pg_restore")};
    long long entries = 0;
    for (std::size_t at = 0; (at = list.stdout_text.find('\n', at)) != std::string::npos; ++at)
      if (at + 1 < list.stdout_text.size() && list.stdout_text[at + 1] != ';') ++entries;
    return {"pg_restore --list", "OK",
            "the archive's table of contents lists " + std::to_string(entries) + " entries"};
  }
  const ToolResult check = RunTool("pg_verifybackup", {"--", backup.path}, {});
  if (!check.Succeeded()) return {"pg_verifybackup", "FAILED", check.Failure("pg_verifybackup")};
  return {"pg_verifybackup", "OK", FirstLine(check.stdout_text)};
}

// CREATE DATABASE like the current one (encoding, collation), empty (template0).
std::vector<std::string> CreateDatabaseArgs(const pg::Spi &spi, const std::string &name) {
  const pg::Row settings =
      spi.Query("SELECT pg_catalog.pg_encoding_to_char(encoding), datcollate, datctype, "
                "datlocprovider::text, daticulocale FROM pg_catalog.pg_database "
                "WHERE datname = pg_catalog.current_database()")
          .rows.at(0);
  std::vector<std::string> args = {"--template=template0", "--encoding=" + *settings[0],
                                   "--lc-collate=" + *settings[1], "--lc-ctype=" + *settings[2],
                                   "--no-password",
                                   "--maintenance-db=" + Conninfo(CurrentDatabase())};
  if (*settings[3] == "i") {
    args.push_back("--locale-provider=icu");
    args.push_back("--icu-locale=" + settings[4].value_or(""));
  }
  args.push_back("--");
  args.push_back(name);
  return args;
}

// DROP DATABASE ... WITH (FORCE), through dropdb; returns the failure, or an empty text.
std::string DropDatabase(const std::string &name) {
  const ToolResult drop = RunTool("dropdb", {"--force", "--if-exists", "--no-password",
                                             "--maintenance-db=" + Conninfo(CurrentDatabase()),
                                             "--", name},
                                  {});
  return drop.Succeeded() ? std::string() : drop.Failure("dropdb");
}

// Restores a logical backup into a new database and compares its row counts with the catalog.
// Returns whether the database was restored (and stays); a database this made is dropped again
// when its restore fails or is interrupted (a cancel, a timeout).
bool Restore(const pg::Spi &spi, const CatalogEntry &backup, const std::string &database,
             std::vector<Check> *checks) {
  const ToolResult created = RunTool("createdb", CreateDatabaseArgs(spi, database), {});
  if (!created.Succeeded()) {
    checks->push_back({"create database", "FAILED", created.Failure("createdb")});
    return false;
  }
  try {
    const ToolResult restore = RunTool("pg_restore", {"--exit-on-error", "--no-password",
                                                      "--dbname=" + Conninfo(database), "--",
                                                      backup.path},
                                       {});
    if (!restore.Succeeded()) {
      checks->push_back({"restore", "FAILED", restore.Failure("pg_restore")});
      DropDatabase(database);
      return false;
    }
    checks->push_back({"restore", "OK", "pg_restore into database " + database});
    const ToolResult counted =
        RunTool("psql", {"--no-psqlrc", "--no-align", "--tuples-only", "--quiet",
                         "--set=ON_ERROR_STOP=1", "--dbname=" + Conninfo(database),
                         std::string("--command=") + kRowCountSql},
                ToolOutput{std::nullopt, 64 << 20, std::nullopt});
    if (!counted.Succeeded()) {
      checks->push_back({"row counts", "FAILED", counted.Failure("psql")});
      return true;
    }
    const pg::Row compared =
        spi.Query(kCompareCountsSql, {pg::Parameter::Text(backup.row_counts.value_or("{}")),
                                      Text(FirstLine(counted.stdout_text))})
            .rows.at(0);
    if (std::stoll(*compared[1]) != 0)
      checks->push_back({"row counts", "FAILED", *compared[0]});
    else
      checks->push_back({"row counts", "OK",
                         "the exact row counts of " + *compared[2] +
                             " entries (tables and large objects) match the backup's snapshot"});
    return true;
  } catch (...) {
    DropDatabase(database);
    throw;
  }
}

bool AllOk(const std::vector<Check> &checks) {
  for (const Check &check : checks)
    if (check.status != "OK") return false;
  return true;
}

std::string Summary(const std::vector<Check> &checks) {
  std::string summary;
  for (const Check &check : checks)
    if (check.status != "OK") summary += (summary.empty() ? "" : "; ") + check.name + ": " + check.detail;
  return summary;
}

Datum ReturnChecks(FunctionCallInfo fcinfo, const std::vector<Check> &checks) {
  std::vector<TextRow> rows;
  for (const Check &check : checks) rows.push_back({check.name, check.status, check.detail});
  return ReturnRows(fcinfo, rows);
}

// Records the outcome of a verification or a drill in the catalog's columns for it.
void Record(const pg::Spi &spi, const std::string &what, const std::string &at_column,
            long long id, const std::vector<Check> &checks, const std::string &started) {
  pg::ActingAs bookkeeper(pg::ExtensionOwner(spi));
  spi.Execute("UPDATE steward.backup_catalog SET " + what + "_status = $2, " + what +
                  "_detail = $3, " + at_column + " = pg_catalog.clock_timestamp(), " + what +
                  "_duration = pg_catalog.clock_timestamp() - $4::timestamptz "
                  "WHERE backup_id = $1::bigint",
              {Text(std::to_string(id)), Text(AllOk(checks) ? "OK" : "FAILED"),
               pg::Parameter::Text(AllOk(checks) ? std::nullopt
                                                 : std::optional<std::string>(Summary(checks))),
               Text(started)});
}

// Drops the scratch databases of drills whose backend is gone (a crash, a FATAL exit).
void DropAbandonedDrills(const pg::Spi &spi) {
  for (const pg::Row &row :
       spi.Query("SELECT datname FROM pg_catalog.pg_database "
                 "WHERE datname ~ '^steward_drill_[0-9]+_[0-9]+$' AND NOT EXISTS ("
                 "  SELECT FROM pg_catalog.pg_stat_activity a "
                 "   WHERE a.pid::text = pg_catalog.split_part(datname, '_', 4))")
           .rows)
    DropDatabase(*row[0]);
}

// Restores a logical backup into a scratch database, compares, drops it.
void DrillLogical(const pg::Spi &spi, const CatalogEntry &backup, std::vector<Check> *checks) {
  DropAbandonedDrills(spi);
  // The launcher starts no scheduler in databases named so (src/worker/launcher.cpp).
  const std::string scratch =
      "steward_drill_" + std::to_string(backup.id) + "_" + std::to_string(MyProcPid);
  if (!Restore(spi, backup, scratch, checks)) return;
  const std::string failure = DropDatabase(scratch);
  checks->push_back(failure.empty() ? Check{"drop scratch database", "OK", "dropped " + scratch}
                                    : Check{"drop scratch database", "FAILED", failure});
}

// verify_backup() and restore_drill(): the checksum first; then the tool's check, or (a drill of
// a logical backup) a restore; the outcome recorded in the catalog.
Datum CheckBackup(FunctionCallInfo fcinfo, bool drill) {
  RequireBackupRole(drill ? "run restore drills" : "verify backups");
  RequirePrimary(drill ? "record a restore drill" : "record a verification");
  pg::Spi spi;
  const CatalogEntry backup = FindBackup(spi, fcinfo);
  const std::string started = Now(spi);
  std::vector<Check> checks = {ChecksumCheck(backup)};
  if (checks[0].status == "OK") {
    if (drill && backup.kind == "logical")
      DrillLogical(spi, backup, &checks);
    else
      checks.push_back(ToolCheck(backup));
  }
  Record(spi, drill ? "drill" : "verify", drill ? "drilled_at" : "verified_at", backup.id, checks,
         started);
  return ReturnChecks(fcinfo, checks);
}

Datum VerifyBackup(FunctionCallInfo fcinfo) { return CheckBackup(fcinfo, false); }
Datum RestoreDrill(FunctionCallInfo fcinfo) { return CheckBackup(fcinfo, true); }

Datum RestoreBackup(FunctionCallInfo fcinfo) {
  RequireBackupRole("restore backups");
  pg::Spi spi;
  const CatalogEntry backup = FindBackup(spi, fcinfo);
  const std::optional<std::string> database = pg::NameArgument(fcinfo, 1);
  if (!database || database->empty())
    throw Error(sqlstate::kInvalidParameterValue, "new_database must be a name", {},
                "SELECT * FROM steward.restore_backup(42, 'shop_restored');");
  if (backup.kind != "logical")
    throw Error(sqlstate::kInvalidParameterValue,
                "backup " + std::to_string(backup.id) + " is a physical backup of the cluster",
                "A physical backup is restored as a whole data directory, by a new server.",
                "See docs/backup.md, \"Restoring a physical backup\".");
  if (!spi.Query("SELECT FROM pg_catalog.pg_database WHERE datname = $1", {Text(*database)})
           .rows.empty())
    throw Error("42P04", "database \"" + *database + "\" already exists",
                "steward.restore_backup() restores only into a new database: restoring over "
                "live data is a decision for a human, made outside the database.",
                "Choose a new name; compare, and switch over yourself.");
  std::vector<Check> checks = {ChecksumCheck(backup)};
  if (checks[0].status != "OK" || !Restore(spi, backup, *database, &checks))
    throw Error("58000",
                "restore of backup " + std::to_string(backup.id) + " into database \"" +
                    *database + "\" failed: " + checks.back().detail,
                {},
                checks.back().name == "restore" ? "The half-restored database was dropped."
                                                : std::string());
  return ReturnChecks(fcinfo, checks);
}

// --- prune_backups() --------------------------------------------------------------------------

Datum PruneBackups(FunctionCallInfo fcinfo) {
  RequireBackupRole("prune backups");
  RequirePrimary("prune backups");
  const std::string directory = BackupDirectory();
  pg::Spi spi;
  pg::ActingAs bookkeeper(pg::ExtensionOwner(spi));
  const pg::QueryResult doomed = spi.Query(
      R"(WITH live AS (
           SELECT b.backup_id, b.path, b.finished_at,
                  row_number() OVER (PARTITION BY b.kind, b.database_name ORDER BY b.finished_at DESC, b.backup_id DESC) AS newer,
                  b.backup_id = max(b.backup_id) FILTER (WHERE b.drill_status = 'OK')
                                OVER (PARTITION BY b.kind, b.database_name) AS newest_drilled
             FROM steward.backup_catalog b
            WHERE b.removed_at IS NULL
              AND (b.kind = 'physical' OR b.database_name = pg_catalog.current_database()))
         SELECT backup_id, path,
                CASE WHEN newer > $1::int THEN format('beyond steward.backup_keep_count (%s)', $1)
                     ELSE format('older than steward.backup_keep_days (%s)', $2) END
           FROM live
          WHERE NOT coalesce(newest_drilled, false)
            AND (newer > $1::int OR ($2::int > 0 AND finished_at < pg_catalog.now() - make_interval(days => $2::int)))
          ORDER BY backup_id)",
      {Text(std::to_string(backup_keep_count)), Text(std::to_string(backup_keep_days))});
  std::vector<TextRow> removed;  // backup_id, path, reason
  for (const pg::Row &row : doomed.rows) {
    // Only what lies inside the backup directory is deleted, whatever the catalog says.
    const std::string resolved = RealPath(*row[1]);
    std::string reason = *row[2], message;
    if (!resolved.empty() && resolved.rfind(directory + "/", 0) != 0)
      reason += "; the file was left in place: it is outside steward.backup_directory";
    else if (!resolved.empty() && !RemovePath(resolved, &message))
      throw Error("58030", "could not remove backup " + *row[0] + " at " + *row[1] + ": " + message);
    spi.Execute("UPDATE steward.backup_catalog SET removed_at = pg_catalog.clock_timestamp(), "
                "removed_reason = $2 WHERE backup_id = $1::bigint",
                {Text(*row[0]), Text(reason)});
    removed.push_back({*row[0], *row[1], reason});
  }
  return ReturnRows(fcinfo, removed);
}

}  // namespace

}  // namespace steward::backup

STEWARD_SQL_FUNCTION(steward_backup, steward::backup::Backup)
STEWARD_SQL_FUNCTION(steward_verify_backup, steward::backup::VerifyBackup)
STEWARD_SQL_FUNCTION(steward_restore_drill, steward::backup::RestoreDrill)
STEWARD_SQL_FUNCTION(steward_restore_backup, steward::backup::RestoreBackup)
STEWARD_SQL_FUNCTION(steward_prune_backups, steward::backup::PruneBackups)
