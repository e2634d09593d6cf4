// golden_packets: writes a pcap of SCTP packets built only with dpsctp's own
// serializers (lib/wire), one packet per chunk type where possible, so that
// an independent decoder (Wireshark's tshark, see check_golden.sh) can check
// what we put on the wire.
//
// Usage: golden_packets OUT.pcap
// Exit status: 0 on success; 1 (with a message naming the packet) if a
// serializer refuses its input or the file cannot be written; 2 bad usage.
#include <array>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string_view>

#include "capture/pcap_writer.h"
#include "common/types.h"
#include "crc/crc32c.h"
#include "wire/chunk/abort_chunk.h"
#include "wire/chunk/asconf_ack_chunk.h"
#include "wire/chunk/asconf_chunk.h"
#include "wire/chunk/auth_chunk.h"
#include "wire/chunk/cookie_ack_chunk.h"
#include "wire/chunk/cookie_echo_chunk.h"
#include "wire/chunk/cwr_chunk.h"
#include "wire/chunk/data_chunk.h"
#include "wire/chunk/ecne_chunk.h"
#include "wire/chunk/error_chunk.h"
#include "wire/chunk/forward_tsn_chunk.h"
#include "wire/chunk/heartbeat_ack_chunk.h"
#include "wire/chunk/heartbeat_request_chunk.h"
#include "wire/chunk/idata_chunk.h"
#include "wire/chunk/iforward_tsn_chunk.h"
#include "wire/chunk/init_ack_chunk.h"
#include "wire/chunk/init_chunk.h"
#include "wire/chunk/nr_sack_chunk.h"
#include "wire/chunk/pad_chunk.h"
#include "wire/chunk/reconfig_chunk.h"
#include "wire/chunk/sack_chunk.h"
#include "wire/chunk/shutdown_ack_chunk.h"
#include "wire/chunk/shutdown_chunk.h"
#include "wire/chunk/shutdown_complete_chunk.h"
#include "wire/common_header.h"
#include "wire/error_cause/cookie_received_while_shutting_down_cause.h"
#include "wire/error_cause/illegal_asconf_ack_cause.h"
#include "wire/error_cause/invalid_mandatory_parameter_cause.h"
#include "wire/error_cause/invalid_stream_identifier_cause.h"
#include "wire/error_cause/missing_mandatory_parameter_cause.h"
#include "wire/error_cause/no_user_data_cause.h"
#include "wire/error_cause/operation_refused_no_resource_cause.h"
#include "wire/error_cause/out_of_resource_cause.h"
#include "wire/error_cause/protocol_violation_cause.h"
#include "wire/error_cause/request_refused_no_authorization_cause.h"
#include "wire/error_cause/request_to_delete_last_address_cause.h"
#include "wire/error_cause/request_to_delete_source_address_cause.h"
#include "wire/error_cause/restart_with_new_addresses_cause.h"
#include "wire/error_cause/stale_cookie_cause.h"
#include "wire/error_cause/unrecognized_chunk_type_cause.h"
#include "wire/error_cause/unrecognized_parameters_cause.h"
#include "wire/error_cause/unresolvable_address_cause.h"
#include "wire/error_cause/unsupported_hmac_identifier_cause.h"
#include "wire/error_cause/user_initiated_abort_cause.h"
#include "wire/packet_builder.h"
#include "wire/parameter/adaptation_layer_indication_parameter.h"
#include "wire/parameter/add_incoming_streams_request_parameter.h"
#include "wire/parameter/add_ip_address_parameter.h"
#include "wire/parameter/add_outgoing_streams_request_parameter.h"
#include "wire/parameter/chunk_list_parameter.h"
#include "wire/parameter/cookie_preservative_parameter.h"
#include "wire/parameter/delete_ip_address_parameter.h"
#include "wire/parameter/ecn_capable_parameter.h"
#include "wire/parameter/error_cause_indication_parameter.h"
#include "wire/parameter/forward_tsn_supported_parameter.h"
#include "wire/parameter/host_name_address_parameter.h"
#include "wire/parameter/incoming_ssn_reset_request_parameter.h"
#include "wire/parameter/ipv4_address_parameter.h"
#include "wire/parameter/ipv6_address_parameter.h"
#include "wire/parameter/outgoing_ssn_reset_request_parameter.h"
#include "wire/parameter/padding_parameter.h"
#include "wire/parameter/random_parameter.h"
#include "wire/parameter/reconfiguration_response_parameter.h"
#include "wire/parameter/requested_hmac_algorithm_parameter.h"
#include "wire/parameter/set_primary_address_parameter.h"
#include "wire/parameter/ssn_tsn_reset_request_parameter.h"
#include "wire/parameter/state_cookie_parameter.h"
#include "wire/parameter/success_indication_parameter.h"
#include "wire/parameter/supported_address_types_parameter.h"
#include "wire/parameter/supported_extensions_parameter.h"
#include "wire/parameter/unrecognized_parameter_parameter.h"
#include "wire/parameter/zero_checksum_acceptable_parameter.h"
#include "wire/wire_writer.h"

namespace dpsctp {
namespace {

using wire::WireWriter;

constexpr uint16_t kSourcePort = 5000;
constexpr uint16_t kDestinationPort = 5001;
constexpr uint32_t kTag = 0x11223344;
constexpr std::array<uint8_t, 4> kSourceIp = {192, 0, 2, 1};
constexpr std::array<uint8_t, 4> kDestinationIp = {192, 0, 2, 2};
constexpr uint64_t kStartTimeNs = 1'700'000'000'000'000'000ull;
constexpr uint64_t kPacketIntervalNs = 1'000'000;  // 1 ms

std::span<const uint8_t> Text(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// A list of TLVs (parameters or error causes) serialized into its own
// buffer, to be nested in a chunk or parameter. Each TLV is padded to 4
// bytes; view() leaves out the last one's padding (RFC 9260 §3.2: the Chunk
// Length "does include padding of any variable-length parameter except the
// last parameter in the chunk").
class TlvList {
 public:
  TlvList() = default;
  TlvList(const TlvList&) = delete;
  TlvList& operator=(const TlvList&) = delete;

  template <typename Serialize>
  TlvList& Add(const char* what, Serialize&& serialize) {
    if (!serialize(writer_) || writer_.overflowed()) {
      std::fprintf(stderr, "golden_packets: serializing %s failed\n", what);
      ok_ = false;
    } else {
      content_end_ = writer_.size();
      writer_.PadTo4();
    }
    return *this;
  }

  bool ok() const { return ok_; }
  std::span<const uint8_t> view() const {
    return std::span<const uint8_t>(buffer_).first(content_end_);
  }
  // With the last TLV's padding, as when the list is followed by more data.
  std::span<const uint8_t> padded() const { return writer_.written(); }

 private:
  std::array<uint8_t, 2048> buffer_{};
  WireWriter writer_{buffer_};
  size_t content_end_ = 0;
  bool ok_ = true;
};

class Generator {
 public:
  // Builds one packet from the chunk serializers `chunks` (each
  // `bool(WireWriter&)`), with a software CRC32c, and appends it.
  template <typename... Chunks>
  void Packet(const char* name, uint32_t tag, bool nested_ok,
              Chunks&&... chunks) {
    std::array<uint8_t, 4096> buffer{};
    wire::CommonHeader header;
    header.source_port = kSourcePort;
    header.destination_port = kDestinationPort;
    header.verification_tag = VerificationTag(tag);
    wire::PacketBuilder builder(buffer, header, buffer.size());
    size_t index = 0;
    bool ok = nested_ok && builder.valid();
    auto add = [&](auto& chunk) {
      ++index;
      if (ok && !builder.TryAdd(chunk)) {
        std::fprintf(stderr, "golden_packets: %s: chunk %zu failed\n", name,
                     index);
        ok = false;
      }
    };
    (add(chunks), ...);
    std::span<uint8_t> packet;
    if (ok) {
      packet = builder.Finish(crc::TxChecksumMode::kSoftware);
    }
    if (!ok || packet.empty()) {
      std::fprintf(stderr, "golden_packets: packet %zu (%s) failed\n",
                   count_ + 1, name);
      failed_ = true;
      return;
    }
    if (!pcap_.AddSctpOverIpv4(kStartTimeNs + count_ * kPacketIntervalNs,
                               kSourceIp, kDestinationIp, packet)) {
      std::fprintf(stderr, "golden_packets: %s: too big for IPv4\n", name);
      failed_ = true;
      return;
    }
    ++count_;
  }

  bool failed() const { return failed_; }
  size_t count() const { return count_; }
  const capture::PcapWriter& pcap() const { return pcap_; }

 private:
  capture::PcapWriter pcap_;
  size_t count_ = 0;
  bool failed_ = false;
};

// Chunk types for Supported Extensions / CHUNKS (RFC 5061 §4.2.7, 4895).
constexpr uint8_t kReconfig = 130;
constexpr uint8_t kAsconf = 0xC1;
constexpr uint8_t kAsconfAck = 0x80;
constexpr uint8_t kForwardTsn = 0xC0;
constexpr uint8_t kIData = 64;
constexpr uint8_t kIForwardTsn = 194;
constexpr uint8_t kAuth = 15;
constexpr uint8_t kPad = 132;
constexpr uint8_t kNrSack = 16;

int Run(const char* path) {
  Generator g;
  const std::array<uint8_t, 4> ipv4 = {192, 0, 2, 1};
  const std::array<uint8_t, 4> ipv4_b = {198, 51, 100, 7};
  const std::array<uint8_t, 16> ipv6 = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
                                        0,    0,    0,    0,    0, 0, 0, 1};
  const std::array<uint8_t, 32> random = {
      0x5a, 0x13, 0x9c, 0x01, 0x77, 0xe2, 0x40, 0x8b, 0x31, 0x0f, 0xd4,
      0x66, 0x29, 0xb5, 0x83, 0x1e, 0xc7, 0x54, 0x02, 0xaf, 0x98, 0x3d,
      0x6e, 0x11, 0xf0, 0x45, 0x7a, 0xbc, 0x08, 0x93, 0x2c, 0xe1};
  const std::array<uint8_t, 20> hmac_sha1 = {
      0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
      0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10};
  const std::array<uint8_t, 24> cookie = {
      'd', 'p', 's', 'c', 't', 'p', '-', 'c', 'o', 'o', 'k', 'i',
      'e', 0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10};
  const wire::InitFields init_fields{VerificationTag(kTag), 131072, 10, 65535,
                                     Tsn(1000)};

  // Address parameters, reused inside other TLVs.
  TlvList ipv4_param;
  ipv4_param.Add("IPv4 Address", [&](WireWriter& w) {
    return wire::Ipv4AddressParameter::SerializeTo(w, ipv4);
  });
  TlvList ipv4_b_param;
  ipv4_b_param.Add("IPv4 Address", [&](WireWriter& w) {
    return wire::Ipv4AddressParameter::SerializeTo(w, ipv4_b);
  });
  TlvList ipv6_param;
  ipv6_param.Add("IPv6 Address", [&](WireWriter& w) {
    return wire::Ipv6AddressParameter::SerializeTo(w, ipv6);
  });
  TlvList delete_ip_param;  // an ASCONF request copied into causes
  delete_ip_param.Add("Delete IP Address", [&](WireWriter& w) {
    return wire::DeleteIpAddressParameter::SerializeTo(w, 7,
                                                       ipv4_b_param.view());
  });
  const bool addresses_ok = ipv4_param.ok() && ipv4_b_param.ok() &&
                            ipv6_param.ok() && delete_ip_param.ok();

  // 1. DATA
  g.Packet("DATA", kTag, addresses_ok, [&](WireWriter& w) {
    return wire::DataChunk::SerializeTo(w, Tsn(1000), StreamId(1), Ssn(0),
                                        Ppid(51), Text("hello, wireshark"),
                                        {});
  });

  // 2. INIT with every parameter an INIT may carry.
  {
    const std::array<uint16_t, 2> address_types = {5, 6};
    const std::array<uint8_t, 9> extensions = {
        kReconfig, kAsconf, kAsconfAck, kForwardTsn, kIData,
        kIForwardTsn, kAuth, kPad, kNrSack};
    const std::array<uint8_t, 2> auth_chunks = {kAsconf, kAsconfAck};
    const std::array<uint16_t, 2> hmac_ids = {1, 3};  // SHA-1, SHA-256
    TlvList p;
    p.Add("IPv4 Address", [&](WireWriter& w) {
       return wire::Ipv4AddressParameter::SerializeTo(w, ipv4);
     })
        .Add("IPv6 Address", [&](WireWriter& w) {
          return wire::Ipv6AddressParameter::SerializeTo(w, ipv6);
        })
        .Add("Supported Address Types", [&](WireWriter& w) {
          return wire::SupportedAddressTypesParameter::SerializeTo(
              w, address_types);
        })
        .Add("Cookie Preservative", [&](WireWriter& w) {
          return wire::CookiePreservativeParameter::SerializeTo(w, 5000);
        })
        .Add("ECN Capable", [&](WireWriter& w) {
          return wire::EcnCapableParameter::SerializeTo(w);
        })
        .Add("Forward-TSN-Supported", [&](WireWriter& w) {
          return wire::ForwardTsnSupportedParameter::SerializeTo(w);
        })
        .Add("Supported Extensions", [&](WireWriter& w) {
          return wire::SupportedExtensionsParameter::SerializeTo(w,
                                                                 extensions);
        })
        .Add("RANDOM", [&](WireWriter& w) {
          return wire::RandomParameter::SerializeTo(w, random);
        })
        .Add("CHUNKS", [&](WireWriter& w) {
          return wire::ChunkListParameter::SerializeTo(w, auth_chunks);
        })
        .Add("HMAC-ALGO", [&](WireWriter& w) {
          return wire::RequestedHmacAlgorithmParameter::SerializeTo(w,
                                                                    hmac_ids);
        })
        .Add("Zero Checksum Acceptable", [&](WireWriter& w) {
          return wire::ZeroChecksumAcceptableParameter::SerializeTo(w, 1);
        })
        .Add("Adaptation Layer Indication", [&](WireWriter& w) {
          return wire::AdaptationLayerIndicationParameter::SerializeTo(
              w, 0x01020304);
        });
    g.Packet("INIT", 0, p.ok(), [&](WireWriter& w) {
      return wire::InitChunk::SerializeTo(w, init_fields, p.view());
    });
  }

  // 3. INIT with a Host Name Address and a Padding parameter.
  {
    TlvList p;
    p.Add("Host Name Address", [&](WireWriter& w) {
       return wire::HostNameAddressParameter::SerializeTo(w, "example.org");
     })
        .Add("Padding", [&](WireWriter& w) {
          return wire::PaddingParameter::SerializeTo(w, 64);
        });
    g.Packet("INIT (host name, padding)", 0, p.ok(), [&](WireWriter& w) {
      return wire::InitChunk::SerializeTo(w, init_fields, p.view());
    });
  }

  // 4. INIT ACK with a State Cookie and an Unrecognized Parameter.
  {
    TlvList unrecognized;  // an INIT parameter the responder did not know
    unrecognized.Add("Host Name Address", [&](WireWriter& w) {
      return wire::HostNameAddressParameter::SerializeTo(w, "peer.example");
    });
    TlvList p;
    p.Add("State Cookie", [&](WireWriter& w) {
       return wire::StateCookieParameter::SerializeTo(w, cookie);
     })
        .Add("IPv4 Address", [&](WireWriter& w) {
          return wire::Ipv4AddressParameter::SerializeTo(w, ipv4_b);
        })
        .Add("Unrecognized Parameter", [&](WireWriter& w) {
          return wire::UnrecognizedParameterParameter::SerializeTo(
              w, unrecognized.view());
        });
    g.Packet("INIT ACK", kTag, p.ok() && unrecognized.ok(),
             [&](WireWriter& w) {
               wire::InitFields f = init_fields;
               f.initiate_tag = VerificationTag(0x55667788);
               f.initial_tsn = Tsn(5000);
               return wire::InitAckChunk::SerializeTo(w, f, p.view());
             });
  }

  // 5. SACK with gap blocks and duplicate TSNs.
  const std::array<wire::SackChunk::GapAckBlock, 2> gaps = {{{2, 3}, {5, 8}}};
  const std::array<Tsn, 2> dups = {Tsn(995), Tsn(998)};
  g.Packet("SACK", kTag, true, [&](WireWriter& w) {
    return wire::SackChunk::SerializeTo(w, Tsn(1000), 65536, gaps, dups);
  });

  // 6, 7. HEARTBEAT, HEARTBEAT ACK
  const std::array<uint8_t, 12> hb_info = {0, 0, 0, 1, 0x12, 0x34,
                                           0x56, 0x78, 9, 10, 11, 12};
  g.Packet("HEARTBEAT", kTag, true, [&](WireWriter& w) {
    return wire::HeartbeatRequestChunk::SerializeTo(w, hb_info);
  });
  g.Packet("HEARTBEAT ACK", kTag, true, [&](WireWriter& w) {
    return wire::HeartbeatAckChunk::SerializeTo(w, hb_info);
  });

  // 8. ABORT with several error causes.
  {
    TlvList c;
    c.Add("User-Initiated Abort", [&](WireWriter& w) {
       return wire::UserInitiatedAbortCause::SerializeTo(w, Text("bye"));
     })
        .Add("Protocol Violation", [&](WireWriter& w) {
          return wire::ProtocolViolationCause::SerializeTo(
              w, Text("unexpected chunk"));
        })
        .Add("Invalid Stream Identifier", [&](WireWriter& w) {
          return wire::InvalidStreamIdentifierCause::SerializeTo(w,
                                                                 StreamId(9));
        })
        .Add("No User Data", [&](WireWriter& w) {
          return wire::NoUserDataCause::SerializeTo(w, Tsn(1001));
        });
    g.Packet("ABORT", kTag, c.ok(), [&](WireWriter& w) {
      return wire::AbortChunk::SerializeTo(w, false, c.view());
    });
    g.Packet("ABORT (T bit, no cause)", kTag, true, [&](WireWriter& w) {
      return wire::AbortChunk::SerializeTo(w, true, {});
    });
  }

  // 10-11. SHUTDOWN, SHUTDOWN ACK
  g.Packet("SHUTDOWN", kTag, true, [&](WireWriter& w) {
    return wire::ShutdownChunk::SerializeTo(w, Tsn(1005));
  });
  g.Packet("SHUTDOWN ACK", kTag, true, [&](WireWriter& w) {
    return wire::ShutdownAckChunk::SerializeTo(w);
  });

  // 12. ERROR with every error cause we can build.
  {
    const std::array<uint16_t, 2> missing = {7, 9};
    const std::array<uint8_t, 8> unknown_chunk = {0x3f, 0x00, 0x00, 0x08,
                                                  1,    2,    3,    4};
    // An unrecognized parameter, type 0x3FFF.
    const std::array<uint8_t, 8> unknown_param_bytes = {0x3f, 0xff, 0x00, 0x08,
                                                        0xaa, 0xbb, 0xcc, 0xdd};
    TlvList c;
    c.Add("Invalid Stream Identifier", [&](WireWriter& w) {
       return wire::InvalidStreamIdentifierCause::SerializeTo(w, StreamId(3));
     })
        .Add("Missing Mandatory Parameter", [&](WireWriter& w) {
          return wire::MissingMandatoryParameterCause::SerializeTo(w, missing);
        })
        .Add("Stale Cookie", [&](WireWriter& w) {
          return wire::StaleCookieCause::SerializeTo(w, 250000);
        })
        .Add("Out of Resource", [&](WireWriter& w) {
          return wire::OutOfResourceCause::SerializeTo(w);
        })
        .Add("Unresolvable Address", [&](WireWriter& w) {
          return wire::UnresolvableAddressCause::SerializeTo(
              w, ipv6_param.view());
        })
        .Add("Unrecognized Chunk Type", [&](WireWriter& w) {
          return wire::UnrecognizedChunkTypeCause::SerializeTo(w,
                                                               unknown_chunk);
        })
        .Add("Invalid Mandatory Parameter", [&](WireWriter& w) {
          return wire::InvalidMandatoryParameterCause::SerializeTo(w);
        })
        .Add("Unrecognized Parameters", [&](WireWriter& w) {
          return wire::UnrecognizedParametersCause::SerializeTo(
              w, unknown_param_bytes);
        })
        .Add("No User Data", [&](WireWriter& w) {
          return wire::NoUserDataCause::SerializeTo(w, Tsn(1002));
        })
        .Add("Cookie Received While Shutting Down", [&](WireWriter& w) {
          return wire::CookieReceivedWhileShuttingDownCause::SerializeTo(w);
        })
        .Add("Restart With New Addresses", [&](WireWriter& w) {
          return wire::RestartWithNewAddressesCause::SerializeTo(
              w, ipv4_b_param.view());
        })
        .Add("User-Initiated Abort", [&](WireWriter& w) {
          return wire::UserInitiatedAbortCause::SerializeTo(w, Text("reason"));
        })
        .Add("Protocol Violation", [&](WireWriter& w) {
          return wire::ProtocolViolationCause::SerializeTo(w, Text("pv"));
        })
        .Add("Request to Delete Last Remaining IP Address", [&](WireWriter& w) {
          return wire::RequestToDeleteLastAddressCause::SerializeTo(
              w, delete_ip_param.view());
        })
        .Add("Operation Refused Due to Resource Shortage", [&](WireWriter& w) {
          return wire::OperationRefusedNoResourceCause::SerializeTo(
              w, delete_ip_param.view());
        })
        .Add("Request to Delete Source IP Address", [&](WireWriter& w) {
          return wire::RequestToDeleteSourceAddressCause::SerializeTo(
              w, delete_ip_param.view());
        })
        .Add("Association Aborted Due to Illegal ASCONF-ACK",
             [&](WireWriter& w) {
               return wire::IllegalAsconfAckCause::SerializeTo(w);
             })
        .Add("Request Refused - No Authorization", [&](WireWriter& w) {
          return wire::RequestRefusedNoAuthorizationCause::SerializeTo(
              w, delete_ip_param.view());
        })
        .Add("Unsupported HMAC Identifier", [&](WireWriter& w) {
          return wire::UnsupportedHmacIdentifierCause::SerializeTo(w, 2);
        });
    g.Packet("ERROR", kTag, c.ok(), [&](WireWriter& w) {
      return wire::ErrorChunk::SerializeTo(w, c.view());
    });
  }

  // 13-15. COOKIE ECHO, COOKIE ACK, SHUTDOWN COMPLETE (T clear and set)
  g.Packet("COOKIE ECHO", kTag, true, [&](WireWriter& w) {
    return wire::CookieEchoChunk::SerializeTo(w, cookie);
  });
  g.Packet("COOKIE ACK", kTag, true, [&](WireWriter& w) {
    return wire::CookieAckChunk::SerializeTo(w);
  });
  g.Packet("SHUTDOWN COMPLETE", kTag, true, [&](WireWriter& w) {
    return wire::ShutdownCompleteChunk::SerializeTo(w, false);
  });
  g.Packet("SHUTDOWN COMPLETE (T bit)", kTag, true, [&](WireWriter& w) {
    return wire::ShutdownCompleteChunk::SerializeTo(w, true);
  });

  // ECNE (8-byte form), CWR
  g.Packet("ECNE", kTag, true, [&](WireWriter& w) {
    return wire::EcneChunk::SerializeTo(w, Tsn(1003));
  });
  g.Packet("CWR", kTag, true, [&](WireWriter& w) {
    return wire::CwrChunk::SerializeTo(w, Tsn(1003));
  });

  // FORWARD TSN
  const std::array<wire::ForwardTsnChunk::SkippedStream, 2> fwd = {
      {{StreamId(1), Ssn(4)}, {StreamId(7), Ssn(65535)}}};
  g.Packet("FORWARD TSN", kTag, true, [&](WireWriter& w) {
    return wire::ForwardTsnChunk::SerializeTo(w, Tsn(1010), fwd);
  });

  // I-DATA: first fragment (B set: PPID), then a middle one (B clear: FSN).
  g.Packet("I-DATA (B)", kTag, true, [&](WireWriter& w) {
    wire::IDataChunk::Flags f;
    f.beginning = true;
    return wire::IDataChunk::SerializeTo(w, Tsn(2000), StreamId(2), Mid(17),
                                         Fsn(0), Ppid(53),
                                         Text("first fragment"), f);
  });
  g.Packet("I-DATA (not B)", kTag, true, [&](WireWriter& w) {
    wire::IDataChunk::Flags f;
    f.ending = true;
    f.unordered = true;
    f.immediate_ack = true;
    return wire::IDataChunk::SerializeTo(w, Tsn(2001), StreamId(2), Mid(17),
                                         Fsn(1), Ppid(0), Text("last one"), f);
  });

  // I-FORWARD-TSN
  const std::array<wire::IForwardTsnChunk::SkippedStream, 2> ifwd = {
      {{StreamId(2), false, Mid(17)}, {StreamId(3), true, Mid(99)}}};
  g.Packet("I-FORWARD-TSN", kTag, true, [&](WireWriter& w) {
    return wire::IForwardTsnChunk::SerializeTo(w, Tsn(2001), ifwd);
  });

  // RE-CONFIG: every request and response parameter (RFC 6525 §3.1 allows
  // at most two per chunk, so several packets).
  {
    const std::array<StreamId, 3> sids = {StreamId(1), StreamId(2),
                                          StreamId(5)};
    const std::array<StreamId, 1> one_sid = {StreamId(4)};
    TlvList a;
    a.Add("Outgoing SSN Reset Request", [&](WireWriter& w) {
       return wire::OutgoingSsnResetRequestParameter::SerializeTo(
           w, ReconfigRequestSn(100), ReconfigRequestSn(200), Tsn(1004),
           sids);
     })
        .Add("Incoming SSN Reset Request", [&](WireWriter& w) {
          return wire::IncomingSsnResetRequestParameter::SerializeTo(
              w, ReconfigRequestSn(101), one_sid);
        });
    g.Packet("RE-CONFIG (outgoing + incoming reset)", kTag, a.ok(),
             [&](WireWriter& w) {
               return wire::ReconfigChunk::SerializeTo(w, a.view());
             });
    TlvList b;
    b.Add("SSN/TSN Reset Request", [&](WireWriter& w) {
      return wire::SsnTsnResetRequestParameter::SerializeTo(
          w, ReconfigRequestSn(102));
    });
    g.Packet("RE-CONFIG (SSN/TSN reset)", kTag, b.ok(), [&](WireWriter& w) {
      return wire::ReconfigChunk::SerializeTo(w, b.view());
    });
    TlvList c;
    c.Add("Add Outgoing Streams Request", [&](WireWriter& w) {
       return wire::AddOutgoingStreamsRequestParameter::SerializeTo(
           w, ReconfigRequestSn(103), 4);
     })
        .Add("Add Incoming Streams Request", [&](WireWriter& w) {
          return wire::AddIncomingStreamsRequestParameter::SerializeTo(
              w, ReconfigRequestSn(104), 2);
        });
    g.Packet("RE-CONFIG (add streams)", kTag, c.ok(), [&](WireWriter& w) {
      return wire::ReconfigChunk::SerializeTo(w, c.view());
    });
    using R = wire::ReconfigurationResponseParameter::Result;
    TlvList d;
    d.Add("Re-configuration Response", [&](WireWriter& w) {
       return wire::ReconfigurationResponseParameter::SerializeTo(
           w, ReconfigRequestSn(200), R::kSuccessPerformed);
     })
        .Add("Re-configuration Response (TSNs)", [&](WireWriter& w) {
          return wire::ReconfigurationResponseParameter::SerializeTo(
              w, ReconfigRequestSn(201), R::kSuccessPerformed, Tsn(3000),
              Tsn(1006));
        });
    g.Packet("RE-CONFIG (responses)", kTag, d.ok(), [&](WireWriter& w) {
      return wire::ReconfigChunk::SerializeTo(w, d.view());
    });
    TlvList e;
    e.Add("Outgoing SSN Reset Request (all streams)", [&](WireWriter& w) {
       return wire::OutgoingSsnResetRequestParameter::SerializeTo(
           w, ReconfigRequestSn(105), ReconfigRequestSn(202), Tsn(1007), {});
     })
        .Add("Re-configuration Response (denied)", [&](WireWriter& w) {
          return wire::ReconfigurationResponseParameter::SerializeTo(
              w, ReconfigRequestSn(203), R::kDenied);
        });
    g.Packet("RE-CONFIG (request + response)", kTag, e.ok(),
             [&](WireWriter& w) {
               return wire::ReconfigChunk::SerializeTo(w, e.view());
             });
  }

  // AUTH (HMAC-SHA-1, 20 bytes), bundled before the DATA it protects.
  g.Packet(
      "AUTH", kTag, true,
      [&](WireWriter& w) {
        return wire::AuthChunk::SerializeTo(w, 0, 1, hmac_sha1);
      },
      [&](WireWriter& w) {
        return wire::DataChunk::SerializeTo(w, Tsn(1011), StreamId(0), Ssn(1),
                                            Ppid(0), Text("authenticated"),
                                            {});
      });

  // ASCONF: Add, Delete, Set Primary.
  {
    TlvList p;
    p.Add("Add IP Address", [&](WireWriter& w) {
       return wire::AddIpAddressParameter::SerializeTo(w, 1,
                                                       ipv6_param.view());
     })
        .Add("Delete IP Address", [&](WireWriter& w) {
          return wire::DeleteIpAddressParameter::SerializeTo(
              w, 2, ipv4_b_param.view());
        })
        .Add("Set Primary Address", [&](WireWriter& w) {
          return wire::SetPrimaryAddressParameter::SerializeTo(
              w, 3, ipv6_param.view());
        });
    g.Packet("ASCONF", kTag, p.ok(), [&](WireWriter& w) {
      return wire::AsconfChunk::SerializeTo(w, AsconfSerial(0x01020304),
                                            ipv4_param.view(), p.view());
    });
  }

  // ASCONF-ACK: Success Indication, Error Cause Indication.
  {
    TlvList causes;
    causes.Add("Request to Delete Last Remaining IP Address",
               [&](WireWriter& w) {
                 return wire::RequestToDeleteLastAddressCause::SerializeTo(
                     w, delete_ip_param.view());
               });
    TlvList p;
    p.Add("Success Indication", [&](WireWriter& w) {
       return wire::SuccessIndicationParameter::SerializeTo(w, 1);
     })
        .Add("Error Cause Indication", [&](WireWriter& w) {
          return wire::ErrorCauseIndicationParameter::SerializeTo(
              w, 2, causes.view());
        });
    g.Packet("ASCONF-ACK", kTag, p.ok() && causes.ok(), [&](WireWriter& w) {
      return wire::AsconfAckChunk::SerializeTo(w, AsconfSerial(0x01020304),
                                               p.view());
    });
  }

  // PAD, bundled before a HEARTBEAT (RFC 4820 §3 uses it for PMTU probes).
  g.Packet(
      "PAD", kTag, true,
      [&](WireWriter& w) { return wire::PadChunk::SerializeTo(w, 200); },
      [&](WireWriter& w) {
        return wire::HeartbeatRequestChunk::SerializeTo(w, hb_info);
      });

  // NR-SACK
  {
    const std::array<wire::NrSackChunk::GapAckBlock, 1> nr_gaps = {{{2, 2}}};
    g.Packet("NR-SACK", kTag, true, [&](WireWriter& w) {
      return wire::NrSackChunk::SerializeTo(w, Tsn(1000), 65536, gaps,
                                            nr_gaps, dups);
    });
  }

  // SACK bundled with several DATA chunks (one a first fragment, one
  // unordered, one with an odd length to exercise padding).
  g.Packet(
      "SACK + DATA bundle", kTag, true,
      [&](WireWriter& w) {
        return wire::SackChunk::SerializeTo(w, Tsn(5000), 100000, {}, {});
      },
      [&](WireWriter& w) {
        return wire::DataChunk::SerializeTo(w, Tsn(1012), StreamId(0), Ssn(2),
                                            Ppid(51), Text("abc"), {});
      },
      [&](WireWriter& w) {
        wire::DataChunk::Flags f;
        f.ending = false;
        return wire::DataChunk::SerializeTo(w, Tsn(1013), StreamId(1), Ssn(3),
                                            Ppid(51), Text("first part"), f);
      },
      [&](WireWriter& w) {
        wire::DataChunk::Flags f;
        f.unordered = true;
        f.immediate = true;
        return wire::DataChunk::SerializeTo(w, Tsn(1014), StreamId(2), Ssn(0),
                                            Ppid(53), Text("unordered!"), f);
      });

  if (g.failed()) {
    return 1;
  }
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "golden_packets: cannot open %s\n", path);
    return 1;
  }
  const auto& bytes = g.pcap().bytes();
  const bool written =
      std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  if (std::fclose(f) != 0 || !written) {
    std::fprintf(stderr, "golden_packets: cannot write %s\n", path);
    return 1;
  }
  std::printf("golden_packets: %zu packets written to %s\n", g.count(), path);
  return 0;
}

}  // namespace
}  // namespace dpsctp

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "Usage: golden_packets OUT.pcap\n");
    return 2;
  }
  return dpsctp::Run(argv[1]);
}
