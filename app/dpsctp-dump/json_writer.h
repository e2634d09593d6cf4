// JsonWriter: builds one JSON Lines record (an object on one line) for
// dpsctp-dump. Values are written in the order given; the writer inserts the
// commas. Strings are escaped per RFC 8259 §7; bytes that are not valid UTF-8
// are written as \u00XX (their Latin-1 reading), so the line is always valid
// JSON whatever the input.
#ifndef DPSCTP_APP_DPSCTP_DUMP_JSON_WRITER_H_
#define DPSCTP_APP_DPSCTP_DUMP_JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dpsctp::dump {

// Appends `s` as a JSON string literal (with the quotes) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

class JsonWriter {
 public:
  JsonWriter() { BeginObject(); }

  // Object members.
  JsonWriter& Str(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(out_, value);
    return *this;
  }
  JsonWriter& Num(std::string_view key, uint64_t value) {
    Key(key);
    out_ += std::to_string(value);
    return *this;
  }
  JsonWriter& Bool(std::string_view key, bool value) {
    Key(key);
    out_ += value ? "true" : "false";
    return *this;
  }
  JsonWriter& BeginArray(std::string_view key) {
    Key(key);
    Open('[');
    return *this;
  }
  JsonWriter& BeginObject(std::string_view key) {
    Key(key);
    Open('{');
    return *this;
  }

  // Array elements.
  JsonWriter& NumElement(uint64_t value) {
    Comma();
    out_ += std::to_string(value);
    return *this;
  }
  JsonWriter& StrElement(std::string_view value) {
    Comma();
    AppendJsonString(out_, value);
    return *this;
  }
  JsonWriter& BeginArrayElement() {
    Comma();
    Open('[');
    return *this;
  }
  JsonWriter& BeginObjectElement() {
    Comma();
    Open('{');
    return *this;
  }

  JsonWriter& End() {
    out_ += closers_.back();
    closers_.pop_back();
    first_.pop_back();
    return *this;
  }

  // The finished line (closes what is still open), with a trailing newline.
  std::string Finish() {
    while (!closers_.empty()) {
      End();
    }
    out_ += '\n';
    return std::move(out_);
  }

 private:
  void BeginObject() { Open('{'); }
  void Open(char c) {
    out_ += c;
    closers_.push_back(c == '{' ? '}' : ']');
    first_.push_back(true);
  }
  void Comma() {
    if (!first_.back()) {
      out_ += ',';
    }
    first_.back() = false;
  }
  void Key(std::string_view key) {
    Comma();
    AppendJsonString(out_, key);
    out_ += ':';
  }

  std::string out_;
  std::vector<char> closers_;
  std::vector<bool> first_;
};

}  // namespace dpsctp::dump

#endif  // DPSCTP_APP_DPSCTP_DUMP_JSON_WRITER_H_
