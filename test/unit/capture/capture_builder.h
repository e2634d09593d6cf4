// Test helpers: build pcap / pcapng files and link, IP and UDP headers byte
// by byte, from the formats' specifications, so that every reader and
// decoder branch can be reached with exact inputs.
#ifndef DPSCTP_TEST_UNIT_CAPTURE_CAPTURE_BUILDER_H_
#define DPSCTP_TEST_UNIT_CAPTURE_CAPTURE_BUILDER_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "test/unit/capture/corpus_path.h"

namespace dpsctp::test {

using Bytes = std::vector<uint8_t>;

// Appends integers in a chosen byte order.
struct ByteSink {
  bool big_endian = false;
  Bytes out;

  ByteSink& U8(uint8_t v) {
    out.push_back(v);
    return *this;
  }
  ByteSink& U16(uint16_t v) {
    if (big_endian) {
      out.push_back(static_cast<uint8_t>(v >> 8));
      out.push_back(static_cast<uint8_t>(v));
    } else {
      out.push_back(static_cast<uint8_t>(v));
      out.push_back(static_cast<uint8_t>(v >> 8));
    }
    return *this;
  }
  ByteSink& U32(uint32_t v) {
    if (big_endian) {
      U16(static_cast<uint16_t>(v >> 16));
      U16(static_cast<uint16_t>(v));
    } else {
      U16(static_cast<uint16_t>(v));
      U16(static_cast<uint16_t>(v >> 16));
    }
    return *this;
  }
  ByteSink& Append(const Bytes& b) {
    out.insert(out.end(), b.begin(), b.end());
    return *this;
  }
  ByteSink& Pad4() {
    while (out.size() % 4 != 0) {
      out.push_back(0);
    }
    return *this;
  }
};

// --- pcap ------------------------------------------------------------------

inline Bytes PcapHeader(uint32_t link_type, bool big_endian = false,
                        uint32_t magic = 0xA1B2C3D4, uint16_t major = 2) {
  ByteSink s{big_endian, {}};
  s.U32(magic).U16(major).U16(4).U32(0).U32(0).U32(65535).U32(link_type);
  return s.out;
}

inline Bytes PcapRecord(uint32_t ts_sec, uint32_t ts_frac, const Bytes& data,
                        bool big_endian = false,
                        std::optional<uint32_t> incl_len = std::nullopt,
                        std::optional<uint32_t> orig_len = std::nullopt) {
  ByteSink s{big_endian, {}};
  s.U32(ts_sec)
      .U32(ts_frac)
      .U32(incl_len.value_or(static_cast<uint32_t>(data.size())))
      .U32(orig_len.value_or(static_cast<uint32_t>(data.size())))
      .Append(data);
  return s.out;
}

// --- pcapng ----------------------------------------------------------------

// A block: type, total length, body (padded to 4), total length.
inline Bytes Block(uint32_t type, const Bytes& body, bool big_endian = false,
                   std::optional<uint32_t> length = std::nullopt,
                   std::optional<uint32_t> trailing = std::nullopt) {
  ByteSink b{big_endian, body};
  b.Pad4();
  const uint32_t total = static_cast<uint32_t>(b.out.size() + 12);
  ByteSink s{big_endian, {}};
  s.U32(type)
      .U32(length.value_or(total))
      .Append(b.out)
      .U32(trailing.value_or(length.value_or(total)));
  return s.out;
}

inline Bytes Shb(bool big_endian = false, uint16_t major = 1) {
  ByteSink body{big_endian, {}};
  body.U32(0x1A2B3C4D).U16(major).U16(0).U32(0xFFFFFFFF).U32(0xFFFFFFFF);
  return Block(0x0A0D0D0A, body.out, big_endian);
}

// An IDB; `tsresol` adds an if_tsresol option when set.
inline Bytes Idb(uint16_t link_type, bool big_endian = false,
                 std::optional<uint8_t> tsresol = std::nullopt) {
  ByteSink body{big_endian, {}};
  body.U16(link_type).U16(0).U32(262144);
  if (tsresol) {
    body.U16(9).U16(1).U8(*tsresol).Pad4();
    body.U16(0).U16(0);  // opt_endofopt
  }
  return Block(1, body.out, big_endian);
}

inline Bytes Epb(uint32_t interface_id, uint64_t ts, const Bytes& data,
                 bool big_endian = false,
                 std::optional<uint32_t> caplen = std::nullopt) {
  ByteSink body{big_endian, {}};
  body.U32(interface_id)
      .U32(static_cast<uint32_t>(ts >> 32))
      .U32(static_cast<uint32_t>(ts))
      .U32(caplen.value_or(static_cast<uint32_t>(data.size())))
      .U32(static_cast<uint32_t>(data.size()))
      .Append(data);
  return Block(6, body.out, big_endian);
}

inline Bytes Spb(const Bytes& data, uint32_t orig_len,
                 bool big_endian = false) {
  ByteSink body{big_endian, {}};
  body.U32(orig_len).Append(data);
  return Block(3, body.out, big_endian);
}

inline Bytes Opb(uint16_t interface_id, uint64_t ts, const Bytes& data,
                 bool big_endian = false) {
  ByteSink body{big_endian, {}};
  body.U16(interface_id)
      .U16(0)
      .U32(static_cast<uint32_t>(ts >> 32))
      .U32(static_cast<uint32_t>(ts))
      .U32(static_cast<uint32_t>(data.size()))
      .U32(static_cast<uint32_t>(data.size()))
      .Append(data);
  return Block(2, body.out, big_endian);
}

inline Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) {
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// --- headers (network byte order) --------------------------------------------

inline Bytes Ipv4(const Bytes& payload, uint8_t protocol = 132,
                  uint16_t flags_offset = 0, uint16_t id = 0x1234,
                  std::optional<uint16_t> total_length = std::nullopt,
                  uint8_t ihl = 5) {
  ByteSink s{true, {}};
  s.U8(static_cast<uint8_t>(0x40 | ihl))
      .U8(0)
      .U16(total_length.value_or(
          static_cast<uint16_t>(ihl * 4 + payload.size())))
      .U16(id)
      .U16(flags_offset)
      .U8(64)
      .U8(protocol)
      .U16(0)
      .U32(0xC0A80001)   // 192.168.0.1
      .U32(0x0A000002);  // 10.0.0.2
  for (int i = 5; i < ihl; ++i) {
    s.U32(0x01010101);  // NOP options
  }
  s.Append(payload);
  return s.out;
}

// 2001:db8::1 -> 2001:db8::2, then `extensions` (already encoded) before the
// payload; `next` is the first Next Header.
inline Bytes Ipv6(const Bytes& payload, uint8_t next = 132,
                  std::optional<uint16_t> payload_length = std::nullopt) {
  ByteSink s{true, {}};
  s.U32(0x60000000)
      .U16(payload_length.value_or(static_cast<uint16_t>(payload.size())))
      .U8(next)
      .U8(64);
  s.U32(0x20010DB8).U32(0).U32(0).U32(1);
  s.U32(0x20010DB8).U32(0).U32(0).U32(2);
  s.Append(payload);
  return s.out;
}

// A generic IPv6 extension header of (len+1)*8 bytes.
inline Bytes Ipv6Extension(uint8_t next, uint8_t len) {
  Bytes b((size_t{len} + 1) * 8, 0);
  b[0] = next;
  b[1] = len;
  return b;
}

inline Bytes Ipv6FragmentHeader(uint8_t next, uint16_t offset_bytes, bool more,
                                uint32_t id) {
  ByteSink s{true, {}};
  s.U8(next)
      .U8(0)
      .U16(static_cast<uint16_t>(offset_bytes | (more ? 1 : 0)))
      .U32(id);
  return s.out;
}

inline Bytes Udp(uint16_t sport, uint16_t dport, const Bytes& payload,
                 std::optional<uint16_t> length = std::nullopt) {
  ByteSink s{true, {}};
  s.U16(sport)
      .U16(dport)
      .U16(length.value_or(static_cast<uint16_t>(8 + payload.size())))
      .U16(0)
      .Append(payload);
  return s.out;
}

inline Bytes Ethernet(uint16_t ether_type, const Bytes& payload) {
  ByteSink s{true, {}};
  for (int i = 0; i < 12; ++i) {
    s.U8(static_cast<uint8_t>(i));
  }
  s.U16(ether_type).Append(payload);
  return s.out;
}

// A minimal SCTP packet: common header and one COOKIE ACK chunk.
inline Bytes SctpPacket() {
  return {0x13, 0x88, 0x13, 0x89, 0, 0, 0, 1, 0, 0, 0, 0, 0x0B, 0, 0, 4};
}

// --- corpus ------------------------------------------------------------------

// Reads a corpus capture; empty when the corpus is not there.
inline Bytes ReadCorpusFile(const std::string& relative) {
  const std::string path = std::string(DPSCTP_CORPUS_PCAPS) + "/" + relative;
  Bytes data;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return data;
  }
  uint8_t buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    data.insert(data.end(), buf, buf + n);
  }
  std::fclose(f);
  return data;
}

}  // namespace dpsctp::test

#endif  // DPSCTP_TEST_UNIT_CAPTURE_CAPTURE_BUILDER_H_
