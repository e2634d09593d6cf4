// dpsctpd: the SCTP endpoint, gateway and forwarder (CLI.md).
#include <cstdio>
#include <string>
#include <vector>

#include "app/common/runtime_options.h"
#include "app/dpsctpd/cli.h"
#include "app/dpsctpd/runtime.h"
#include "config/yaml_writer.h"

int main(int argc, char** argv) {
  using namespace dpsctp;
  app::KeepFreedMemory();
  std::vector<std::string> args(argv, argv + argc);
  config::AppConfig config;
  auto cl = dpsctpd::ParseCommandLine(args, config);
  if (!cl) {
    std::fprintf(stderr, "dpsctpd: %s\n", cl.error().message.c_str());
    return 2;
  }
  if (cl->help) {
    std::fputs(dpsctpd::HelpText().c_str(), stdout);
    return 0;
  }
  if (cl->version) {
    std::printf("dpsctpd %s\n", DPSCTP_VERSION);
    return 0;
  }
  if (cl->print_config) {
    std::fputs(config::ToYaml(config).c_str(), stdout);
    return 0;
  }
  if (auto problem = dpsctpd::CheckConfig(config)) {
    std::fprintf(stderr, "dpsctpd: %s\n", problem->c_str());
    return 2;
  }
  if (cl->check) {
    if (cl->json) {
      std::printf("{\"type\":\"check\",\"ok\":true,\"interfaces\":%zu,"
                  "\"endpoints\":%zu,\"associations\":%zu,\"routes\":%zu}\n",
                  config.interfaces.size(), config.endpoints.size(),
                  config.associations.size(), config.routes.size());
    } else {
      std::printf("configuration OK: %zu interface(s), %zu endpoint(s), %zu "
                  "association(s), %zu route(s)\n",
                  config.interfaces.size(), config.endpoints.size(),
                  config.associations.size(), config.routes.size());
    }
    return 0;
  }
  dpsctpd::RunOptions options;
  options.json = cl->json;
  options.stop_when_outbound_done = cl->quick_connect;
  return dpsctpd::Run(config, options);
}
