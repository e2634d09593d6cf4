// The packetdrill Sut (test/support/packetdrill/sut.h) over one of our
// endpoints: socket calls of the ETSI scripts become the ULP primitives of
// RFC 9260 §10.1, packets go straight in and out, time is the runner's.
#ifndef DPSCTP_TEST_CONFORMANCE_ENDPOINT_SUT_H_
#define DPSCTP_TEST_CONFORMANCE_ENDPOINT_SUT_H_

#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "endpoint/endpoint.h"
#include "test/support/endpoint_pair.h"
#include "test/support/packetdrill/sut.h"

namespace dpsctp::conformance {

class EndpointSut final : public packetdrill::Sut, public endpoint::TxPort {
 public:
  // packetdrill's defaults: the SUT is 192.168.0.1, the tester 192.0.2.1.
  static constexpr IpAddress kSutAddress = IpAddress::V4(192, 168, 0, 1);
  static constexpr IpAddress kTesterAddress = IpAddress::V4(192, 0, 2, 1);

  EndpointSut();

  void Inject(TimePoint now, std::span<const uint8_t> packet) override;
  void AdvanceTo(TimePoint now) override;
  std::optional<TimePoint> NextTimerExpiry() const override;
  std::optional<std::vector<uint8_t>> PopSent() override;

  packetdrill::CallResult Listen(TimePoint now, uint16_t sut_port) override;
  packetdrill::CallResult Connect(TimePoint now, uint16_t sut_port,
                                  uint16_t tester_port) override;
  packetdrill::CallResult Accept(TimePoint now) override;
  packetdrill::CallResult CloseListener(TimePoint now) override;
  packetdrill::CallResult Close(TimePoint now) override;
  packetdrill::CallResult AbortClose(TimePoint now) override;
  packetdrill::CallResult ShutdownWrite(TimePoint now) override;
  packetdrill::CallResult Send(TimePoint now,
                               const packetdrill::SendRequest& request) override;
  packetdrill::CallResult Receive(TimePoint now, size_t max_length) override;
  packetdrill::CallResult SetOption(TimePoint now,
                                    const packetdrill::SocketOption& option) override;
  int TakeSocketError() override;
  bool RunCommand(TimePoint now, std::string_view command) override;
  std::optional<packetdrill::AssociationStatus> GetStatus() override;

  const endpoint::Endpoint& endpoint() const { return *endpoint_; }

 private:
  // endpoint::TxPort
  std::span<uint8_t> TxBuffer() noexcept override { return tx_buffer_; }
  void Transmit(std::span<const uint8_t> packet,
                const PacketAddresses& addresses) noexcept override;

  void DrainEvents();
  assoc::Association* Current();
  void ApplyOptions();

  test::SeededRandom random_{42};
  std::array<uint8_t, 9216> tx_buffer_{};
  std::deque<std::vector<uint8_t>> sent_;
  std::unique_ptr<endpoint::Endpoint> endpoint_;
  assoc::AssocOptions options_;
  std::optional<assoc::AssocId> current_;   // the connected or accepted one
  std::deque<assoc::AssocId> to_accept_;
  std::optional<assoc::AssocId> connecting_;
  uint16_t listen_port_ = 0;
  int socket_error_ = 0;
  bool peer_shutdown_ = false;   // SHUTDOWN received / completed: read() = 0
  bool reset_ = false;           // ABORT received: read() = ECONNRESET
};

}  // namespace dpsctp::conformance

#endif  // DPSCTP_TEST_CONFORMANCE_ENDPOINT_SUT_H_
