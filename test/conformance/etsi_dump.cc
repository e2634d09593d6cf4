// Prints the result of every ETSI TS 102 369 script against our endpoint:
// "<group>/<script> <status> <reason>". For working on the conformance
// table (docs/conformance.md); the test itself is etsi_test.cc.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "test/conformance/endpoint_sut.h"
#include "test/support/packetdrill/corpus_dir.h"
#include "test/support/packetdrill/runner.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string define = argc > 1 ? argv[1] : "FreeBSD";
  fs::path root = fs::path(DPSCTP_PACKETDRILL_CORPUS_DIR) / "etsi-ts102369-packetdrill";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".pkt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    if (getenv("ONLY") && f.stem().string() != getenv("ONLY")) continue;
    dpsctp::conformance::EndpointSut sut;
    dpsctp::packetdrill::ParseOptions po;
    po.defines = {define};
    auto r = dpsctp::packetdrill::RunScriptFile(f.string(), sut, po, {});
    std::printf("%s %s\n", f.stem().c_str(), r.ToString().c_str());
  }
  return 0;
}
