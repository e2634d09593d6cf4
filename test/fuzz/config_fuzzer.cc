// dpsctpd's YAML loader on arbitrary text: it must return a configuration
// or a ConfigError, never crash or throw; and what it accepts must print
// (yaml_writer) to text that loads back to the same configuration.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/yaml_loader.h"
#include "config/yaml_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dpsctp::config;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = LoadConfigString(text, "fuzz.yaml");
  if (!loaded) {
    // Every refusal says why.
    if (loaded.error().message.empty()) std::abort();
    return 0;
  }
  const std::string printed = ToYaml(*loaded);
  auto again = LoadConfigString(printed, "printed.yaml");
  if (!again || !(*again == *loaded)) std::abort();
  return 0;
}
