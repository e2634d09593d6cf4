#include "chunk_fields.h"

#include <optional>

#include "parameter_fields.h"
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
#include "wire/chunk_type.h"

namespace dpsctp::dump {
namespace {

using wire::ChunkType;

// Parses with View::Parse and, if it succeeds, writes the fields.
template <typename View, typename Fn>
bool WithView(std::span<const uint8_t> chunk, JsonWriter& out, Fn fn) {
  std::optional<View> view = View::Parse(chunk);
  if (!view) {
    return false;
  }
  fn(*view, out);
  return true;
}

// SACK and NR-SACK share the Duplicate TSN list (RFC 9260 §3.3.4).
void WriteDuplicateTsns(const auto& sack, JsonWriter& out) {
  out.BeginArray("duplicate_tsns");
  for (size_t i = 0; i < sack.duplicate_tsn_count(); ++i) {
    out.NumElement(sack.duplicate_tsn(i).value());
  }
  out.End();
}

void WriteGapBlocks(std::string_view key, size_t count, auto get,
                    JsonWriter& out) {
  out.BeginArray(key);
  for (size_t i = 0; i < count; ++i) {
    auto b = get(i);
    out.BeginArrayElement().NumElement(b.start).NumElement(b.end).End();
  }
  out.End();
}

void WriteInitFields(const auto& c, JsonWriter& j) {
  j.Num("initiate_tag", c.initiate_tag().value())
      .Num("a_rwnd", c.a_rwnd())
      .Num("outbound_streams", c.outbound_streams())
      .Num("inbound_streams", c.inbound_streams())
      .Num("initial_tsn", c.initial_tsn().value());
  WriteParameterList("parameters", c.parameters(), j);
}

}  // namespace

bool DescribeChunk(uint8_t type, std::span<const uint8_t> chunk,
                   JsonWriter& out) {
  switch (static_cast<ChunkType>(type)) {
    case ChunkType::kData:
      return WithView<wire::DataChunk>(
          chunk, out, [](const wire::DataChunk& c, JsonWriter& j) {
            j.Num("tsn", c.tsn().value())
                .Num("stream", c.stream_id().value())
                .Num("ssn", c.ssn().value())
                .Num("ppid", c.ppid().value())
                .Bool("unordered", c.unordered())
                .Bool("beginning", c.beginning())
                .Bool("ending", c.ending())
                .Bool("immediate", c.immediate())
                .Num("payload_length", c.payload().size());
          });
    case ChunkType::kIData:
      return WithView<wire::IDataChunk>(
          chunk, out, [](const wire::IDataChunk& c, JsonWriter& j) {
            j.Num("tsn", c.tsn().value())
                .Num("stream", c.stream_id().value())
                .Num("mid", c.mid().value());
            // RFC 8260 §2.1: the field is the PPID on the first fragment
            // and the FSN on the others.
            if (c.beginning()) {
              j.Num("ppid", c.ppid().value());
            } else {
              j.Num("fsn", c.fsn().value());
            }
            j.Bool("unordered", c.unordered())
                .Bool("beginning", c.beginning())
                .Bool("ending", c.ending())
                .Bool("immediate", c.immediate_ack())
                .Num("payload_length", c.user_data().size());
          });
    case ChunkType::kSack:
      return WithView<wire::SackChunk>(
          chunk, out, [](const wire::SackChunk& c, JsonWriter& j) {
            j.Num("cumulative_tsn_ack", c.cumulative_tsn_ack().value())
                .Num("a_rwnd", c.a_rwnd());
            WriteGapBlocks(
                "gap_blocks", c.gap_ack_block_count(),
                [&](size_t i) { return c.gap_ack_block(i); }, j);
            WriteDuplicateTsns(c, j);
          });
    case ChunkType::kNrSack:
      return WithView<wire::NrSackChunk>(
          chunk, out, [](const wire::NrSackChunk& c, JsonWriter& j) {
            j.Num("cumulative_tsn_ack", c.cumulative_tsn_ack().value())
                .Num("a_rwnd", c.a_rwnd());
            WriteGapBlocks(
                "gap_blocks", c.gap_ack_block_count(),
                [&](size_t i) { return c.gap_ack_block(i); }, j);
            WriteGapBlocks(
                "nr_gap_blocks", c.nr_gap_ack_block_count(),
                [&](size_t i) { return c.nr_gap_ack_block(i); }, j);
            WriteDuplicateTsns(c, j);
          });
    case ChunkType::kForwardTsn:
      return WithView<wire::ForwardTsnChunk>(
          chunk, out, [](const wire::ForwardTsnChunk& c, JsonWriter& j) {
            j.Num("new_cumulative_tsn", c.new_cumulative_tsn().value());
            j.BeginArray("streams");
            for (size_t i = 0; i < c.skipped_stream_count(); ++i) {
              auto s = c.skipped_stream(i);
              j.BeginObjectElement()
                  .Num("stream", s.stream_id.value())
                  .Num("ssn", s.ssn.value())
                  .End();
            }
            j.End();
          });
    case ChunkType::kIForwardTsn:
      return WithView<wire::IForwardTsnChunk>(
          chunk, out, [](const wire::IForwardTsnChunk& c, JsonWriter& j) {
            j.Num("new_cumulative_tsn", c.new_cumulative_tsn().value());
            j.BeginArray("streams");
            for (size_t i = 0; i < c.skipped_stream_count(); ++i) {
              auto s = c.skipped_stream(i);
              j.BeginObjectElement()
                  .Num("stream", s.stream_id.value())
                  .Bool("unordered", s.unordered)
                  .Num("mid", s.mid.value())
                  .End();
            }
            j.End();
          });
    case ChunkType::kAuth:
      return WithView<wire::AuthChunk>(
          chunk, out, [](const wire::AuthChunk& c, JsonWriter& j) {
            j.Num("shared_key_id", c.shared_key_id())
                .Num("hmac_id", c.hmac_id())
                .Num("hmac_length", c.hmac().size());
          });
    case ChunkType::kReconfig:
      return WithView<wire::ReconfigChunk>(
          chunk, out, [](const wire::ReconfigChunk& c, JsonWriter& j) {
            WriteParameterList("parameters", c.parameters(), j);
          });
    case ChunkType::kInit:
      return WithView<wire::InitChunk>(
          chunk, out, [](const wire::InitChunk& c, JsonWriter& j) {
            WriteInitFields(c, j);
          });
    case ChunkType::kInitAck:
      return WithView<wire::InitAckChunk>(
          chunk, out, [](const wire::InitAckChunk& c, JsonWriter& j) {
            WriteInitFields(c, j);
          });
    case ChunkType::kHeartbeat:
      return WithView<wire::HeartbeatRequestChunk>(
          chunk, out, [](const wire::HeartbeatRequestChunk& c, JsonWriter& j) {
            WriteParameterList("parameters", c.parameters(), j);
          });
    case ChunkType::kHeartbeatAck:
      return WithView<wire::HeartbeatAckChunk>(
          chunk, out, [](const wire::HeartbeatAckChunk& c, JsonWriter& j) {
            WriteParameterList("parameters", c.parameters(), j);
          });
    case ChunkType::kAbort:
      return WithView<wire::AbortChunk>(
          chunk, out, [](const wire::AbortChunk& c, JsonWriter& j) {
            j.Bool("t_bit", c.t_bit());
            WriteCauseList("causes", c.error_causes(), j);
          });
    case ChunkType::kError:
      return WithView<wire::ErrorChunk>(
          chunk, out, [](const wire::ErrorChunk& c, JsonWriter& j) {
            WriteCauseList("causes", c.error_causes(), j);
          });
    case ChunkType::kShutdown:
      return WithView<wire::ShutdownChunk>(
          chunk, out, [](const wire::ShutdownChunk& c, JsonWriter& j) {
            j.Num("cumulative_tsn_ack", c.cumulative_tsn_ack().value());
          });
    case ChunkType::kShutdownAck:
      return WithView<wire::ShutdownAckChunk>(
          chunk, out, [](const wire::ShutdownAckChunk&, JsonWriter&) {});
    case ChunkType::kShutdownComplete:
      return WithView<wire::ShutdownCompleteChunk>(
          chunk, out, [](const wire::ShutdownCompleteChunk& c, JsonWriter& j) {
            j.Bool("t_bit", c.t_bit());
          });
    case ChunkType::kCookieEcho:
      return WithView<wire::CookieEchoChunk>(
          chunk, out, [](const wire::CookieEchoChunk& c, JsonWriter& j) {
            j.Num("cookie_length", c.cookie().size());
          });
    case ChunkType::kCookieAck:
      return WithView<wire::CookieAckChunk>(
          chunk, out, [](const wire::CookieAckChunk&, JsonWriter&) {});
    case ChunkType::kEcne:
      return WithView<wire::EcneChunk>(
          chunk, out, [](const wire::EcneChunk& c, JsonWriter& j) {
            j.Num("lowest_tsn", c.lowest_tsn().value());
            if (auto n = c.number_of_packets()) {
              j.Num("number_of_packets", *n);
            }
          });
    case ChunkType::kCwr:
      return WithView<wire::CwrChunk>(
          chunk, out, [](const wire::CwrChunk& c, JsonWriter& j) {
            j.Num("lowest_tsn", c.lowest_tsn().value());
          });
    case ChunkType::kAsconf:
      return WithView<wire::AsconfChunk>(
          chunk, out, [](const wire::AsconfChunk& c, JsonWriter& j) {
            j.Num("serial_number", c.sequence_number().value());
            // The Address parameter first, then the requests: wire order.
            j.BeginArray("parameters");
            WriteParameterElements(c.address_parameter(), j);
            WriteParameterElements(c.parameters(), j);
            j.End();
          });
    case ChunkType::kAsconfAck:
      return WithView<wire::AsconfAckChunk>(
          chunk, out, [](const wire::AsconfAckChunk& c, JsonWriter& j) {
            j.Num("serial_number", c.sequence_number().value());
            WriteParameterList("parameters", c.parameters(), j);
          });
    case ChunkType::kPad:
      return WithView<wire::PadChunk>(
          chunk, out, [](const wire::PadChunk& c, JsonWriter& j) {
            j.Num("padding_length", c.padding_data().size());
          });
    case ChunkType::kPktDrop:
      // Named, but not decoded: no codec, and this endpoint never
      // negotiates it. Falls through to the unrecognized-type action.
      break;
  }
  // RFC 9260 §3.2: what the upper two bits of an unknown type ask for.
  out.Str("action",
          wire::UnrecognizedActionName(wire::UnrecognizedChunkAction(type)));
  return true;
}

}  // namespace dpsctp::dump
