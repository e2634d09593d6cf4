// FakeSut: a toy SCTP endpoint for testing the packetdrill runner without
// the real stack. It does the handshake both ways (answering an INIT with a
// fixed INIT ACK and a COOKIE ECHO with a COOKIE ACK), one-chunk DATA/SACK,
// HEARTBEAT ACK, ABORT and the shutdown sequence, with one retransmission
// timer of fixed RTO. Nothing else: no congestion control, no bundling, no
// real cookie (it accepts any COOKIE ECHO with its tag).
//
// Faults can be switched on, one per kind of failure the runner must
// report: a wrong field, a missing, late, duplicated or corrupted packet.
#ifndef DPSCTP_TEST_SUPPORT_PACKETDRILL_FAKE_SUT_H_
#define DPSCTP_TEST_SUPPORT_PACKETDRILL_FAKE_SUT_H_

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/time.h"
#include "test/support/packetdrill/sut.h"

namespace dpsctp::packetdrill::test {

class FakeSut : public Sut {
 public:
  struct Options {
    uint32_t tag = 0x1234abcd;  // its Initiate Tag
    uint32_t initial_tsn = 1000;
    uint32_t a_rwnd = 65536;
    uint16_t streams = 1;  // outbound and inbound
    Duration rto = Duration::Seconds(1);
    int max_retransmissions = 8;

    // Faults.
    Duration reply_delay = Duration::Zero();  // everything sent this late
    bool ignore_init = false;                 // no INIT ACK
    bool duplicate_cookie_ack = false;
    bool corrupt_checksum = false;
    bool wrong_verification_tag = false;  // after the handshake
  };

  explicit FakeSut(Options options) : options_(options) {}
  FakeSut() : FakeSut(Options{}) {}

  void Inject(TimePoint now, std::span<const uint8_t> packet) override;
  void AdvanceTo(TimePoint now) override;
  std::optional<TimePoint> NextTimerExpiry() const override;
  std::optional<std::vector<uint8_t>> PopSent() override;

  CallResult Listen(TimePoint now, uint16_t sut_port) override;
  CallResult Connect(TimePoint now, uint16_t sut_port,
                     uint16_t tester_port) override;
  CallResult Accept(TimePoint now) override;
  CallResult CloseListener(TimePoint now) override;
  CallResult Close(TimePoint now) override;
  CallResult AbortClose(TimePoint now) override;
  CallResult ShutdownWrite(TimePoint now) override;
  CallResult Send(TimePoint now, const SendRequest& request) override;
  CallResult Receive(TimePoint now, size_t max_length) override;
  CallResult SetOption(TimePoint now, const SocketOption& option) override;
  int TakeSocketError() override;
  std::optional<AssociationStatus> GetStatus() override;
  bool RunCommand(TimePoint now, std::string_view command) override;

  // What the runner did, for assertions.
  std::vector<std::string> calls;

 private:
  enum class State : uint8_t {
    kClosed,
    kCookieWait,
    kCookieEchoed,
    kEstablished,
    kShutdownSent,
    kShutdownAckSent,
  };
  struct Pending {
    TimePoint due;
    std::vector<uint8_t> bytes;
  };

  // Sends one chunk (already serialized) with `tag`, after reply_delay.
  void SendChunk(TimePoint now, std::span<const uint8_t> chunk, uint32_t tag);
  // Sends it and keeps it for retransmission by the timer.
  void SendReliably(TimePoint now, std::vector<uint8_t> chunk, uint32_t tag);
  void StopTimer() { timer_.reset(); }
  void HandleChunk(TimePoint now, uint32_t tag, std::span<const uint8_t> chunk);
  uint32_t PeerTag() const {
    return options_.wrong_verification_tag ? peer_tag_ + 1 : peer_tag_;
  }

  Options options_;
  uint16_t local_port_ = 0;
  uint16_t peer_port_ = 0;
  bool listening_ = false;
  bool accept_pending_ = false;
  State state_ = State::kClosed;
  uint32_t peer_tag_ = 0;
  uint32_t next_tsn_ = 0;
  uint16_t ssn_ = 0;
  std::optional<uint32_t> peer_cum_tsn_;
  bool peer_shut_down_ = false;
  int socket_error_ = 0;
  std::deque<size_t> received_;  // message lengths
  std::deque<Pending> outbox_;
  std::deque<std::vector<uint8_t>> sent_;
  // The chunk the timer retransmits, its tag and the timer.
  std::vector<uint8_t> retransmit_chunk_;
  uint32_t retransmit_tag_ = 0;
  std::optional<TimePoint> timer_;
  int retransmissions_ = 0;
  bool shutdown_after_ack_ = false;  // shutdown() with data outstanding
};

}  // namespace dpsctp::packetdrill::test

#endif  // DPSCTP_TEST_SUPPORT_PACKETDRILL_FAKE_SUT_H_
