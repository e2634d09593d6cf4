#include "app/common/peer_text.h"

#include "app/common/json.h"

namespace dpsctp::app {

std::string PeerText(const assoc::Association* a) {
  if (a == nullptr) return "?";
  std::string text;
  for (const assoc::Path& p : a->paths()) {
    if (!text.empty()) text += ',';
    text += p.address.is_v6() ? "[" + p.address.ToString() + "]"
                              : p.address.ToString();
  }
  return text + ":" + std::to_string(a->peer_port());
}

std::string PeerAddressesJson(const assoc::Association* a) {
  std::string out = "[";
  if (a != nullptr) {
    for (const assoc::Path& p : a->paths()) {
      if (out.size() > 1) out += ',';
      out += JsonQuote(p.address.ToString());
    }
  }
  return out + "]";
}

}  // namespace dpsctp::app
