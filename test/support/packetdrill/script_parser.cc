#include "test/support/packetdrill/script_parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>
#include <utility>

namespace dpsctp::packetdrill {
namespace {

// ---------------------------------------------------------------------------
// Pass 1: preprocessor (#ifdef) and option lines, line by line.

struct Preprocessed {
  std::string text;  // same line count as the input
  std::vector<std::pair<std::string, std::string>> options;
};

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\f\v");
  if (b == std::string_view::npos) {
    return {};
  }
  size_t e = s.find_last_not_of(" \t\r\f\v");
  return s.substr(b, e - b + 1);
}

// Drops a trailing `//` comment (directives and options may carry one).
std::string_view StripLineComment(std::string_view s) {
  size_t p = s.find("//");
  return p == std::string_view::npos ? s : s.substr(0, p);
}

// Whether a block comment is still open at the end of `line`, given whether
// one was open at its start. Strings are skipped so that "/*" in one is
// not taken for a comment.
bool BlockCommentOpenAfter(std::string_view line, bool open) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (open) {
      if (line.compare(i, 2, "*/") == 0) {
        open = false;
        ++i;
      }
    } else if (line[i] == '"') {
      size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) {
        return false;
      }
      i = end;
    } else if (line.compare(i, 2, "//") == 0) {
      return false;
    } else if (line.compare(i, 2, "/*") == 0) {
      open = true;
      ++i;
    }
  }
  return open;
}

bool IsDefined(const ParseOptions& options, std::string_view name) {
  return std::find(options.defines.begin(), options.defines.end(), name) !=
         options.defines.end();
}

Result<Preprocessed, ParseError> Preprocess(std::string_view text,
                                            const ParseOptions& options) {
  struct Branch {
    bool parent_active;
    bool condition;
    bool in_else;
    int line;
  };
  Preprocessed out;
  std::vector<Branch> branches;
  bool in_comment = false;
  int line_number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    bool last = eol == std::string_view::npos;
    std::string_view line =
        text.substr(pos, last ? text.size() - pos : eol - pos);
    ++line_number;
    bool active = branches.empty() ||
                  (branches.back().parent_active &&
                   (branches.back().condition != branches.back().in_else));
    std::string_view trimmed = Trim(line);
    bool keep = false;
    if (in_comment) {
      keep = active;
    } else if (!trimmed.empty() && trimmed[0] == '#') {
      std::string_view directive = Trim(StripLineComment(trimmed));
      size_t space = directive.find_first_of(" \t");
      std::string_view word = directive.substr(0, space);
      std::string_view arg =
          space == std::string_view::npos ? "" : Trim(directive.substr(space));
      if (word == "#ifdef" || word == "#ifndef") {
        if (arg.empty()) {
          return MakeUnexpected(
              ParseError{line_number, std::string(word) + " without a name"});
        }
        bool defined = IsDefined(options, arg);
        branches.push_back(Branch{active, word == "#ifdef" ? defined : !defined,
                                  false, line_number});
      } else if (word == "#else") {
        if (branches.empty() || branches.back().in_else) {
          return MakeUnexpected(ParseError{line_number, "stray #else"});
        }
        branches.back().in_else = true;
      } else if (word == "#endif") {
        if (branches.empty()) {
          return MakeUnexpected(ParseError{line_number, "stray #endif"});
        }
        branches.pop_back();
      } else {
        return MakeUnexpected(ParseError{
            line_number, "unknown directive '" + std::string(word) + "'"});
      }
    } else if (active && trimmed.substr(0, 2) == "--") {
      std::string_view option = Trim(StripLineComment(trimmed.substr(2)));
      size_t eq = option.find('=');
      out.options.emplace_back(std::string(Trim(option.substr(0, eq))),
                               eq == std::string_view::npos
                                   ? std::string()
                                   : std::string(Trim(option.substr(eq + 1))));
    } else {
      keep = active;
    }
    if (keep) {
      in_comment = BlockCommentOpenAfter(line, in_comment);
      out.text.append(line);
    }
    if (last) {
      break;
    }
    out.text.push_back('\n');
    pos = eol + 1;
  }
  if (!branches.empty()) {
    return MakeUnexpected(
        ParseError{branches.back().line, "#ifdef without #endif"});
  }
  return out;
}

// ---------------------------------------------------------------------------
// Pass 2: tokens.

struct Token {
  enum class Kind : uint8_t { kWord, kString, kCommand, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  int line = 0;
  // Whitespace or a comment precedes it. Adjacent tokens glue into one
  // scalar (fe80::1, 2:2) and decide NAME[...] and name(...) forms.
  bool spaced = true;
};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         c == '.';
}

Result<std::vector<Token>, ParseError> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  int line = 1;
  bool spaced = true;
  size_t i = 0;
  auto error = [&](std::string message) {
    return MakeUnexpected(ParseError{line, std::move(message)});
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      spaced = true;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
      spaced = true;
      continue;
    }
    if (text.compare(i, 2, "//") == 0) {
      i = text.find('\n', i);
      if (i == std::string_view::npos) {
        i = text.size();
      }
      spaced = true;
      continue;
    }
    if (text.compare(i, 2, "/*") == 0) {
      size_t end = text.find("*/", i + 2);
      if (end == std::string_view::npos) {
        return error("unterminated /* comment");
      }
      line += static_cast<int>(
          std::count(text.begin() + static_cast<ptrdiff_t>(i),
                     text.begin() + static_cast<ptrdiff_t>(end), '\n'));
      i = end + 2;
      spaced = true;
      continue;
    }
    Token t;
    t.line = line;
    t.spaced = spaced;
    spaced = false;
    if (c == '"' || c == '`') {
      size_t end = text.find(c, i + 1);
      size_t eol = text.find('\n', i + 1);
      if (end == std::string_view::npos || end > eol) {
        return error(c == '"' ? "unterminated string" : "unterminated command");
      }
      t.kind = c == '"' ? Token::Kind::kString : Token::Kind::kCommand;
      t.text = std::string(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (IsWordChar(c)) {
      size_t end = i;
      while (end < text.size() && IsWordChar(text[end])) {
        ++end;
      }
      t.kind = Token::Kind::kWord;
      t.text = std::string(text.substr(i, end - i));
      i = end;
    } else {
      t.kind = Token::Kind::kPunct;
      t.text = std::string(1, c);
      ++i;
    }
    tokens.push_back(std::move(t));
  }
  Token end;
  end.line = line;
  tokens.push_back(end);
  return tokens;
}

// ---------------------------------------------------------------------------
// Pass 3: grammar.

bool IsIdentifier(std::string_view s) {
  if (s.empty() ||
      !(std::isalpha(static_cast<unsigned char>(s[0])) != 0 || s[0] == '_')) {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
}

// Decimal, or hexadecimal with 0x. Nothing else is a number.
std::optional<int64_t> ParseInteger(std::string_view s) {
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) {
    return std::nullopt;
  }
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size() ||
      v > static_cast<uint64_t>(INT64_MAX)) {
    return std::nullopt;
  }
  return static_cast<int64_t>(v);
}

// "1", "0.1", ".010", "65.0" seconds, exactly (no floating point).
std::optional<Duration> ParseSeconds(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac =
      dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || frac.size() > 9) {
    return std::nullopt;
  }
  auto digits = [](std::string_view d) {
    return std::all_of(d.begin(), d.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
  };
  if (!digits(whole) || !digits(frac) || whole.size() > 9) {
    return std::nullopt;
  }
  int64_t seconds = 0;
  for (char c : whole) {
    seconds = seconds * 10 + (c - '0');
  }
  int64_t nanos = 0;
  for (size_t k = 0; k < 9; ++k) {
    nanos = nanos * 10 + (k < frac.size() ? frac[k] - '0' : 0);
  }
  return Duration::Seconds(seconds) + Duration::Nanos(nanos);
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<std::vector<Event>, ParseError> ParseEvents() {
    std::vector<Event> events;
    while (Peek().kind != Token::Kind::kEnd) {
      std::optional<Event> e = ParseEvent();
      if (!e) {
        return MakeUnexpected(std::move(error_));
      }
      events.push_back(std::move(*e));
    }
    return events;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ < tokens_.size() - 1) {
      ++pos_;
    }
    return t;
  }
  bool IsPunct(char c, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == Token::Kind::kPunct && t.text[0] == c;
  }
  bool IsWord(size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kWord;
  }
  bool Fail(const Token& at, std::string message) {
    if (error_.message.empty()) {
      error_ = ParseError{at.line, std::move(message)};
    }
    return false;
  }
  static std::string Describe(const Token& t) {
    switch (t.kind) {
      case Token::Kind::kEnd:
        return "end of script";
      case Token::Kind::kString:
        return "string \"" + t.text + "\"";
      case Token::Kind::kCommand:
        return "command `" + t.text + "`";
      default:
        return "'" + t.text + "'";
    }
  }
  bool Expect(char c) {
    if (!IsPunct(c)) {
      return Fail(Peek(), std::string("expected '") + c + "' but found " +
                              Describe(Peek()));
    }
    Next();
    return true;
  }

  std::optional<Event> ParseEvent() {
    Event e;
    e.line = Peek().line;
    if (!ParseTime(e.time)) {
      return std::nullopt;
    }
    bool ok = false;
    if (IsPunct('<') || IsPunct('>')) {
      PacketEvent p;
      ok = ParsePacket(p);
      e.action = std::move(p);
    } else if (Peek().kind == Token::Kind::kCommand) {
      e.action = CommandEvent{Next().text};
      ok = true;
    } else if (IsWord() && IsIdentifier(Peek().text) && IsPunct('(', 1)) {
      SyscallEvent s;
      ok = ParseSyscall(s);
      e.action = std::move(s);
    } else {
      Fail(Peek(),
           "expected a packet, a system call or a command after the "
           "time, found " +
               Describe(Peek()));
    }
    if (!ok) {
      return std::nullopt;
    }
    return e;
  }

  bool ParseTime(EventTime& time) {
    if (IsPunct('*')) {
      Next();
      time.kind = TimeKind::kAny;
      return true;
    }
    time.kind = TimeKind::kAbsolute;
    if (IsPunct('+')) {
      Next();
      time.kind = TimeKind::kRelative;
    }
    const Token& t = Peek();
    if (t.kind != Token::Kind::kWord) {
      return Fail(t, "expected an event time, found " + Describe(t));
    }
    Next();
    std::string_view text = t.text;
    size_t range = text.find("...");
    std::optional<Duration> offset = ParseSeconds(text.substr(0, range));
    if (!offset) {
      return Fail(t, "bad event time '" + t.text + "'");
    }
    time.offset = *offset;
    if (range != std::string_view::npos) {
      std::optional<Duration> end = ParseSeconds(text.substr(range + 3));
      if (!end) {
        return Fail(t, "bad time range '" + t.text + "'");
      }
      time.range_end = *end;
    }
    return true;
  }

  // Glues adjacent words, ':' and '-' into one scalar: IPv6 addresses,
  // gap blocks (2:2), I-DATA.
  std::string ParseScalarText() {
    std::string text = Next().text;
    while (!Peek().spaced &&
           (IsWord() || (IsPunct(':') && (IsWord(1) || IsPunct(':', 1))) ||
            (IsPunct('-') && IsWord(1) && !Peek(1).spaced))) {
      text += Next().text;
    }
    return text;
  }

  bool ParsePacket(PacketEvent& p) {
    p.direction =
        Next().text[0] == '<' ? Direction::kInject : Direction::kExpect;
    if (IsWord() && Peek().text != "sctp") {
      // Explicit addresses: `< 224.0.0.0 > 192.168.0.1 sctp: ...`.
      size_t save = pos_;
      std::string src = ParseScalarText();
      if (IsPunct('>') || IsPunct('<')) {
        Next();
        p.source_address = std::move(src);
        if (!IsWord()) {
          return Fail(Peek(), "expected a destination address");
        }
        p.destination_address = ParseScalarText();
      } else {
        pos_ = save;
      }
    }
    if (!IsWord() || Peek().text != "sctp") {
      // Another protocol: keep the rest of the line as written.
      int line = Peek().line;
      if (Peek().kind == Token::Kind::kEnd) {
        return Fail(Peek(), "expected a packet after '<' or '>'");
      }
      std::string text;
      while (Peek().kind != Token::Kind::kEnd && Peek().line == line) {
        if (!text.empty() && Peek().spaced) {
          text += ' ';
        }
        text += Next().text;
      }
      std::istringstream words(text);
      std::string protocol;
      while (words >> protocol) {
        if (protocol[0] != '[') {
          break;
        }
      }
      p.protocol = protocol;
      p.other = text;
      return true;
    }
    Next();
    if (IsPunct('(') && !Peek().spaced) {
      Next();
      if (!ParseFields(')', p.header)) {
        return false;
      }
    }
    if (!Expect(':')) {
      return false;
    }
    if (IsPunct('[')) {
      Value raw;
      if (!ParseValue(raw)) {
        return false;
      }
      p.raw_bytes = std::move(raw);
      return true;
    }
    while (true) {
      Value spec;
      if (!ParseValue(spec)) {
        return false;
      }
      if (spec.kind != Value::Kind::kSpec) {
        Token at;
        at.line = spec.line;
        return Fail(at, "expected a chunk like NAME[...], found '" +
                            spec.ToString() + "'");
      }
      p.chunks.push_back(std::move(spec));
      if (!IsPunct(';')) {
        return true;
      }
      Next();
    }
  }

  bool ParseSyscall(SyscallEvent& s) {
    s.name = Next().text;
    Next();  // '('
    std::vector<Field> args;
    if (!ParseFields(')', args)) {
      return false;
    }
    for (Field& f : args) {
      if (!f.name.empty()) {
        return Fail(Peek(), "named argument '" + f.name + "' in " + s.name);
      }
      s.args.push_back(std::move(f.value));
    }
    if (!Expect('=') || !ParseValue(s.result)) {
      return false;
    }
    if (IsWord() && IsIdentifier(Peek().text)) {
      s.errno_name = Next().text;
    }
    if (IsPunct('(')) {
      // Free text: `(Operation now in progress)`, `(flags O_RDWR)`.
      const Token& open = Next();
      int depth = 1;
      while (true) {
        const Token& t = Peek();
        if (t.kind == Token::Kind::kEnd) {
          return Fail(open, "unterminated '(' note");
        }
        Next();
        if (t.kind == Token::Kind::kPunct && t.text == "(") {
          ++depth;
        } else if (t.kind == Token::Kind::kPunct && t.text == ")" &&
                   --depth == 0) {
          break;
        }
        if (!s.note.empty() && t.spaced) {
          s.note += ' ';
        }
        s.note += t.text;
      }
    }
    return true;
  }

  // Elements up to and including `close`, comma separated.
  bool ParseFields(char close, std::vector<Field>& fields) {
    if (IsPunct(close)) {
      Next();
      return true;
    }
    while (true) {
      Field f;
      if (!ParseField(f)) {
        return false;
      }
      fields.push_back(std::move(f));
      if (IsPunct(',')) {
        Next();
        continue;
      }
      return Expect(close);
    }
  }

  bool ParseField(Field& f) {
    if (IsWord() && IsIdentifier(Peek().text) && IsPunct('=', 1)) {
      f.name = Next().text;
      Next();
      return ParseValue(f.value);
    }
    if (!ParseValue(f.value)) {
      return false;
    }
    if (f.value.kind == Value::Kind::kCall && IsPunct('=')) {
      // `msg_iov(1)=[...]`: a named field with an argument.
      Next();
      f.name = std::move(f.value.text);
      for (Field& arg : f.value.fields) {
        f.name_args.push_back(std::move(arg.value));
      }
      f.value = Value();
      return ParseValue(f.value);
    }
    return true;
  }

  bool ParseValue(Value& v) {
    if (!ParseOperand(v)) {
      return false;
    }
    if (!IsPunct('|')) {
      return true;
    }
    Value either;
    either.kind = Value::Kind::kOr;
    either.line = v.line;
    either.fields.push_back(Field{"", {}, std::move(v)});
    while (IsPunct('|')) {
      Next();
      Field f;
      if (!ParseOperand(f.value)) {
        return false;
      }
      either.fields.push_back(std::move(f));
    }
    v = std::move(either);
    return true;
  }

  bool ParseOperand(Value& v) {
    const Token& t = Peek();
    v.line = t.line;
    if (t.kind == Token::Kind::kString) {
      v.kind = Value::Kind::kString;
      v.text = Next().text;
      return true;
    }
    if (IsPunct('[') || IsPunct('{')) {
      bool list = t.text == "[";
      Next();
      v.kind = list ? Value::Kind::kList : Value::Kind::kStruct;
      return ParseFields(list ? ']' : '}', v.fields);
    }
    if (IsPunct('-') && IsWord(1) && !Peek(1).spaced) {
      Next();
      const Token& digits = Next();
      std::optional<int64_t> n = ParseInteger(digits.text);
      if (!n) {
        return Fail(digits, "bad number '-" + digits.text + "'");
      }
      v.kind = Value::Kind::kNumber;
      v.number = -*n;
      v.text = "-" + digits.text;
      return true;
    }
    if (t.kind != Token::Kind::kWord) {
      return Fail(t, "expected a value, found " + Describe(t));
    }
    if (t.text == "...") {
      Next();
      v.kind = Value::Kind::kEllipsis;
      return true;
    }
    v.text = ParseScalarText();
    // Some scripts spell chunk names with a dash (I-DATA[...]).
    std::string name = v.text;
    std::replace(name.begin(), name.end(), '-', '_');
    if (IsIdentifier(name) && !Peek().spaced &&
        (IsPunct('[') || IsPunct('('))) {
      bool spec = IsPunct('[');
      v.text = std::move(name);
      Next();
      v.kind = spec ? Value::Kind::kSpec : Value::Kind::kCall;
      return ParseFields(spec ? ']' : ')', v.fields);
    }
    if (std::optional<int64_t> n = ParseInteger(v.text)) {
      v.kind = Value::Kind::kNumber;
      v.number = *n;
    } else {
      v.kind = Value::Kind::kSymbol;
    }
    return true;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  ParseError error_;
};

void AppendFields(std::string& out, const std::vector<Field>& fields,
                  std::string_view separator) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += fields[i].ToString();
  }
}

}  // namespace

const Field* Value::Find(std::string_view name) const {
  for (const Field& f : fields) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}

std::string Value::ToString() const {
  std::string out;
  switch (kind) {
    case Kind::kEllipsis:
      return "...";
    case Kind::kNumber:
    case Kind::kSymbol:
      return text;
    case Kind::kString:
      return "\"" + text + "\"";
    case Kind::kList:
      out = "[";
      AppendFields(out, fields, ", ");
      return out + "]";
    case Kind::kStruct:
      out = "{";
      AppendFields(out, fields, ", ");
      return out + "}";
    case Kind::kSpec:
      out = text + "[";
      AppendFields(out, fields, ", ");
      return out + "]";
    case Kind::kCall:
      out = text + "(";
      AppendFields(out, fields, ", ");
      return out + ")";
    case Kind::kOr:
      AppendFields(out, fields, "|");
      return out;
  }
  return out;
}

std::string Field::ToString() const {
  if (name.empty()) {
    return value.ToString();
  }
  std::string out = name;
  if (!name_args.empty()) {
    out += "(";
    for (size_t i = 0; i < name_args.size(); ++i) {
      out += (i > 0 ? ", " : "") + name_args[i].ToString();
    }
    out += ")";
  }
  return out + "=" + value.ToString();
}

std::optional<std::string> Script::Option(std::string_view name) const {
  std::optional<std::string> value;
  for (const auto& [key, v] : options) {
    if (key == name) {
      value = v;
    }
  }
  return value;
}

std::string ParseError::ToString() const {
  return "line " + std::to_string(line) + ": " + message;
}

Result<Script, ParseError> ParseScript(std::string_view text,
                                       const ParseOptions& options) {
  auto pre = Preprocess(text, options);
  if (!pre) {
    return MakeUnexpected(pre.error());
  }
  auto tokens = Tokenize(pre->text);
  if (!tokens) {
    return MakeUnexpected(tokens.error());
  }
  Parser parser(std::move(*tokens));
  auto events = parser.ParseEvents();
  if (!events) {
    return MakeUnexpected(events.error());
  }
  Script script;
  script.options = std::move(pre->options);
  script.events = std::move(*events);
  return script;
}

Result<Script, ParseError> ParseScriptFile(const std::string& path,
                                           const ParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeUnexpected(ParseError{0, "cannot read " + path});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseScript(text.str(), options);
}

}  // namespace dpsctp::packetdrill
