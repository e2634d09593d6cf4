// dpsctp-dump: decodes the SCTP packets of a pcap or pcapng file and prints
// one JSON object per chunk (JSON Lines), or with --summary one object with
// counts. See --help and docs in /work/shared/design/CLI.md.
//
// The decoding itself is the project's: lib/capture finds SCTP in the frames
// (reassembling IP fragments), lib/wire frames the packet and parses each
// chunk through its view, lib/crc checks the checksum. test/tools/
// compare_tshark.py holds the output against tshark's.
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "buf/packet_view.h"
#include "capture/frame_decoder.h"
#include "capture/ip_reassembler.h"
#include "capture/pcap_reader.h"
#include "chunk_fields.h"
#include "common/byte_order.h"
#include "crc/crc32c.h"
#include "json_writer.h"
#include "wire/chunk_type.h"
#include "wire/common_header.h"
#include "wire/packet_parser.h"

#ifndef DPSCTP_VERSION
#define DPSCTP_VERSION "unknown"
#endif

namespace dpsctp::dump {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr const char* kUsage =
    "Usage: dpsctp-dump [--summary] FILE.pcap|FILE.pcapng\n"
    "\n"
    "Decodes every SCTP packet in a capture and prints, on stdout, one JSON\n"
    "object per line (JSON Lines). Each object has a \"type\":\n"
    "  chunk          one per chunk: frame, time (epoch seconds, as text),\n"
    "                 src/dst address and port,\n"
    "                 vtag, checksum (good|bad|zero|adler32|unverified),\n"
    "                 index in the packet, chunk_type (name), chunk_type_id,\n"
    "                 flags, length and the chunk's own fields; "
    "\"malformed\":\n"
    "                 true when the chunk's view rejects it\n"
    "  packet_error   the packet's framing is broken (error name, offset)\n"
    "  frame_error    the frame's link or IP headers are broken\n"
    "  ip_fragment    an IP fragment of an SCTP datagram; the datagram is\n"
    "                 shown on the frame that completes it (\"reassembled\")\n"
    "  capture_error  the file is truncated or corrupt at some offset\n"
    "\n"
    "Link types: Ethernet (VLAN tags, MPLS), Linux SLL and SLL2, raw "
    "IPv4/IPv6,\n"
    "BSD null/loopback. SCTP directly over IP and over UDP port 9899 (RFC "
    "6951).\n"
    "\n"
    "Options:\n"
    "  --summary   print one {\"type\":\"summary\"} object instead: counts of\n"
    "              frames, SCTP packets, chunks per type, checksum verdicts\n"
    "              per packet, malformed chunks and errors\n"
    "  --help      print this help and exit\n"
    "  --version   print the version and exit\n"
    "\n"
    "Exit status: 0 the whole file was decoded (malformed packets included);\n"
    "1 the file could not be read, is not a capture, or is truncated/corrupt\n"
    "(what came before the damage is still printed); 2 bad usage.\n";

struct Options {
  bool summary = false;
  std::string file;
};

// Counts for --summary, in first-seen order for chunk types.
struct Summary {
  uint64_t frames = 0;
  uint64_t sctp_packets = 0;
  uint64_t chunks = 0;
  uint64_t malformed_chunks = 0;
  uint64_t frame_errors = 0;
  uint64_t ip_fragments = 0;
  uint64_t reassembled_packets = 0;
  std::vector<std::pair<std::string, uint64_t>> chunk_types;
  std::map<std::string, uint64_t> checksums;
  std::map<std::string, uint64_t> packet_errors;

  void CountChunkType(const std::string& name) {
    for (auto& [n, c] : chunk_types) {
      if (n == name) {
        ++c;
        return;
      }
    }
    chunk_types.emplace_back(name, 1);
  }
};

std::optional<std::vector<uint8_t>> ReadFile(const std::string& path,
                                             std::string& error) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::vector<uint8_t> data;
  uint8_t buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    data.insert(data.end(), buf, buf + n);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) {
    error = "read error";
    return std::nullopt;
  }
  return data;
}

std::string ChunkTypeLabel(uint8_t type) {
  std::string_view name = wire::ChunkTypeName(type);
  if (!name.empty()) {
    return std::string(name);
  }
  return "UNKNOWN";
}

// Seconds since the epoch with 9 decimals, as tshark's frame.time_epoch.
// A string: JSON numbers lose nanoseconds in most readers.
std::string TimeText(uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%llu.%09llu",
                static_cast<unsigned long long>(ns / 1000000000),
                static_cast<unsigned long long>(ns % 1000000000));
  return buf;
}

class Dumper {
 public:
  explicit Dumper(bool summary)
      : summary_mode_(summary),
        reassembler_(std::make_unique<capture::IpReassembler>()) {}

  void HandleRecord(const capture::CaptureRecord& r) {
    ++summary_.frames;
    time_ns_ = r.has_timestamp ? std::optional<uint64_t>(r.timestamp_ns)
                               : std::nullopt;
    auto decoded = capture::DecodeFrame(r.link_type, r.data);
    if (!decoded) {
      ++summary_.frame_errors;
      JsonWriter j;
      j.Str("type", "frame_error")
          .Num("frame", r.frame_number)
          .Num("link_type", r.link_type)
          .Str("error", capture::DecodeErrorName(decoded.error()));
      Emit(j);
      return;
    }
    switch (decoded->kind) {
      case capture::FrameKind::kNotSctp: return;
      case capture::FrameKind::kSctp:
        HandleSctp(r.frame_number, decoded->sctp, /*reassembled=*/false);
        return;
      case capture::FrameKind::kFragment:
        HandleFragment(r.frame_number, decoded->fragment);
        return;
    }
  }

  void CaptureError(const capture::CaptureReader& reader) {
    JsonWriter j;
    j.Str("type", "capture_error")
        .Str("error", capture::CaptureErrorName(reader.error()))
        .Num("offset", reader.error_offset())
        .Num("frames_read", reader.frames_read());
    capture_error_ = j.Finish();
    if (!summary_mode_) {
      std::fputs(capture_error_.c_str(), stdout);
    }
  }

  void PrintSummary(const std::string& file) {
    JsonWriter j;
    j.Str("type", "summary")
        .Str("file", file)
        .Num("frames", summary_.frames)
        .Num("sctp_packets", summary_.sctp_packets)
        .Num("chunks", summary_.chunks)
        .Num("malformed_chunks", summary_.malformed_chunks)
        .Num("frame_errors", summary_.frame_errors)
        .Num("ip_fragments", summary_.ip_fragments)
        .Num("reassembled_packets", summary_.reassembled_packets);
    j.BeginObject("chunk_types");
    for (const auto& [name, count] : summary_.chunk_types) {
      j.Num(name, count);
    }
    j.End();
    j.BeginObject("checksums");
    for (const auto& [name, count] : summary_.checksums) {
      j.Num(name, count);
    }
    j.End();
    j.BeginObject("packet_errors");
    for (const auto& [name, count] : summary_.packet_errors) {
      j.Num(name, count);
    }
    j.End();
    j.Bool("capture_complete", capture_error_.empty());
    Print(j);
  }

 private:
  void HandleFragment(uint64_t frame, const capture::IpFragment& f) {
    // Only SCTP (or UDP that might carry it) needs reassembling.
    if (f.protocol != capture::kIpProtocolSctp &&
        f.protocol != capture::kIpProtocolUdp) {
      return;
    }
    auto datagram = reassembler_->Add(f);
    if (!datagram) {
      if (f.protocol == capture::kIpProtocolSctp) {
        ++summary_.ip_fragments;
        JsonWriter j;
        j.Str("type", "ip_fragment")
            .Num("frame", frame)
            .Str("src", capture::FormatAddress(f.source).view())
            .Str("dst", capture::FormatAddress(f.destination).view())
            .Num("id", f.identification)
            .Num("offset", f.offset)
            .Bool("more_fragments", f.more_fragments)
            .Num("length", f.payload.size());
        if (f.truncated) {
          j.Bool("truncated", true);
        }
        Emit(j);
      }
      return;
    }
    auto decoded =
        capture::DecodeIpPayload(datagram->source, datagram->destination,
                                 datagram->protocol, datagram->payload, false);
    if (!decoded) {
      ++summary_.frame_errors;
      JsonWriter j;
      j.Str("type", "frame_error")
          .Num("frame", frame)
          .Bool("reassembled", true)
          .Str("error", capture::DecodeErrorName(decoded.error()));
      Emit(j);
      return;
    }
    if (decoded->kind == capture::FrameKind::kSctp) {
      ++summary_.reassembled_packets;
      HandleSctp(frame, decoded->sctp, /*reassembled=*/true);
    }
  }

  // The fields every record of one packet starts with.
  void PacketFields(JsonWriter& j, uint64_t frame, const capture::SctpInIp& s,
                    const wire::CommonHeader* h, bool reassembled) {
    j.Num("frame", frame);
    if (time_ns_) {
      j.Str("time", TimeText(*time_ns_));
    }
    j.Str("src", capture::FormatAddress(s.source).view())
        .Str("dst", capture::FormatAddress(s.destination).view());
    if (h != nullptr) {
      j.Num("src_port", h->source_port)
          .Num("dst_port", h->destination_port)
          .Num("vtag", h->verification_tag.value());
    }
    if (s.over_udp) {
      j.Num("udp_src_port", s.udp_source_port)
          .Num("udp_dst_port", s.udp_destination_port);
    }
    if (reassembled) {
      j.Bool("reassembled", true);
    }
    if (s.truncated) {
      j.Bool("truncated", true);
    }
  }

  void HandleSctp(uint64_t frame, const capture::SctpInIp& s,
                  bool reassembled) {
    ++summary_.sctp_packets;
    const buf::PacketView packet(s.sctp);
    auto header = wire::CommonHeader::Parse(s.sctp);
    if (!header) {
      PacketError(frame, s, nullptr, reassembled, "",
                  wire::PacketError::kTooShort, 0);
      return;
    }
    // A packet cut by the snap length cannot be checked.
    const std::string verdict =
        s.truncated
            ? "unverified"
            : std::string(crc::ToString(crc::VerifySctpChecksum(packet)));
    ++summary_.checksums[verdict];

    wire::ChunkCursor cursor(packet);
    size_t index = 0;
    size_t next_offset = wire::kCommonHeaderSize;
    while (auto d = cursor.Next()) {
      next_offset = d->offset + wire::RoundUpTo4(d->length);
      ++summary_.chunks;
      const std::string label = ChunkTypeLabel(d->type);
      // Unknown types are counted each under its own number.
      summary_.CountChunkType(wire::ChunkTypeName(d->type).empty()
                                  ? label + "_" + std::to_string(d->type)
                                  : label);
      JsonWriter j;
      j.Str("type", "chunk");
      PacketFields(j, frame, s, &*header, reassembled);
      j.Str("checksum", verdict)
          .Num("index", index++)
          .Str("chunk_type", label)
          .Num("chunk_type_id", d->type)
          .Num("flags", d->flags)
          .Num("length", d->length);
      // The packet is one contiguous span: no scratch needed.
      std::span<const uint8_t> bytes = wire::ChunkBytes(packet, *d, {});
      if (bytes.size() != d->length || !DescribeChunk(d->type, bytes, j)) {
        ++summary_.malformed_chunks;
        j.Bool("malformed", true);
      }
      Emit(j);
    }
    if (cursor.error() != wire::PacketError::kNone) {
      PacketError(frame, s, &*header, reassembled, verdict, cursor.error(),
                  index, next_offset);
    } else if (index == 0) {
      PacketError(frame, s, &*header, reassembled, verdict,
                  wire::PacketError::kNoChunks, 0);
    }
  }

  void PacketError(uint64_t frame, const capture::SctpInIp& s,
                   const wire::CommonHeader* h, bool reassembled,
                   const std::string& verdict, wire::PacketError error,
                   size_t chunks_before, size_t bad_offset = 0) {
    const std::string name(wire::PacketErrorName(error));
    ++summary_.packet_errors[name];
    JsonWriter j;
    j.Str("type", "packet_error");
    PacketFields(j, frame, s, h, reassembled);
    if (!verdict.empty()) {
      j.Str("checksum", verdict);
    }
    j.Str("error", name).Num("chunks_before", chunks_before);
    // The header of the chunk the framing broke on, when there is one, so
    // that the reader sees what the packet claimed.
    if (bad_offset != 0) {
      j.Num("offset", bad_offset);
      if (bad_offset + wire::kChunkHeaderSize <= s.sctp.size()) {
        const uint8_t* c = s.sctp.data() + bad_offset;
        j.Str("chunk_type", ChunkTypeLabel(c[0]))
            .Num("chunk_type_id", c[0])
            .Num("flags", c[1])
            .Num("length", LoadBe16(c + 2));
      }
    }
    Emit(j);
  }

  void Emit(JsonWriter& j) {
    if (!summary_mode_) {
      Print(j);
    }
  }
  static void Print(JsonWriter& j) {
    const std::string line = j.Finish();
    std::fwrite(line.data(), 1, line.size(), stdout);
  }

  bool summary_mode_;
  // Of the record being decoded; none for a pcapng Simple Packet Block.
  std::optional<uint64_t> time_ns_;
  std::unique_ptr<capture::IpReassembler> reassembler_;
  Summary summary_;
  std::string capture_error_;
};

int UsageError(const std::string& reason) {
  std::fprintf(stderr, "dpsctp-dump: %s\nTry 'dpsctp-dump --help'.\n",
               reason.c_str());
  return kExitUsage;
}

int Run(int argc, char** argv) {
  Options options;
  bool have_file = false;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (!options_done && arg.size() > 1 && arg[0] == '-') {
      if (arg == "--") {
        options_done = true;
      } else if (arg == "--summary") {
        options.summary = true;
      } else if (arg == "--help" || arg == "-h") {
        std::fputs(kUsage, stdout);
        return kExitOk;
      } else if (arg == "--version") {
        std::printf("dpsctp-dump %s\n", DPSCTP_VERSION);
        return kExitOk;
      } else {
        return UsageError("unknown option '" + std::string(arg) + "'");
      }
      continue;
    }
    if (have_file) {
      return UsageError("more than one FILE ('" + std::string(arg) + "')");
    }
    options.file = std::string(arg);
    have_file = true;
  }
  if (!have_file) {
    return UsageError("missing FILE");
  }

  std::string error;
  auto data = ReadFile(options.file, error);
  if (!data) {
    std::fprintf(stderr, "dpsctp-dump: %s: %s\n", options.file.c_str(),
                 error.c_str());
    return kExitFailure;
  }
  auto reader = capture::CaptureReader::Open(*data);
  if (!reader) {
    std::fprintf(
        stderr, "dpsctp-dump: %s: not a pcap or pcapng file (%s)\n",
        options.file.c_str(),
        std::string(capture::CaptureErrorName(reader.error())).c_str());
    return kExitFailure;
  }
  Dumper dumper(options.summary);
  while (auto record = reader->Next()) {
    dumper.HandleRecord(*record);
  }
  int status = kExitOk;
  if (reader->error() != capture::CaptureError::kNone) {
    dumper.CaptureError(*reader);
    std::fprintf(
        stderr, "dpsctp-dump: %s: %s at offset %zu\n", options.file.c_str(),
        std::string(capture::CaptureErrorName(reader->error())).c_str(),
        reader->error_offset());
    status = kExitFailure;
  }
  if (options.summary) {
    dumper.PrintSummary(options.file);
  }
  if (std::fflush(stdout) != 0) {
    return kExitFailure;
  }
  return status;
}

}  // namespace
}  // namespace dpsctp::dump

int main(int argc, char** argv) { return dpsctp::dump::Run(argc, argv); }
