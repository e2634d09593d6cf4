// The conformance corpus (/work/shared/corpus/conformance, see its
// MANIFEST.md): every script parses, every inject line builds a packet
// lib/wire accepts, and every ETSI script is runnable but the two that need
// what the Sut interface does not have.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "buf/packet_view.h"
#include "crc/crc32c.h"
#include "test/support/packetdrill/corpus_dir.h"
#include "test/support/packetdrill/fake_sut.h"
#include "test/support/packetdrill/inject_builder.h"
#include "test/support/packetdrill/runner.h"
#include "test/support/packetdrill/script_parser.h"
#include "test/support/packetdrill/spec_catalog.h"
#include "wire/packet_parser.h"

namespace dpsctp::packetdrill {
namespace {

namespace fs = std::filesystem;

const char* const kEtsi = "etsi-ts102369-packetdrill";

// DPSCTP_CONFORMANCE_CORPUS overrides the path configured by meson.
fs::path CorpusDir() {
  const char* env = std::getenv("DPSCTP_CONFORMANCE_CORPUS");
  fs::path dir = env != nullptr ? env : DPSCTP_PACKETDRILL_CORPUS_DIR;
  if (!fs::is_directory(dir / kEtsi)) {
    FAIL("conformance corpus not found in "
         << dir << " (set DPSCTP_CONFORMANCE_CORPUS to its directory)");
  }
  return dir;
}

std::vector<fs::path> Scripts(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() == ".pkt") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What an inject line can refer to, as after a handshake.
TesterState HandshakeState() {
  TesterState s;
  s.tester_tags = {1};
  s.last_init_tag = 1;
  s.sut_tag = 0x1234abcd;
  s.sut_tag_binding = ValueBinding{2, 0x1234abcd};
  s.sut_tsn_binding = ValueBinding{1, 1000};
  s.cookie = std::vector<uint8_t>{1, 2, 3, 4, 5};
  s.heartbeat_info = std::vector<uint8_t>{0, 1, 0, 8, 1, 2, 3, 4};
  return s;
}

// Parses every script under `dir` with each define set and builds each of
// its inject lines. Returns the number of scripts per directory.
std::map<std::string, int> ParseAndBuildAll(const fs::path& dir) {
  std::map<std::string, int> per_group;
  for (const fs::path& path : Scripts(dir)) {
    ++per_group[path.parent_path().filename().string()];
    for (const char* os : {"FreeBSD", "Linux"}) {
      auto script = ParseScriptFile(path.string(), ParseOptions{{os}});
      INFO(path.string() << " (" << os
                         << "): " << (script ? "" : script.error().ToString()));
      REQUIRE(script.has_value());
      for (const Event& e : script->events) {
        const PacketEvent* p = e.packet();
        if (p == nullptr || p->protocol != "sctp") {
          continue;
        }
        INFO("line " << e.line);
        if (p->direction == Direction::kExpect) {
          for (const Value& chunk : p->chunks) {
            auto error = CheckSpec(chunk, SpecKind::kChunk);
            INFO(error.value_or(""));
            CHECK_FALSE(error.has_value());
          }
          continue;
        }
        auto built = BuildInjectPacket(*p, HandshakeState(), Ports{});
        INFO((built ? "" : built.error()));
        REQUIRE(built.has_value());
        buf::PacketView view(built->bytes);
        bool bad_crc =
            !p->header.empty() && p->header[0].value.is_symbol("bad_crc32c");
        CHECK((crc::VerifySctpChecksum(view) == crc::ChecksumVerdict::kGood) !=
              bad_crc);
        // Raw bytes may be malformed on purpose (sctp-imh-i-3-8).
        if (!p->raw_bytes) {
          auto parsed = wire::ParsePacket(view);
          INFO((parsed ? "" : wire::PacketErrorName(parsed.error())));
          CHECK(parsed.has_value());
        }
      }
    }
  }
  return per_group;
}

TEST_CASE("Corpus: every ETSI script parses and every inject line builds",
          "[fast]") {
  std::map<std::string, int> groups = ParseAndBuildAll(CorpusDir() / kEtsi);
  const std::map<std::string, int> expected = {
      {"sctp-a-tests", 3},   {"sctp-as-tests", 30}, {"sctp-at-tests", 16},
      {"sctp-bdc-tests", 8}, {"sctp-d-tests", 12},  {"sctp-dm-tests", 15},
      {"sctp-e-tests", 6},   {"sctp-fh-tests", 8},  {"sctp-imh-tests", 10},
      {"sctp-m-tests", 4},   {"sctp-rt-tests", 3},
  };
  CHECK(groups == expected);
}

TEST_CASE("Corpus: the nplab and sctp-idata scripts parse too", "[fast]") {
  fs::path dir = CorpusDir();
  std::map<std::string, int> nplab =
      ParseAndBuildAll(dir / "nplab-packetdrill-sctp");
  std::map<std::string, int> idata =
      ParseAndBuildAll(dir / "sctplab-sctp-idata-packetdrill");
  int total = 0;
  for (const auto& [group, count] : nplab) {
    total += count;
  }
  CHECK(total == 58);
  CHECK(idata["sctplab-sctp-idata-packetdrill"] == 148);
}

TEST_CASE("Corpus: all ETSI scripts are runnable but two", "[fast]") {
  // as-i-1-15 needs multi-homing (sctp_connectx); fh-o-5-3-5 injects from
  // a multicast source address.
  const std::set<std::string> known = {"sctp-as-i-1-15.pkt",
                                       "sctp-fh-o-5-3-5.pkt"};
  std::set<std::string> unsupported;
  for (const fs::path& path : Scripts(CorpusDir() / kEtsi)) {
    for (const char* os : {"FreeBSD", "Linux"}) {
      auto script = ParseScriptFile(path.string(), ParseOptions{{os}});
      REQUIRE(script.has_value());
      ScriptResult r = CheckScript(*script);
      if (!r.passed()) {
        INFO(path.filename().string() << ": " << r.ToString());
        CHECK(r.status == ScriptResult::Status::kUnsupported);
        unsupported.insert(path.filename().string());
      }
    }
  }
  CHECK(unsupported == known);
}

TEST_CASE("Corpus: the fake SUT passes the basic setup scripts", "[fast]") {
  fs::path dir = CorpusDir() / kEtsi;
  for (const char* name : {"sctp-as-tests/sctp-as-v-1-1-1.pkt",
                           "sctp-as-tests/sctp-as-v-1-1-2.pkt",
                           "sctp-as-tests/sctp-as-v-1-10-1.pkt",
                           "sctp-at-tests/sctp-at-v-2-2.pkt"}) {
    test::FakeSut sut;
    ScriptResult r = RunScriptFile((dir / name).string(), sut);
    INFO(name << ": " << r.ToString());
    CHECK(r.passed());
  }
}

}  // namespace
}  // namespace dpsctp::packetdrill
