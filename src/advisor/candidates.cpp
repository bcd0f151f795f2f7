// The candidate rules a DBA applies: equality columns first (most selective first), then one
// range column or the ORDER BY columns; INCLUDE what the query reads when that is little; a
// partial index when a filter compares a column of few values with a literal.
#include "common/cpp_only.hpp"

#include "advisor/candidates.hpp"

#include <algorithm>
#include <cctype>

namespace steward::advisor {
namespace {

constexpr double kBrinRows = 1000000;     // BRIN pays on large tables only
constexpr double kBrinCorrelation = 0.9;  // and when values follow the physical order
constexpr double kPartialDistinct = 20;   // a column of at most this many values
constexpr double kMostlyNull = 0.5;       // a partial index leaves the NULLs out
constexpr std::size_t kMaxKeys = 4;       // wider B-trees rarely pay
constexpr std::size_t kMaxIncluded = 3;   // covering: at most this many extra columns

std::string Sorted(const KeyUse &use) {
  std::string key = use.key;
  if (use.descending) key += " DESC";
  if (use.nulls_first != use.descending) key += use.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return key;
}

bool Contains(const std::vector<std::string> &keys, const std::string &key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// The bare key (without DESC, NULLS, operator class).
std::string Bare(const std::string &key) {
  for (const char *suffix : {" DESC", " NULLS FIRST", " NULLS LAST"}) {
    const std::size_t at = key.rfind(suffix);
    if (at != std::string::npos && at + std::string(suffix).size() == key.size())
      return Bare(key.substr(0, at));
  }
  // An operator class: a last word ending in _ops after a space outside parentheses and quotes.
  const std::size_t space = key.rfind(' ');
  if (space != std::string::npos && key.size() > 4 && key.compare(key.size() - 4, 4, "_ops") == 0 &&
      key.find_first_of(")\"", space) == std::string::npos)
    return key.substr(0, space);
  return key;
}

void Add(std::vector<IndexDefinition> &out, IndexDefinition definition) {
  if (definition.keys.empty() || definition.keys.size() > kMaxKeys) return;
  if (std::find(out.begin(), out.end(), definition) == out.end())
    out.push_back(std::move(definition));
}

}  // namespace

std::string IndexDefinition::Statement(const std::string &name, bool concurrently) const {
  std::string s = "CREATE INDEX ";
  if (concurrently) s += "CONCURRENTLY ";
  if (!name.empty()) s += name + " ";
  s += "ON " + table + " USING " + method + " (";
  for (std::size_t i = 0; i < keys.size(); ++i) s += (i ? ", " : "") + keys[i];
  s += ")";
  if (!include.empty()) {
    s += " INCLUDE (";
    for (std::size_t i = 0; i < include.size(); ++i) s += (i ? ", " : "") + include[i];
    s += ")";
  }
  if (!predicate.empty()) s += " WHERE " + predicate;
  return s;
}

bool IndexDefinition::operator==(const IndexDefinition &other) const {
  return oid == other.oid && method == other.method && keys == other.keys &&
         include == other.include && predicate == other.predicate;
}

std::vector<IndexDefinition> CandidatesFor(const TableUse &use) {
  std::vector<IndexDefinition> out;
  IndexDefinition base;
  base.table = use.table;
  base.oid = use.oid;

  std::vector<const KeyUse *> equality, range, sort, join;
  for (const KeyUse &key : use.uses) {
    switch (key.role) {
      case KeyRole::kEquality:
        equality.push_back(&key);
        break;
      case KeyRole::kRange:
        range.push_back(&key);
        break;
      case KeyRole::kJoin:
        join.push_back(&key);
        break;
      case KeyRole::kSort:
        sort.push_back(&key);
        break;
      case KeyRole::kContains: {
        IndexDefinition gin = base;
        gin.method = "gin";
        gin.keys = {key.key};
        Add(out, gin);
        break;
      }
      case KeyRole::kPattern:
        if (use.trigram_available) {
          IndexDefinition gin = base;
          gin.method = "gin";
          gin.keys = {key.key + " gin_trgm_ops"};
          Add(out, gin);
        }
        break;
    }
  }
  // Most selective equality columns first; unknown selectivity and IS NULL last.
  std::stable_sort(equality.begin(), equality.end(), [](const KeyUse *a, const KeyUse *b) {
    if (a->null_test != b->null_test) return b->null_test;
    return a->distinct > b->distinct;
  });

  // Single keys: each filter and join column alone; for a column mostly NULL, only its values
  // (an equality, a range or a join never matches NULL, so the planner sees the index serve).
  for (const auto *list : {&equality, &range, &join}) {
    for (const KeyUse *key : *list) {
      IndexDefinition single = base;
      single.keys = {key->key};
      Add(out, single);
      if (!key->null_test && !key->expression && key->null_fraction >= kMostlyNull) {
        single.predicate = "(" + key->key + " IS NOT NULL)";
        Add(out, single);
      }
    }
  }
  // Equality columns together, then a range column, or the sort keys.
  std::vector<std::string> equal_keys;
  for (const KeyUse *key : equality)
    if (!Contains(equal_keys, key->key)) equal_keys.push_back(key->key);
  std::vector<std::vector<std::string>> composites;
  if (equal_keys.size() > 1) composites.push_back(equal_keys);
  for (const KeyUse *key : range) {
    if (Contains(equal_keys, key->key) || equal_keys.empty()) continue;
    std::vector<std::string> keys = equal_keys;
    keys.push_back(key->key);
    composites.push_back(keys);
  }
  if (!sort.empty()) {
    std::vector<std::string> keys = equal_keys;
    for (const KeyUse *key : sort)
      if (!Contains(keys, key->key)) keys.push_back(Sorted(*key));
    composites.push_back(keys);
    // Sort keys in the opposite direction serve too (a backward scan); not worth a candidate.
  }
  for (const KeyUse *key : join) {  // the join key after the filters (a nested loop's inner side)
    if (Contains(equal_keys, key->key)) continue;
    if (!equal_keys.empty()) {
      std::vector<std::string> keys = equal_keys;
      keys.push_back(key->key);
      composites.push_back(keys);
    }
    // The join key, then a range: each outer row finds its inner rows in the range.
    for (const KeyUse *bound : range) {
      if (bound->key == key->key) continue;
      composites.push_back({key->key, bound->key});
    }
  }
  for (auto keys : composites) {
    // Every key DESC (with NULLS FIRST, DESC's default) reads as a backward scan of every key
    // ASC: the plain index serves, and matches the ones written without DESC.
    const auto descending = [](const std::string &key) {
      return key.size() > 5 && key.compare(key.size() - 5, 5, " DESC") == 0;
    };
    if (std::all_of(keys.begin(), keys.end(), descending))
      for (std::string &key : keys) key.resize(key.size() - 5);
    IndexDefinition composite = base;
    composite.keys = keys;
    Add(out, composite);
  }
  // Covering: the keys of each B-tree candidate so far plus the few other columns the query
  // reads, for an index-only scan.
  const std::size_t plain = out.size();
  for (std::size_t i = 0; i < plain; ++i) {
    if (out[i].method != "btree") continue;
    IndexDefinition covering = out[i];
    bool all_columns = true;
    for (const std::string &key : covering.keys) all_columns = all_columns && key.front() != '(';
    if (!all_columns) continue;
    for (const std::string &column : use.columns_read) {
      bool keyed = false;
      for (const std::string &key : covering.keys) keyed = keyed || Bare(key) == column;
      if (!keyed && !Contains(covering.include, column)) covering.include.push_back(column);
    }
    if (!covering.include.empty() && covering.include.size() <= kMaxIncluded) Add(out, covering);
  }
  // Partial: a filter of a column of few values against a literal, applied to the other keys.
  for (const KeyUse *key : equality) {
    if (key->condition.empty()) continue;
    if (!key->null_test && (key->distinct < 0 || key->distinct > kPartialDistinct)) continue;
    std::vector<std::string> keys;
    for (const KeyUse *other : equality)
      if (other->key != key->key && !Contains(keys, other->key)) keys.push_back(other->key);
    if (!range.empty() && !Contains(keys, range.front()->key)) keys.push_back(range.front()->key);
    for (const KeyUse *other : sort)
      if (!Contains(keys, other->key) && other->key != key->key) keys.push_back(Sorted(*other));
    if (keys.empty()) continue;
    IndexDefinition partial = base;
    partial.keys = keys;
    partial.predicate = key->condition;
    Add(out, partial);
  }
  // BRIN: a range on a column that follows the physical order of a large table, unless the
  // statement also sorts by it (a top-N query: BRIN returns no order, a B-tree does).
  for (const KeyUse *key : range) {
    if (use.rows < kBrinRows || std::abs(key->correlation) < kBrinCorrelation || key->expression)
      continue;
    bool sorted = false;
    for (const KeyUse *other : sort) sorted = sorted || other->key == key->key;
    if (sorted) continue;
    IndexDefinition brin = base;
    brin.method = "brin";
    brin.keys = {key->key};
    Add(out, brin);
  }
  return out;
}

bool KeysArePrefix(const IndexDefinition &a, const IndexDefinition &b) {
  if (a.oid != b.oid || a.method != "btree" || b.method != "btree") return false;
  if (a.predicate != b.predicate || b.keys.size() > a.keys.size()) return false;
  for (std::size_t i = 0; i < b.keys.size(); ++i)
    if (a.keys[i] != b.keys[i]) return false;
  return true;
}

bool MakesRedundant(const IndexDefinition &a, const IndexDefinition &b) {
  if (!KeysArePrefix(a, b)) return false;
  for (const std::string &column : b.include) {
    bool found = Contains(a.include, column);
    for (const std::string &key : a.keys) found = found || Bare(key) == column;
    if (!found) return false;
  }
  return true;
}

std::string IndexName(const IndexDefinition &definition) {
  // The table's name without its schema, then the keys' words.
  // The last dot outside double quotes separates the schema.
  std::string table = definition.table;
  std::size_t dot = std::string::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i] == '"') quoted = !quoted;
    if (table[i] == '.' && !quoted) dot = i;
  }
  if (dot != std::string::npos) table = table.substr(dot + 1);
  std::string name;
  const auto append = [&name](const std::string &text) {
    std::string word;
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '_')
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      else if (!word.empty() && word.back() != '_')
        word += '_';
    }
    while (!word.empty() && word.back() == '_') word.pop_back();
    while (!word.empty() && word.front() == '_') word.erase(word.begin());
    if (word.empty()) return;
    if (!name.empty()) name += '_';
    name += word;
  };
  append(table);
  for (const std::string &key : definition.keys) append(Bare(key));
  if (!definition.predicate.empty()) name += "_partial";
  const std::string suffix = definition.method == "btree" ? "_idx" : "_" + definition.method;
  if (name.size() + suffix.size() > 63) name.resize(63 - suffix.size());
  return name + suffix;
}

}  // namespace steward::advisor
