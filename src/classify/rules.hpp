// Pure C++ user rules of data classification: a column-name pattern and/or a value pattern that
// name a category, from the table steward.classification_rule.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classify/verdict.hpp"

// Patterns are RE2 regular expressions (linear-time, no backreferences). A name pattern matches
// anywhere in the column's name, ignoring case ("^loyalty" matches "Loyalty_No"); a value pattern
// must match a whole sampled value (surrounding whitespace ignored), case-sensitively unless the
// pattern says (?i). A rule with both patterns needs both. A value pattern decides when at least
// min_share of at least 5 non-blank sampled values match.
namespace steward::classify {

struct RuleDefinition {
  long id = 0;
  std::string description;  // may be empty
  Category category = Category::kEmail;
  std::optional<std::string> name_pattern;
  std::optional<std::string> value_pattern;
  double min_share = 0.8;
  double confidence = 0.9;
};

// RE2's complaint about a pattern, or std::nullopt when it compiles.
std::optional<std::string> PatternError(std::string_view pattern);

class Rules {
 public:
  // Compiles every rule once; throws steward::Error (SQLSTATE 2201B) naming the rule when a
  // pattern does not compile (the table's trigger refuses such rows, so this means a bypass).
  explicit Rules(std::vector<RuleDefinition> definitions);
  ~Rules();
  Rules(Rules &&) noexcept;
  Rules &operator=(Rules &&) noexcept;

  // The verdict of the matching rule with the highest confidence (the lowest id among equals), or
  // std::nullopt when no rule matches the column.
  std::optional<Verdict> Apply(const ColumnSample &sample) const;

  bool empty() const;

 private:
  struct Compiled;
  std::vector<std::unique_ptr<Compiled>> rules_;
};

}  // namespace steward::classify
