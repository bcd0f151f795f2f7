// A small lexer: enough of PostgreSQL's to skip literals, quoted identifiers and comments, and to
// see a type name followed by a parameter.
#include "common/cpp_only.hpp"

#include "advisor/normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace steward::advisor {
namespace {

// Type names that PostgreSQL accepts before a string literal ("type 'literal'").
constexpr std::array<const char *, 30> kTypeNames = {
    "date",   "time",   "timestamp", "timestamptz", "timetz", "interval", "int",     "int2",
    "int4",   "int8",   "integer",   "smallint",    "bigint", "numeric",  "decimal", "real",
    "float4", "float8", "text",      "varchar",     "char",   "boolean",  "bool",    "json",
    "jsonb",  "uuid",   "inet",      "cidr",        "bytea",  "double"};

std::string Lower(std::string word) {
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return word;
}

bool IsTypeName(const std::string &word) {
  const std::string lower = Lower(word);
  return std::find_if(kTypeNames.begin(), kTypeNames.end(),
                      [&](const char *name) { return lower == name; }) != kTypeNames.end();
}

struct Token {
  enum Kind { kWord, kParameter, kOther, kSpace } kind;
  std::size_t begin, end;
};

std::vector<Token> Lex(const std::string &s) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const std::size_t start = i;
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      while (i < n && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      tokens.push_back({Token::kSpace, start, i});
    } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
      while (i < n && s[i] != '\n') ++i;
      tokens.push_back({Token::kSpace, start, i});
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      int depth = 0;
      do {
        if (s.compare(i, 2, "/*") == 0) {
          ++depth;
          i += 2;
        } else if (s.compare(i, 2, "*/") == 0) {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      } while (i < n && depth > 0);
      tokens.push_back({Token::kSpace, start, i});
    } else if (c == '\'' || c == '"') {
      // E'...' strings take backslash escapes.
      const bool escapes = c == '\'' && !tokens.empty() && tokens.back().end == start &&
                           tokens.back().kind == Token::kWord &&
                           tokens.back().end - tokens.back().begin == 1 &&
                           (s[start - 1] == 'E' || s[start - 1] == 'e');
      ++i;
      while (i < n) {
        if (escapes && s[i] == '\\' && i + 1 < n) {
          i += 2;
        } else if (s[i] == c && i + 1 < n && s[i + 1] == c) {
          i += 2;
        } else if (s[i] == c) {
          ++i;
          break;
        } else {
          ++i;
        }
      }
      tokens.push_back({Token::kOther, start, i});
    } else if (c == '$' && i + 1 < n && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      ++i;
      while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      tokens.push_back({Token::kParameter, start, i});
    } else if (c == '$') {
      // A dollar-quoted string: $tag$ ... $tag$.
      std::size_t close = s.find('$', i + 1);
      if (close == std::string::npos) {
        i = n;
      } else {
        const std::string tag = s.substr(i, close - i + 1);
        const std::size_t end = s.find(tag, close + 1);
        i = end == std::string::npos ? n : end + tag.size();
      }
      tokens.push_back({Token::kOther, start, i});
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      while (i < n && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
      tokens.push_back({Token::kWord, start, i});
    } else {
      ++i;
      tokens.push_back({Token::kOther, start, i});
    }
  }
  return tokens;
}

}  // namespace

std::string RepairNormalizedQuery(const std::string &text) {
  const std::vector<Token> tokens = Lex(text);
  std::string out;
  std::size_t copied = 0;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (tokens[t].kind != Token::kWord) continue;
    const std::string word = text.substr(tokens[t].begin, tokens[t].end - tokens[t].begin);
    if (!IsTypeName(word)) continue;
    // A word before the type name that makes it part of an expression ("x::date $1" cannot
    // occur; "AS date" and "." qualify a name): only a type name standing alone counts.
    std::size_t previous = t;
    while (previous > 0 && tokens[previous - 1].kind == Token::kSpace) --previous;
    if (previous > 0) {
      const Token &before = tokens[previous - 1];
      const std::string before_text = text.substr(before.begin, before.end - before.begin);
      if (before_text == "." || before_text == ":" || Lower(before_text) == "as") continue;
    }
    // The type name may go on: "with time zone", "without time zone", "precision".
    std::size_t last = t;
    std::size_t next = t + 1;
    const auto word_at = [&](std::size_t k) -> std::string {
      while (k < tokens.size() && tokens[k].kind == Token::kSpace) ++k;
      if (k >= tokens.size() || tokens[k].kind != Token::kWord) return {};
      return Lower(text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin));
    };
    const auto skip_word = [&](std::size_t k) {
      while (k < tokens.size() && tokens[k].kind == Token::kSpace) ++k;
      return k;
    };
    if (Lower(word) == "double" && word_at(next) == "precision") {
      last = skip_word(next);
      next = last + 1;
    } else if (Lower(word) == "double") {
      continue;
    }
    if (word_at(next) == "with" || word_at(next) == "without") {
      std::size_t k = skip_word(next);
      if (word_at(k + 1) == "time") {
        std::size_t time = skip_word(k + 1);
        if (word_at(time + 1) == "zone") {
          last = skip_word(time + 1);
          next = last + 1;
        }
      }
    }
    std::size_t parameter = skip_word(next);
    if (parameter >= tokens.size() || tokens[parameter].kind != Token::kParameter) continue;
    const std::string type = text.substr(tokens[t].begin, tokens[last].end - tokens[t].begin);
    out += text.substr(copied, tokens[t].begin - copied);
    out += text.substr(tokens[parameter].begin, tokens[parameter].end - tokens[parameter].begin);
    out += "::" + type;
    copied = tokens[parameter].end;
    t = parameter;
  }
  out += text.substr(copied);
  return out;
}

}  // namespace steward::advisor
