// The one C++ exception type of pg_steward: a PostgreSQL-style error with SQLSTATE, detail and hint.
#pragma once


#include <stdexcept>
#include <string>

namespace steward {

// SQLSTATE codes used by pure C++ code, spelled as PostgreSQL documents them (Appendix A).
namespace sqlstate {
inline constexpr const char *kInternalError = "XX000";
inline constexpr const char *kInvalidParameterValue = "22023";
inline constexpr const char *kDivisionByZero = "22012";
inline constexpr const char *kInsufficientPrivilege = "42501";
inline constexpr const char *kUndefinedObject = "42704";
inline constexpr const char *kCheckViolation = "23514";
inline constexpr const char *kObjectNotInPrerequisiteState = "55000";
inline constexpr const char *kOutOfMemory = "53200";
}  // namespace sqlstate

// Thrown by C++ code for a user-facing error, and by the PostgreSQL call guard to carry a
// PostgreSQL error through C++ frames; the entry guard turns it back into ereport(ERROR).
class Error : public std::runtime_error {
 public:
  Error(std::string sqlstate, const std::string &message, std::string detail = {},
        std::string hint = {})
      : std::runtime_error(message),
        sqlstate_(std::move(sqlstate)),
        detail_(std::move(detail)),
        hint_(std::move(hint)) {}

  const std::string &SqlState() const { return sqlstate_; }
  const std::string &Detail() const { return detail_; }
  const std::string &Hint() const { return hint_; }

  // The SQLSTATE class (first two characters), e.g. "57" for operator intervention.
  std::string SqlStateClass() const { return sqlstate_.substr(0, 2); }

 private:
  std::string sqlstate_;
  std::string detail_;
  std::string hint_;
};

}  // namespace steward
