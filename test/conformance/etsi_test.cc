// Runs every ETSI TS 102 369 packetdrill script against our endpoint and
// checks each result against docs/conformance.md, which is therefore the
// test's expectation: a changed result, a script missing from the tables,
// or a row without a script all fail.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "test/conformance/conformance_doc.h"
#include "test/conformance/endpoint_sut.h"
#include "test/support/packetdrill/corpus_dir.h"
#include "test/support/packetdrill/runner.h"

namespace dpsctp::conformance {
namespace {

namespace fs = std::filesystem;

struct Row {
  std::string status;
  std::string note;
};

std::map<std::string, Row> ReadTable() {
  std::ifstream in(DPSCTP_CONFORMANCE_DOC);
  REQUIRE(in.good());
  std::map<std::string, Row> rows;
  std::regex row(R"(^\| (sctp-[a-z0-9-]+) \| [^|]* \| ([^|]+) \| ([^|]*) \|$)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, row)) {
      std::string status = m[2];
      status.erase(status.find_last_not_of(' ') + 1);
      rows[m[1]] = Row{status, m[3]};
    }
  }
  return rows;
}

std::map<std::string, fs::path> Scripts() {
  const char* env = std::getenv("DPSCTP_CONFORMANCE_CORPUS");
  fs::path root = fs::path(env ? env : DPSCTP_PACKETDRILL_CORPUS_DIR) /
                  "etsi-ts102369-packetdrill";
  REQUIRE(fs::is_directory(root));
  std::map<std::string, fs::path> scripts;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".pkt") scripts[e.path().stem().string()] = e.path();
  }
  return scripts;
}

packetdrill::ScriptResult Run(const fs::path& script, const std::string& define) {
  EndpointSut sut;
  packetdrill::ParseOptions options;
  options.defines = {define};
  return packetdrill::RunScriptFile(script.string(), sut, options, {});
}

TEST_CASE("ETSI TS 102 369: every test purpose is in docs/conformance.md", "[conformance]") {
  std::map<std::string, Row> rows = ReadTable();
  std::map<std::string, fs::path> scripts = Scripts();
  CHECK(rows.size() == 121);
  CHECK(scripts.size() == 115);
  for (const auto& [name, path] : scripts) {
    INFO(name);
    CHECK(rows.count(name) == 1);
  }
  for (const auto& [name, row] : rows) {
    INFO(name << ": " << row.status);
    bool has_script = scripts.count(name) == 1;
    CHECK(has_script == (row.status != "no script"));
    CHECK((row.status == "pass" || row.status == "pass (Linux variant)" ||
           row.status == "not yet" || row.status == "not applicable" ||
           row.status == "no script" || row.status == "differs (RFC 9260)"));
    if (row.status != "pass" && row.status != "pass (Linux variant)") {
      CHECK(row.note.size() > 20);  // every exception is explained
    }
  }
}

TEST_CASE("ETSI TS 102 369: each script's result is the documented one", "[conformance]") {
  std::map<std::string, Row> rows = ReadTable();
  for (const auto& [name, path] : Scripts()) {
    auto it = rows.find(name);
    if (it == rows.end()) continue;  // reported by the test above
    const Row& row = it->second;
    bool linux_variant = row.status == "pass (Linux variant)";
    packetdrill::ScriptResult r = Run(path, linux_variant ? "Linux" : "FreeBSD");
    INFO(name << " (" << row.status << "): " << r.ToString());
    if (row.status == "pass" || linux_variant) {
      CHECK(r.passed());
    } else {
      // "not yet", "not applicable" and "differs" must not pass silently:
      // once they do, the table is updated.
      CHECK_FALSE(r.passed());
    }
  }
}

}  // namespace
}  // namespace dpsctp::conformance
