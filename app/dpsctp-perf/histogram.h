// A log-linear histogram of durations in nanoseconds: 32 linear buckets
// per power of two (at most 1/32 = 3.1 % relative error), preallocated, so
// that recording a round trip costs a few instructions and no allocation.
// Min, max and the sum are exact; percentiles are the middle of their
// bucket, clamped to [min, max].
#ifndef DPSCTP_APP_DPSCTP_PERF_HISTOGRAM_H_
#define DPSCTP_APP_DPSCTP_PERF_HISTOGRAM_H_

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>

namespace dpsctp::perf {

class LatencyHistogram {
 public:
  static constexpr int kSubBits = 5;
  static constexpr uint64_t kSub = uint64_t{1} << kSubBits;
  static constexpr int kMaxExponent = 44;  // up to 2^44 ns (~4.9 h)
  static constexpr size_t kBuckets = (kMaxExponent - kSubBits + 2) * kSub;

  void Record(uint64_t ns) noexcept {
    ns = std::min<uint64_t>(ns, (uint64_t{1} << kMaxExponent) - 1);
    ++buckets_[Index(ns)];
    ++count_;
    sum_ += ns;
    min_ = std::min(min_, ns);
    max_ = std::max(max_, ns);
  }

  void Merge(const LatencyHistogram& o) noexcept {
    for (size_t i = 0; i < kBuckets; ++i) buckets_[i] += o.buckets_[i];
    count_ += o.count_;
    sum_ += o.sum_;
    min_ = std::min(min_, o.min_);
    max_ = std::max(max_, o.max_);
  }

  uint64_t count() const noexcept { return count_; }
  uint64_t min() const noexcept { return count_ == 0 ? 0 : min_; }
  uint64_t max() const noexcept { return max_; }
  double mean() const noexcept {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_) / count_;
  }

  // The value below which `fraction` (0..1) of the samples lie.
  uint64_t Percentile(double fraction) const noexcept {
    if (count_ == 0) return 0;
    uint64_t rank = static_cast<uint64_t>(fraction * count_ + 0.5);
    rank = std::clamp<uint64_t>(rank, 1, count_);
    uint64_t seen = 0;
    for (size_t i = 0; i < kBuckets; ++i) {
      seen += buckets_[i];
      if (seen >= rank) {
        return std::clamp(Middle(i), min(), max_);
      }
    }
    return max_;
  }

 private:
  static size_t Index(uint64_t v) noexcept {
    if (v < kSub) return static_cast<size_t>(v);
    const int e = std::bit_width(v) - 1;  // >= kSubBits
    const uint64_t sub = (v >> (e - kSubBits)) & (kSub - 1);
    return static_cast<size_t>((e - kSubBits + 1) * kSub + sub);
  }
  static uint64_t Middle(size_t index) noexcept {
    if (index < kSub) return index;
    const int e = static_cast<int>(index / kSub) + kSubBits - 1;
    const uint64_t sub = index % kSub;
    const uint64_t width = uint64_t{1} << (e - kSubBits);
    return (uint64_t{1} << e) + sub * width + width / 2;
  }

  std::array<uint64_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  uint64_t sum_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
};

}  // namespace dpsctp::perf

#endif  // DPSCTP_APP_DPSCTP_PERF_HISTOGRAM_H_
