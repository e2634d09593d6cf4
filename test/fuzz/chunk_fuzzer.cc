// Runs every chunk view's parser on the same bytes (type and length patched
// to each view's), then walks the input as a list of chunks the way the
// packet parser does. Seeds: usrsctp's CORPUS_CONNECT/FRAGMENT (chunk bytes
// after one byte of harness flags).
#include <array>
#include <cstdint>
#include <span>

#include "test/fuzz/all_views.h"
#include "test/fuzz/view_fuzz.h"
#include "wire/chunk_type.h"
#include "wire/tlv_iterator.h"

namespace {
std::array<uint8_t, 65536> scratch;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dpsctp;
  if (size < 1) {
    return 0;
  }
  std::span<const uint8_t> body(data + 1, size - 1);
  fuzz::ChunkViews::ForEach([&]<typename View>() {
    fuzz::ParseAs<View, 1>(body, scratch.data());
  });
  // Nested lists inside any chunk body.
  if (body.size() > 4) {
    (void)wire::ValidateTlvList(body.subspan(4));
  }
  return 0;
}
