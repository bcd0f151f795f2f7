// steward.verify_audit(): recomputes the hashes of the sealed audit trail and names what does not
// match. See docs/audit.md for what it can and cannot prove.
#include <algorithm>
#include <map>
#include <set>

#include <boost/format.hpp>

#include "pg/arguments.hpp"
#include "pg/spi.hpp"

#include "audit/canonical.hpp"

namespace steward::audit {
namespace {

// The fields of a log row as the trigger hashes them (audit_log.cpp, AddLogRow), then the
// stored hash. Timestamps are microseconds since 1970, client_addr its host() text, old_row and
// new_row their binary form (in hexadecimal here: decoded before hashing).
constexpr const char *kCanonicalColumns =
    "id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint::text, "
    "(extract(epoch FROM recorded_at) * 1000000)::bigint::text, txid::text, relation::text, "
    "schema_name, table_name, operation, encode(steward.jsonb_bytes(old_row), 'hex'), "
    "encode(steward.jsonb_bytes(new_row), 'hex'), db_user::text, session_user_name::text, "
    "app_user, "
    "application_name, host(client_addr), client_port::text, backend_pid::text, statement, "
    "encode(row_hash, 'hex')";
constexpr std::size_t kHashedFields = 18;
constexpr std::size_t kOldRow = 8, kNewRow = 9;  // in hexadecimal
constexpr long kChunkRows = 10000;

struct Problem {
  std::optional<long long> block_id;
  std::optional<long long> log_id;
  std::string status;
  std::string detail;
};

struct Block {
  long long id;
  std::string rows_hash;      // bytes
  std::string previous_hash;  // bytes
  std::string block_hash;     // bytes
  long long row_count;
  std::vector<long long> log_ids;
};

std::string Bytes(const pg::Cell &hex) { return FromHex(hex.value_or("")).value_or(std::string()); }

std::string Sha256Bytes(std::string_view data) {
  const Digest digest = Sha256(data);
  return std::string(reinterpret_cast<const char *>(digest.data()), digest.size());
}

std::string Short(const std::string &bytes) { return Hex(bytes).substr(0, 16) + "..."; }

std::vector<long long> ParseIds(const std::string &array) {  // {1,2,3}
  std::vector<long long> ids;
  std::string number;
  for (const char c : array) {
    if (c >= '0' && c <= '9') {
      number += c;
    } else if (!number.empty()) {
      ids.push_back(std::stoll(number));
      number.clear();
    }
  }
  return ids;
}

struct ExpectedDigest {
  long long block_id;
  std::string hash;  // bytes
};

std::optional<ExpectedDigest> ParseDigest(const std::optional<std::string> &digest) {
  if (!digest) return std::nullopt;
  const std::size_t colon = digest->find(':');
  std::optional<std::string> hash;
  long long block_id = 0;
  if (colon != std::string::npos && colon > 0) {
    try {
      std::size_t used = 0;
      block_id = std::stoll(digest->substr(0, colon), &used);
      if (used == colon) hash = FromHex(digest->substr(colon + 1));
    } catch (const std::exception &) {
    }
  }
  if (!hash || hash->size() != 32 || block_id < 1)
    throw Error(sqlstate::kInvalidParameterValue, "invalid audit digest \"" + *digest + "\"",
                "A digest is a block number, a colon and the block's SHA-256 in hexadecimal.",
                "SELECT digest FROM steward.audit_digest(); gives one.");
  return ExpectedDigest{block_id, *hash};
}

// Checks the rows of one block against their hashes and the block's list.
void VerifyRows(const pg::Spi &spi, const Block &block, std::vector<Problem> &problems,
                std::string &stored_hashes) {
  struct Row {
    std::string stored;    // the row hash it was sealed with (bytes)
    std::string computed;  // the hash of its content now
    pg::Row fields;        // kept for rows that do not match
  };
  std::map<long long, Row> rows;
  std::string ids_array = "{";
  for (std::size_t i = 0; i < block.log_ids.size(); ++i) {
    if (i > 0) ids_array += ',';
    ids_array += std::to_string(block.log_ids[i]);
  }
  ids_array += '}';
  const auto hash_of = [](const pg::Row &fields, const std::optional<std::string> &id) {
    std::vector<std::optional<std::string_view>> view;
    view.reserve(kHashedFields);
    for (std::size_t f = 0; f < kHashedFields; ++f)
      view.emplace_back(fields[f] ? std::optional<std::string_view>(*fields[f]) : std::nullopt);
    if (id) view[0] = *id;
    return Sha256Bytes(CanonicalRow(view));
  };
  // A hash join with the block's ids, within their range (which the BRIN index narrows down).
  const auto [lowest, highest] = std::minmax_element(block.log_ids.begin(), block.log_ids.end());
  const std::string low = block.log_ids.empty() ? "0" : std::to_string(*lowest);
  const std::string high = block.log_ids.empty() ? "0" : std::to_string(*highest);
  spi.Stream(std::string("SELECT ") + kCanonicalColumns +
                 " FROM steward.audit_record l "
                 " WHERE l.id BETWEEN $2::text::bigint AND $3::text::bigint "
                 "   AND l.id IN (SELECT unnest($1::text::bigint[])) ORDER BY l.id",
             {pg::Parameter::Text(ids_array), pg::Parameter::Text(low), pg::Parameter::Text(high)},
             kChunkRows, [&](pg::QueryResult &&chunk) {
               for (pg::Row &fields : chunk.rows) {
                 for (const std::size_t binary : {kOldRow, kNewRow})
                   if (fields[binary]) fields[binary] = Bytes(fields[binary]);
                 const long long id = std::stoll(fields[0].value());
                 Row row{Bytes(fields[kHashedFields]), hash_of(fields, std::nullopt), {}};
                 if (row.stored != row.computed) row.fields = std::move(fields);
                 rows.emplace(id, std::move(row));
               }
             });

  std::vector<long long> mismatched;
  for (const long long id : block.log_ids) {
    const auto found = rows.find(id);
    if (found == rows.end()) {
      problems.push_back(
          {block.id, id, "deleted row", "the block lists this row, the log no longer has it"});
      continue;
    }
    stored_hashes += found->second.stored;
    if (found->second.stored != found->second.computed) mismatched.push_back(id);
  }
  // A row whose content matches its hash under another row's id was moved, not edited.
  for (const long long id : mismatched) {
    const Row &row = rows.at(id);
    std::optional<long long> moved_from;
    for (const long long other : mismatched)
      if (other != id && hash_of(row.fields, std::to_string(other)) == row.stored)
        moved_from = other;
    if (moved_from)
      problems.push_back(
          {block.id, id, "reordered rows",
           (boost::format("this row holds the content sealed as row %1%") % *moved_from).str()});
    else
      problems.push_back({block.id, id, "modified row",
                          "its content no longer matches the hash it was sealed with (" +
                              Short(row.stored) + ")"});
  }
}

void VerifyBlock(const pg::Spi &spi, const Block &block, const std::optional<Block> &previous,
                 std::vector<Problem> &problems) {
  if (previous && block.id != previous->id + 1)
    problems.push_back(
        {block.id, std::nullopt, "removed block",
         (boost::format("blocks %1% to %2% are missing") % (previous->id + 1) % (block.id - 1))
             .str()});
  else if (previous && block.previous_hash != previous->block_hash)
    problems.push_back(
        {block.id, std::nullopt, "modified block",
         "its previous_hash does not match the hash of block " + std::to_string(previous->id)});
  if (Sha256Bytes(block.previous_hash + block.rows_hash) != block.block_hash)
    problems.push_back({block.id, std::nullopt, "modified block",
                        "block_hash is not SHA-256(previous_hash || rows_hash)"});
  bool sorted = static_cast<long long>(block.log_ids.size()) == block.row_count;
  for (std::size_t i = 1; sorted && i < block.log_ids.size(); ++i)
    sorted = block.log_ids[i - 1] < block.log_ids[i];
  if (!sorted)
    problems.push_back({block.id, std::nullopt, "modified block",
                        "log_ids is not an ascending list of row_count ids"});

  const std::size_t before = problems.size();
  std::string stored_hashes;
  VerifyRows(spi, block, problems, stored_hashes);
  if (problems.size() == before && Sha256Bytes(stored_hashes) != block.rows_hash)
    problems.push_back({block.id, std::nullopt, "modified block",
                        "rows_hash does not match the hashes of the block's rows"});
}

Datum VerifyAudit(FunctionCallInfo fcinfo) {
  const std::optional<long long> from =
      PG_ARGISNULL(0) ? std::nullopt : std::optional<long long>(PG_GETARG_INT64(0));
  const std::optional<long long> to =
      PG_ARGISNULL(1) ? std::nullopt : std::optional<long long>(PG_GETARG_INT64(1));
  const std::optional<ExpectedDigest> digest = ParseDigest(pg::TextArgument(fcinfo, 2));
  if (from && to && *from > *to)
    throw Error(sqlstate::kInvalidParameterValue,
                (boost::format("from_block %1% is after to_block %2%") % *from % *to).str());

  pg::Spi spi;
  std::vector<Problem> problems;
  long long blocks = 0, rows = 0;
  std::optional<Block> previous;
  // The block before the range, to check the first one's previous_hash.
  if (from) {
    const pg::QueryResult before = spi.Query(
        "SELECT block_id, encode(block_hash, 'hex') FROM steward.audit_block "
        " WHERE block_id < $1::text::bigint ORDER BY block_id DESC LIMIT 1",
        {pg::Parameter::Text(std::to_string(*from))});
    if (!before.rows.empty())
      previous =
          Block{std::stoll(before.rows[0][0].value()), {}, {}, Bytes(before.rows[0][1]), 0, {}};
  }
  std::optional<long long> last_block;
  const bool whole_trail = !from && !to;
  std::vector<long long> sealed_ids;
  spi.Stream(
      "SELECT block_id, encode(rows_hash, 'hex'), encode(previous_hash, 'hex'), "
      "       encode(block_hash, 'hex'), row_count, log_ids::text "
      "  FROM steward.audit_block "
      " WHERE block_id >= coalesce($1::text::bigint, 0) "
      "   AND block_id <= coalesce($2::text::bigint, 9223372036854775807) "
      " ORDER BY block_id",
      {pg::Parameter::Text(from ? std::optional<std::string>(std::to_string(*from)) : std::nullopt),
       pg::Parameter::Text(to ? std::optional<std::string>(std::to_string(*to)) : std::nullopt)},
      1, [&](pg::QueryResult &&chunk) {
        for (const pg::Row &row : chunk.rows) {
          Block block{std::stoll(row[0].value()),
                      Bytes(row[1]),
                      Bytes(row[2]),
                      Bytes(row[3]),
                      std::stoll(row[4].value()),
                      ParseIds(row[5].value_or(""))};
          VerifyBlock(spi, block, previous, problems);
          ++blocks;
          rows += static_cast<long long>(block.log_ids.size());
          if (whole_trail)
            sealed_ids.insert(sealed_ids.end(), block.log_ids.begin(), block.log_ids.end());
          last_block = block.id;
          block.log_ids.clear();
          previous = std::move(block);
        }
      });

  // On the whole trail: rows listed by two blocks (a block forged from rows already sealed), and
  // rows that the last sealing statement saw but no block holds (inserted behind the sealer's
  // back). The ids of every block are in memory, 8 bytes a row.
  if (whole_trail) {
    std::sort(sealed_ids.begin(), sealed_ids.end());
    for (std::size_t i = 1; i < sealed_ids.size(); ++i)
      if (sealed_ids[i] == sealed_ids[i - 1] && (i < 2 || sealed_ids[i - 2] != sealed_ids[i]))
        problems.push_back(
            {std::nullopt, sealed_ids[i], "duplicated row", "listed by more than one block"});
    spi.Stream(
        "WITH last AS (SELECT snapshot, sealer_txid FROM steward.audit_block "
        "               ORDER BY block_id DESC LIMIT 1) "
        "SELECT l.id FROM steward.audit_record l CROSS JOIN last "
        " WHERE pg_catalog.pg_visible_in_snapshot(l.txid, last.snapshot) "
        "   AND l.txid IS DISTINCT FROM last.sealer_txid",
        {}, kChunkRows, [&](pg::QueryResult &&chunk) {
          for (const pg::Row &row : chunk.rows) {
            const long long id = std::stoll(row[0].value());
            if (!std::binary_search(sealed_ids.begin(), sealed_ids.end(), id))
              problems.push_back({std::nullopt, id, "forged row",
                                  "committed before the last seal, yet in no sealed block"});
          }
        });
  }

  // The digest is checked whatever the range: it says how far the trail must reach.
  if (digest) {
    const pg::QueryResult found = spi.Query(
        "SELECT (SELECT encode(block_hash, 'hex') FROM steward.audit_block "
        "         WHERE block_id = $1::text::bigint), "
        "       min(block_id), max(block_id) FROM steward.audit_block",
        {pg::Parameter::Text(std::to_string(digest->block_id))});
    const pg::Row &row = found.rows.at(0);
    const std::string first = row[1].value_or("none"), last = row[2].value_or("none");
    if (row[0]) {
      if (Bytes(row[0]) != digest->hash)
        problems.push_back({digest->block_id, std::nullopt, "modified block",
                            "its hash differs from the digest's (" + Short(digest->hash) + ")"});
    } else if (!row[2] || digest->block_id > std::stoll(*row[2])) {
      problems.push_back({digest->block_id, std::nullopt, "truncated tail",
                          "the digest names block " + std::to_string(digest->block_id) +
                              ", the trail ends at block " + last});
    } else {
      problems.push_back({digest->block_id, std::nullopt, "removed block",
                          "the digest names block " + std::to_string(digest->block_id) +
                              ", which is gone (the trail starts at block " + first +
                              "): removed by retention, or by hand"});
    }
  }

  pg::Call([&] {
    InitMaterializedSRF(fcinfo, 0);
    auto *set = reinterpret_cast<ReturnSetInfo *>(fcinfo->resultinfo);
    const auto put = [&](const std::optional<long long> &block_id,
                         const std::optional<long long> &log_id, const char *status,
                         const char *detail) {
      Datum values[4];
      bool nulls[4] = {!block_id.has_value(), !log_id.has_value(), false, false};
      values[0] = block_id ? Int64GetDatum(*block_id) : Datum(0);
      values[1] = log_id ? Int64GetDatum(*log_id) : Datum(0);
      values[2] = CStringGetTextDatum(status);
      values[3] = CStringGetTextDatum(detail);
      tuplestore_putvalues(set->setResult, set->setDesc, values, nulls);
    };
    if (problems.empty()) {
      char detail[160];
      snprintf(detail, sizeof detail, "%lld blocks and %lld rows verified", blocks, rows);
      put(last_block, std::nullopt, "OK", detail);
    }
    for (const Problem &problem : problems)
      put(problem.block_id, problem.log_id, problem.status.c_str(), problem.detail.c_str());
  });
  return Datum(0);
}

}  // namespace
}  // namespace steward::audit

STEWARD_SQL_FUNCTION(steward_verify_audit, steward::audit::VerifyAudit)
