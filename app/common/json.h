// A JSON object built field by field, and string quoting: the JSON Lines
// output of dpsctpd and dpsctp-perf (CLI.md). Control path only.
#ifndef DPSCTP_APP_COMMON_JSON_H_
#define DPSCTP_APP_COMMON_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dpsctp::app {

// `s` as a JSON string, quotes included.
std::string JsonQuote(std::string_view s);

class JsonObject {
 public:
  JsonObject& Str(std::string_view key, std::string_view value);
  JsonObject& Num(std::string_view key, uint64_t value);
  JsonObject& Int(std::string_view key, int64_t value);
  // Non-finite values are written as null.
  JsonObject& Real(std::string_view key, double value);
  JsonObject& Bool(std::string_view key, bool value);
  // `json` is already JSON text (an object or an array).
  JsonObject& Raw(std::string_view key, std::string_view json);
  std::string Text() const { return text_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string text_ = "{";
};

}  // namespace dpsctp::app

#endif  // DPSCTP_APP_COMMON_JSON_H_
