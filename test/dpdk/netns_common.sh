# Sourced by the network-namespace tests (netns_test.sh,
# test/app/dpsctpd_netns_test.sh): a veth pair from the root namespace into
# the namespace $ns, made by the caller. Needs ns, veth_root, veth_peer and
# peer_ip; setup() brings the link up with the peer end at $peer_ip/24.
in_ns() { ip netns exec "$ns" "$@"; }
# Writes a sysctl through /proc/sys (no procps needed); in the namespace
# when the first argument is "ns".
set_sysctl() {
  if [ "$1" = ns ]; then
    in_ns sh -c "echo $3 > /proc/sys/$2"
  else
    echo "$2" >"/proc/sys/$1"
  fi
}

# --- the link -----------------------------------------------------------
setup() {
  ip link add "$veth_root" type veth peer name "$veth_peer" || return 1
  # IPv6 off before the link comes up: no link-local address, no DAD, no
  # router solicitation or MLD report on the wire.
  set_sysctl "net/ipv6/conf/$veth_root/disable_ipv6" 1 || return 1
  ip link set "$veth_peer" netns "$ns" || return 1
  set_sysctl ns net/ipv6/conf/all/disable_ipv6 1 || return 1
  set_sysctl ns net/ipv6/conf/default/disable_ipv6 1 || return 1
  set_sysctl ns "net/ipv6/conf/$veth_peer/disable_ipv6" 1 || return 1
  # The kernel here has no SCTP module: it answers SCTP packets that no raw
  # socket takes (usrsctp's or the scapy peer's, also when its queue is
  # full) with ICMP protocol unreachable, which the endpoint must treat as
  # an ABORT (RFC 9260 Appendix C). No rate-limited ICMP errors leave the
  # namespace (per-namespace sysctls; echo replies are not rate-limited).
  set_sysctl ns net/ipv4/icmp_msgs_per_sec 0 || return 1
  set_sysctl ns net/ipv4/icmp_msgs_burst 0 || return 1
  ethtool -K "$veth_root" tx off >/dev/null || return 1
  in_ns ethtool -K "$veth_peer" tx off >/dev/null || return 1
  in_ns ip addr add "$peer_ip/24" dev "$veth_peer" || return 1
  in_ns ip link set lo up || return 1
  in_ns ip link set "$veth_peer" up || return 1
  ip link set "$veth_root" up || return 1
}
