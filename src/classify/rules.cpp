// Pure C++ user rules of data classification (see rules.hpp).
#include "common/cpp_only.hpp"  // first: this file must not see PostgreSQL headers
#include "classify/rules.hpp"

#include <cmath>

#include <re2/re2.h>

#include "common/ascii.hpp"
#include "common/error.hpp"

namespace steward::classify {

namespace {

constexpr std::size_t kMinValues = 5;
constexpr const char *kInvalidRegularExpression = "2201B";

// RE2 writes compile errors to stderr unless told not to; ours go into the ERROR instead.
RE2::Options PatternOptions(bool case_sensitive) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive(case_sensitive);
  return options;
}

std::string Quoted(const std::string &text) { return "'" + text + "'"; }

}  // namespace

struct Rules::Compiled {
  RuleDefinition definition;
  std::unique_ptr<RE2> name;
  std::unique_ptr<RE2> value;
};

std::optional<std::string> PatternError(std::string_view pattern) {
  const RE2 compiled(re2::StringPiece(pattern.data(), pattern.size()), PatternOptions(true));
  if (compiled.ok()) return std::nullopt;
  return compiled.error();
}

Rules::Rules(std::vector<RuleDefinition> definitions) {
  for (RuleDefinition &definition : definitions) {
    auto rule = std::make_unique<Compiled>();
    const auto compile = [&definition](const std::optional<std::string> &pattern,
                                       bool case_sensitive) -> std::unique_ptr<RE2> {
      if (!pattern) return nullptr;
      auto compiled = std::make_unique<RE2>(*pattern, PatternOptions(case_sensitive));
      if (!compiled->ok())
        throw Error(kInvalidRegularExpression,
                    "classification rule " + std::to_string(definition.id) +
                        " has an invalid pattern " + Quoted(*pattern),
                    compiled->error(), "UPDATE steward.classification_rule to fix or delete it");
      return compiled;
    };
    rule->name = compile(definition.name_pattern, false);
    rule->value = compile(definition.value_pattern, true);
    rule->definition = std::move(definition);
    rules_.push_back(std::move(rule));
  }
}

Rules::~Rules() = default;
Rules::Rules(Rules &&) noexcept = default;
Rules &Rules::operator=(Rules &&) noexcept = default;

bool Rules::empty() const { return rules_.empty(); }

std::optional<Verdict> Rules::Apply(const ColumnSample &sample) const {
  const Compiled *best = nullptr;
  std::string best_evidence;
  for (const auto &rule : rules_) {
    const RuleDefinition &definition = rule->definition;
    std::string evidence = "rule " + std::to_string(definition.id);
    if (!definition.description.empty()) evidence += " (" + definition.description + ")";
    evidence += ":";
    if (rule->name) {
      if (!RE2::PartialMatch(sample.column, *rule->name)) continue;
      evidence += " name \"" + sample.column + "\" matches " + Quoted(*definition.name_pattern);
    }
    if (rule->value) {
      std::size_t counted = 0, matched = 0;
      for (const auto &value : sample.values) {
        if (!value) continue;
        const std::string_view text = ascii::Trim(*value);
        if (text.empty()) continue;
        ++counted;
        if (RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *rule->value)) ++matched;
      }
      if (counted < kMinValues) continue;
      const double share = static_cast<double>(matched) / static_cast<double>(counted);
      if (share < definition.min_share) continue;
      if (rule->name) evidence += " +";
      evidence += " " + std::to_string(static_cast<long>(std::floor(share * 100 + 1e-9))) +
                  "% of " + std::to_string(counted) + " sampled values match " +
                  Quoted(*definition.value_pattern);
    }
    if (best == nullptr || definition.confidence > best->definition.confidence ||
        (definition.confidence == best->definition.confidence &&
         definition.id < best->definition.id)) {
      best = rule.get();
      best_evidence = std::move(evidence);
    }
  }
  if (best == nullptr) return std::nullopt;
  return Verdict{best->definition.category, best->definition.confidence, best_evidence};
}

}  // namespace steward::classify
