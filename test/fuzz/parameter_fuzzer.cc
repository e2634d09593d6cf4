// Runs every parameter and error cause view's parser on the same bytes
// (type and length patched to each view's), and walks the input as a TLV
// list (TlvIterator) checking that consumed bytes never exceed the input.
#include <array>
#include <cstdint>
#include <span>

#include "test/fuzz/all_views.h"
#include "test/fuzz/view_fuzz.h"
#include "wire/tlv_iterator.h"

namespace {
std::array<uint8_t, 65536> scratch;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dpsctp;
  std::span<const uint8_t> in(data, size);
  fuzz::ParameterViews::ForEach([&]<typename View>() {
    fuzz::ParseAs<View, 2>(in, scratch.data());
  });
  fuzz::ErrorCauseViews::ForEach([&]<typename View>() {
    fuzz::ParseAs<View, 2>(in, scratch.data());
  });
  wire::TlvIterator it(in);
  size_t total = 0;
  while (auto d = it.Next()) {
    DPSCTP_FUZZ_ASSERT(d->data.size() >= 4);
    DPSCTP_FUZZ_ASSERT(d->data.data() >= in.data() &&
                       d->data.data() + d->data.size() <= in.data() + in.size());
    total += d->data.size();
    DPSCTP_FUZZ_ASSERT(total <= size);
  }
  DPSCTP_FUZZ_ASSERT(it.offset() <= size);
  return 0;
}
