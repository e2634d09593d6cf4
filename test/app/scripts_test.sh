#!/usr/bin/env bash
# Checks scripts/hugepages.sh and scripts/bind-nic.sh without changing the
# machine: syntax, shellcheck, --help, the read-only --show/--status, usage
# errors (exit 2), refusals (exit 1), and reservations written into a fake
# sysfs tree. Nothing here reserves real hugepages or rebinds a device.
# Prints "ok - ..." / "FAIL - ..." per check and a closing count.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
hp=$repo/scripts/hugepages.sh
bn=$repo/scripts/bind-nic.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "FAIL - $*"; failed=$((failed + 1)); }
skip() { echo "skip - $*"; }
# contains NAME PATTERN TEXT / equals NAME GOT WANT / check NAME CMD...
contains() {
  if grep -qE -- "$2" <<<"$3"; then ok "$1"; else not_ok "$1 (no /$2/ in: $(head -3 <<<"$3" | tr '\n' ' '))"; fi
}
equals() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got '$2', want '$3')"; fi; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }

# run CMD...: sets rc, out (stdout) and err (stderr).
run() {
  "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}

# expect NAME RC [PATTERN [STREAM]]: the last run exited RC and, if given,
# PATTERN (extended regex) is in stdout (STREAM=out) or stderr (err).
expect() {
  local name=$1 want=$2 pattern=${3:-} stream=${4:-out} text
  if [ "$rc" != "$want" ]; then
    not_ok "$name (exit $rc, want $want; stderr: $(head -2 <<<"$err" | tr '\n' ' '))"
    return
  fi
  if [ -n "$pattern" ]; then
    if [ "$stream" = err ]; then text=$err; else text=$out; fi
    if ! grep -qE -- "$pattern" <<<"$text"; then
      not_ok "$name (no /$pattern/ in std$stream: $(head -3 <<<"$text" | tr '\n' ' '))"
      return
    fi
  fi
  ok "$name"
}

# --- both scripts: syntax and lint ---------------------------------------
for s in "$hp" "$bn"; do
  name=${s#"$repo"/}
  if [ -x "$s" ]; then ok "$name is executable"; else not_ok "$name is executable"; fi
  if bash -n "$s" 2>"$tmp/err"; then ok "bash -n $name"; else not_ok "bash -n $name: $(cat "$tmp/err")"; fi
  if command -v shellcheck >/dev/null; then
    if shellcheck "$s" >"$tmp/out" 2>&1; then
      ok "shellcheck $name"
    else
      not_ok "shellcheck $name: $(head -5 "$tmp/out" | tr '\n' ' ')"
    fi
  else
    skip "shellcheck $name (shellcheck not installed)"
  fi
done

# --- hugepages.sh --------------------------------------------------------
run "$hp" --help
expect "hugepages.sh --help" 0 "Usage:"
for o in --pages --size --node --mount --show --release; do
  contains "hugepages.sh --help documents $o" "$o" "$out"
done

run "$hp" --show
expect "hugepages.sh --show (this machine)" 0 "^hugepage pools:"
contains "hugepages.sh --show lists mounts" "^hugetlbfs mounts:" "$out"

while IFS='|' read -r args why; do
  # shellcheck disable=SC2086  # the arguments are meant to split
  run "$hp" $args
  expect "hugepages.sh $args: exit 2 ($why)" 2 "." err
done <<'EOF'
--bogus|unknown option
--pages|missing value
--pages many|not a number
--pages -3|negative
--size 4M|bad page size
--node x|bad node
--show --pages 4|--show with another option
--release --pages 4|--release with --pages
EOF

# A fake sysfs/procfs: two nodes, 2M and 1G pools, both mounted.
fake=$tmp/fake
mkdir -p "$fake/proc/sys/vm"
for kb in 2048 1048576; do
  d=$fake/sys/kernel/mm/hugepages/hugepages-${kb}kB
  mkdir -p "$d"
  for f in nr_hugepages free_hugepages resv_hugepages surplus_hugepages; do echo 0 >"$d/$f"; done
  for n in 0 1; do
    d=$fake/sys/devices/system/node/node$n/hugepages/hugepages-${kb}kB
    mkdir -p "$d"
    for f in nr_hugepages free_hugepages surplus_hugepages; do echo 0 >"$d/$f"; done
  done
done
echo 4 >"$fake/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages"
echo "Hugepagesize:       2048 kB" >"$fake/proc/meminfo"
cat >"$fake/proc/mounts" <<EOF
proc /proc proc rw 0 0
hugetlbfs $fake/huge2m hugetlbfs rw,relatime,pagesize=2M 0 0
nodev $fake/huge1g hugetlbfs rw,relatime,pagesize=1024M 0 0
EOF
export DPSCTP_SYS_ROOT=$fake/sys DPSCTP_PROC_ROOT=$fake/proc

run "$hp" --show
expect "hugepages.sh --show (fake tree): node 1 has 4 pages" 0 "node 1 +total +4 "
contains "hugepages.sh --show (fake tree): 1G pool" "^  1G +total" "$out"
contains "hugepages.sh --show (fake tree): pagesize=1024M read as 1G" "$fake/huge1g \(1G pages\)" "$out"

n1=$fake/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages
g1=$fake/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages
if [ "$(id -u)" -ne 0 ]; then
  run "$hp" --pages 8 --node 1
  expect "hugepages.sh reserve as non-root: exit 1" 1 "must run as root" err
elif ! grep -q "node 1" <<<"$out"; then
  # The fake tree is not honoured: writing would touch the real pools.
  not_ok "hugepages.sh ignores DPSCTP_SYS_ROOT; reservation tests not run"
else
  run "$hp" --pages 8 --node 1
  expect "hugepages.sh --pages 8 --node 1 (fake tree)" 0 "reserved 8 2M pages on node 1"
  equals "node 1's nr_hugepages written" "$(cat "$n1")" 8
  contains "existing 2M mount found, nothing mounted" "already mounted at $fake/huge2m" "$out"
  run "$hp" --size 1G --pages 2
  expect "hugepages.sh --size 1G --pages 2 (fake tree)" 0 "reserved 2 1G pages on all nodes \(2048 MiB\)"
  equals "global 1G nr_hugepages written" "$(cat "$g1")" 2
  run "$hp" --pages 8 --node 7
  expect "hugepages.sh --node 7 (no such node): exit 1" 1 "no NUMA node 7" err
  run "$hp" --release --node 1
  expect "hugepages.sh --release --node 1 (fake tree)" 0 "released"
  equals "node 1's pool released" "$(cat "$n1")" 0
  rm -rf "$fake/sys/kernel/mm/hugepages/hugepages-1048576kB"
  run "$hp" --size 1G --pages 1
  expect "hugepages.sh --size 1G without 1G support: exit 1" 1 "not offered" err
fi
unset DPSCTP_SYS_ROOT DPSCTP_PROC_ROOT

# --- bind-nic.sh ---------------------------------------------------------
export DPSCTP_BIND_STATE=$tmp/state/bind-nic.state
run "$bn" --help
expect "bind-nic.sh --help" 0 "Usage:"
for o in --status --driver --noiommu --force --unbind --to --dry-run vfio-pci uio_pci_generic; do
  contains "bind-nic.sh --help documents $o" "$o" "$out"
done

run "$bn" --status
if [ "$rc" = 1 ] && grep -q "not found" <<<"$err"; then
  skip "bind-nic.sh --status (dpdk-devbind.py not installed)"
else
  expect "bind-nic.sh --status" 0 "IOMMU: "
  contains "bind-nic.sh --status shows the remembered drivers" "remembered kernel drivers" "$out"
fi
check "bind-nic.sh --status writes no state" test ! -e "$DPSCTP_BIND_STATE"

while IFS='|' read -r args why; do
  # shellcheck disable=SC2086
  run "$bn" $args
  expect "bind-nic.sh $args: exit 2 ($why)" 2 "." err
done <<'EOF'
|no address
--bogus 0000:3b:00.0|unknown option
--driver igb 0000:3b:00.0|unsupported driver
--driver|missing value
3b:00|not a PCI address
0000:3b:00.9|function above 7
--unbind|no address
--to ice 0000:3b:00.0|--to without --unbind
--unbind --force 0000:3b:00.0|--force with --unbind
--noiommu --driver uio_pci_generic 0000:3b:00.0|--noiommu with uio
--status 0000:3b:00.0|--status with an address
EOF

# Refusals, all with --dry-run and never with --force: even a broken
# --dry-run changes nothing, because each case is refused first.
missing=""
for a in 0000:ff:1f.7 0000:fe:1f.7 0000:fd:1f.7; do
  [ -e "/sys/bus/pci/devices/$a" ] || { missing=$a; break; }
done
if [ -n "$missing" ]; then
  run "$bn" --dry-run "$missing"
  expect "bind-nic.sh $missing (no such device): exit 1" 1 "no PCI device" err
fi

other=""
for d in /sys/bus/pci/devices/*; do
  [ -r "$d/class" ] || continue
  case $(cat "$d/class") in 0x02*) ;; *) other=${d##*/}; break ;; esac
done
if [ -n "$other" ]; then
  run "$bn" --dry-run --driver uio_pci_generic "$other"
  expect "bind-nic.sh refuses $other (not a network controller)" 1 "not a network controller" err
else
  skip "bind-nic.sh refuses a non-network device (none here)"
fi

# The port this machine is reached through, if it is a PCI device.
live_if=$(ip -4 route show default 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "dev") {print $(i + 1); exit}}')
live=""
if [ -n "$live_if" ]; then
  dev=$(readlink -f "/sys/class/net/$live_if/device" 2>/dev/null || true)
  # virtio: the PCI function is the parent of the virtio device.
  for p in "$dev" "$(dirname "$dev")"; do
    if [[ ${p##*/} =~ ^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]]; then live=${p##*/}; break; fi
  done
fi
if [ -n "$live" ]; then
  run "$bn" --dry-run "$live"
  expect "bind-nic.sh refuses $live ($live_if carries the default route)" 1 "refusing to bind $live: interface $live_if is up" err
  contains "bind-nic.sh says why (cut off)" "cut off" "$err"
  drv=$(basename "$(readlink "/sys/bus/pci/devices/$live/driver")")
  check "$live still on its kernel driver ($drv)" test "$drv" != vfio-pci -a "$drv" != uio_pci_generic

  run "$bn" --dry-run --unbind "$live"
  expect "bind-nic.sh --unbind without a remembered driver: exit 1" 1 "--to DRIVER" err
  mkdir -p "$tmp/state"
  printf '# test\n%s %s\n' "$live" "$drv" >"$DPSCTP_BIND_STATE"
  run "$bn" --dry-run --unbind "$live"
  expect "bind-nic.sh --unbind reads the remembered driver" 0 "already bound to $drv"
else
  skip "bind-nic.sh refuses the port with the default route (not a PCI device here)"
fi

echo "scripts_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
