// A whole capture file, as dpsctp-dump reads it: pcap/pcapng records, L2/L3
// decoding, IP reassembly, then the SCTP packet parser and every chunk view.
// Properties: records and SCTP spans lie inside the input (or the
// reassembler's buffer), and the reader always ends (no record loops).
// Seeds: the corpus captures.
#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "buf/packet_view.h"
#include "capture/frame_decoder.h"
#include "capture/ip_reassembler.h"
#include "capture/pcap_reader.h"
#include "crc/crc32c.h"
#include "test/fuzz/all_views.h"
#include "test/fuzz/view_fuzz.h"
#include "wire/packet_parser.h"

namespace {

std::array<uint8_t, 65536> scratch;

void HandleSctp(std::span<const uint8_t> sctp) {
  using namespace dpsctp;
  buf::PacketView view(sctp);
  (void)crc::VerifySctpChecksum(view);
  auto parsed = wire::ParsePacket(view);
  if (!parsed) {
    return;
  }
  wire::ChunkCursor cursor(view);
  while (auto d = cursor.Next()) {
    auto bytes = wire::ChunkBytes(view, *d, scratch);
    DPSCTP_FUZZ_ASSERT(bytes.size() == d->length);
    fuzz::ChunkViews::ForEach([&]<typename View>() {
      if (View::kType == d->type) {
        if (auto v = View::Parse(bytes)) {
          (void)v->ToString();
        }
      }
    });
  }
}

bool Inside(std::span<const uint8_t> part, std::span<const uint8_t> whole) {
  return part.empty() || (part.data() >= whole.data() &&
                          part.data() + part.size() <=
                              whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dpsctp;
  std::span<const uint8_t> file(data, size);
  auto reader = capture::CaptureReader::Open(file);
  if (!reader) {
    return 0;
  }
  auto reassembler = std::make_unique<capture::IpReassembler>();
  uint64_t records = 0;
  while (auto record = reader->Next()) {
    DPSCTP_FUZZ_ASSERT(Inside(record->data, file));
    // Every record consumes at least its header: never more records than
    // bytes.
    DPSCTP_FUZZ_ASSERT(++records <= size);
    auto frame = capture::DecodeFrame(record->link_type, record->data);
    if (!frame) {
      continue;
    }
    if (frame->kind == capture::FrameKind::kSctp) {
      DPSCTP_FUZZ_ASSERT(Inside(frame->sctp.sctp, record->data));
      HandleSctp(frame->sctp.sctp);
      (void)capture::FormatAddress(frame->sctp.source);
    } else if (frame->kind == capture::FrameKind::kFragment) {
      if (auto datagram = reassembler->Add(frame->fragment)) {
        auto inner = capture::DecodeIpPayload(
            datagram->source, datagram->destination, datagram->protocol,
            datagram->payload, false);
        if (inner && inner->kind == capture::FrameKind::kSctp) {
          HandleSctp(inner->sctp.sctp);
        }
      }
    }
  }
  return 0;
}
