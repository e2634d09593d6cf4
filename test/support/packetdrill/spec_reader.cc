#include "test/support/packetdrill/spec_reader.h"

#include <arpa/inet.h>

#include <charconv>

#include "test/support/packetdrill/spec_catalog.h"

namespace dpsctp::packetdrill {

const Value* SpecReader::Get(std::string_view field) const {
  const Field* f = spec_.Find(field);
  return f == nullptr ? nullptr : &f->value;
}

bool SpecReader::Unspecified(std::string_view field) const {
  const Value* v = Get(field);
  return v == nullptr || v->is_ellipsis();
}

void SpecReader::Fail(std::string message) {
  if (error_.empty()) {
    error_ = spec_.text + ": " + std::move(message);
  }
}

std::optional<uint64_t> SpecReader::ToNumber(const Value& v, uint64_t max,
                                             std::string_view what) {
  if (!v.is_number() || v.number < 0 || static_cast<uint64_t>(v.number) > max) {
    Fail(std::string(what) + "=" + v.ToString() + " is not a number in [0, " +
         std::to_string(max) + "]");
    return std::nullopt;
  }
  return static_cast<uint64_t>(v.number);
}

std::optional<uint64_t> SpecReader::Number(std::string_view field,
                                           uint64_t max) {
  if (Unspecified(field)) {
    return std::nullopt;
  }
  return ToNumber(*Get(field), max, field);
}

std::optional<std::vector<uint8_t>> SpecReader::Bytes(std::string_view field) {
  if (Unspecified(field)) {
    return std::nullopt;
  }
  const Value& v = *Get(field);
  if (v.kind == Value::Kind::kString) {
    return std::vector<uint8_t>(v.text.begin(), v.text.end());
  }
  if (v.kind != Value::Kind::kList) {
    Fail(std::string(field) + " must be a byte list or a string, not " +
         v.ToString());
    return std::nullopt;
  }
  std::vector<uint8_t> bytes;
  for (const Field& f : v.fields) {
    std::optional<uint64_t> b = ToNumber(f.value, 0xff, field);
    if (!b) {
      return std::nullopt;
    }
    bytes.push_back(static_cast<uint8_t>(*b));
  }
  return bytes;
}

std::optional<uint8_t> SpecReader::Flags(uint8_t chunk_type) {
  if (Unspecified("flgs")) {
    return std::nullopt;
  }
  const Value& v = *Get("flgs");
  if (v.is_number()) {
    std::optional<uint64_t> n = ToNumber(v, 0xff, "flgs");
    return n ? std::optional<uint8_t>(static_cast<uint8_t>(*n)) : std::nullopt;
  }
  if (v.kind != Value::Kind::kSymbol) {
    Fail("flgs=" + v.ToString() + " is neither a number nor flag letters");
    return std::nullopt;
  }
  uint8_t flags = 0;
  for (char letter : v.text) {
    std::optional<uint8_t> bit = ChunkFlagBit(chunk_type, letter);
    if (!bit) {
      Fail(std::string("no flag '") + letter + "' in this chunk");
      return std::nullopt;
    }
    flags |= *bit;
  }
  return flags;
}

std::optional<std::vector<const Value*>> SpecReader::List(
    std::string_view field) {
  if (Unspecified(field)) {
    return std::nullopt;
  }
  const Value& v = *Get(field);
  if (v.kind != Value::Kind::kList) {
    Fail(std::string(field) + " must be a list, not " + v.ToString());
    return std::nullopt;
  }
  std::vector<const Value*> out;
  for (const Field& f : v.fields) {
    out.push_back(&f.value);
  }
  return out;
}

std::optional<std::vector<uint64_t>> SpecReader::NumberList(
    std::string_view field, uint64_t max) {
  std::optional<std::vector<const Value*>> list = List(field);
  if (!list) {
    return std::nullopt;
  }
  std::vector<uint64_t> out;
  for (const Value* v : *list) {
    std::optional<uint64_t> n = ToNumber(*v, max, field);
    if (!n) {
      return std::nullopt;
    }
    out.push_back(*n);
  }
  return out;
}

std::optional<std::vector<std::pair<uint16_t, uint16_t>>> SpecReader::Gaps(
    std::string_view field) {
  std::optional<std::vector<const Value*>> list = List(field);
  if (!list) {
    return std::nullopt;
  }
  std::vector<std::pair<uint16_t, uint16_t>> out;
  for (const Value* v : *list) {
    // "2:2" is one symbol; a lone number is a one-TSN block.
    std::string_view text = v->text;
    size_t colon = text.find(':');
    std::string_view first = text.substr(0, colon);
    std::string_view last =
        colon == std::string_view::npos ? first : text.substr(colon + 1);
    uint16_t start = 0;
    uint16_t end = 0;
    auto bad = [](std::string_view s, uint16_t& n) {
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      return ec != std::errc() || p != s.data() + s.size();
    };
    if ((v->kind != Value::Kind::kSymbol && !v->is_number()) ||
        bad(first, start) || bad(last, end)) {
      Fail(std::string(field) + ": bad gap block " + v->ToString() +
           " (want start:end)");
      return std::nullopt;
    }
    out.emplace_back(start, end);
  }
  return out;
}

std::optional<std::array<uint8_t, 4>> SpecReader::Ipv4(std::string_view field) {
  if (Unspecified(field)) {
    return std::nullopt;
  }
  std::array<uint8_t, 4> out{};
  std::string text = Get(field)->text;
  if (inet_pton(AF_INET, text.c_str(), out.data()) != 1) {
    Fail(std::string(field) + "=" + text + " is not an IPv4 address");
    return std::nullopt;
  }
  return out;
}

std::optional<std::array<uint8_t, 16>> SpecReader::Ipv6(
    std::string_view field) {
  if (Unspecified(field)) {
    return std::nullopt;
  }
  std::array<uint8_t, 16> out{};
  std::string text = Get(field)->text;
  if (inet_pton(AF_INET6, text.c_str(), out.data()) != 1) {
    Fail(std::string(field) + "=" + text + " is not an IPv6 address");
    return std::nullopt;
  }
  return out;
}

std::vector<const Value*> SpecReader::Elements() const {
  std::vector<const Value*> out;
  for (const Field& f : spec_.fields) {
    if (f.name.empty()) {
      out.push_back(&f.value);
    }
  }
  return out;
}

}  // namespace dpsctp::packetdrill
