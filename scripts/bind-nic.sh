#!/usr/bin/env bash
# Hands NIC ports from their kernel driver to vfio-pci (or uio_pci_generic)
# so that DPDK can drive them, and gives them back. Wraps dpdk-devbind.py
# with the checks that keep a machine reachable. See --help.
set -euo pipefail

prog=$(basename "$0")
cmdline="$0 $*"
# Tests point the state file elsewhere; nothing else should set it.
state_file=${DPSCTP_BIND_STATE:-/var/lib/dpsctp/bind-nic.state}
pci=/sys/bus/pci/devices
dpdk_drivers=" vfio-pci uio_pci_generic igb_uio "

usage() {
  cat <<EOF
Usage: $prog --status
       $prog [--driver vfio-pci|uio_pci_generic] [--noiommu] [--force] [--dry-run] PCI_ADDR...
       $prog --unbind [--to DRIVER] [--dry-run] PCI_ADDR...

Binds NIC ports to a driver DPDK can use, and back to their kernel driver.
PCI_ADDR is as lspci or 'dpdk-devbind.py --status' shows it: 0000:3b:00.0
(or 3b:00.0).

  --status        the network devices and their drivers, the IOMMU state and
                  the drivers this script remembers; changes nothing
  --driver D      vfio-pci (default; needs the IOMMU on: intel_iommu=on
                  iommu=pt on the kernel command line, VT-d in the BIOS) or
                  uio_pci_generic (no IOMMU needed, no isolation either)
  --noiommu       with vfio-pci on a machine without an IOMMU (many VMs):
                  turns on vfio's unsafe no-IOMMU mode. The device can then
                  DMA to any memory, as with uio_pci_generic, and the kernel
                  marks itself tainted. Use it only where nothing else works
  --force         bind even a port whose kernel interface is up with
                  addresses or routes. Without it such a port is refused:
                  the kernel loses the interface, and if it is the one you
                  reach the machine through, you are cut off
  --dry-run       check everything and say what would be done; change nothing
  --unbind        give the ports back to the kernel driver they had before
                  this script bound them (remembered in $state_file)
  --to DRIVER     with --unbind: the kernel driver to bind to (ice, i40e,
                  ixgbe, ...) for a port this script did not bind
  -h, --help      this text

Needs root (except --status, --dry-run and --help) and dpdk-devbind.py
(Debian package dpdk). Exit status: 0 done as asked, 1 failure or refusal,
2 bad usage.
EOF
}

die() { echo "$prog: $*" >&2; exit 1; }
bad_usage() { echo "$prog: $*" >&2; echo "Try '$prog --help'." >&2; exit 2; }

find_devbind() {
  local c
  for c in "${DPDK_DEVBIND:-}" "$(command -v dpdk-devbind.py || true)" \
    "$(command -v dpdk-devbind || true)" /usr/bin/dpdk-devbind.py \
    /usr/sbin/dpdk-devbind.py /usr/local/bin/dpdk-devbind.py \
    /usr/local/sbin/dpdk-devbind.py /usr/share/dpdk/usertools/dpdk-devbind.py; do
    if [ -n "$c" ] && [ -x "$c" ]; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

# lspci inside containers warns about libkmod on every device: noise only.
devbind() {
  "$devbind_path" "$@" 2> >(grep -v 'Unable to load libkmod' >&2)
}

# "3b:00.0" -> "0000:3b:00.0"; lower case; fails on anything else.
normalize_addr() {
  local a=${1,,}
  if [[ $a =~ ^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]]; then
    a=0000:$a
  fi
  [[ $a =~ ^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$ ]] || return 1
  echo "$a"
}

current_driver() {
  if [ -L "$pci/$1/driver" ]; then
    basename "$(readlink "$pci/$1/driver")"
  else
    echo none
  fi
}

# Kernel interfaces of a device (virtio puts them one level down).
interfaces() {
  local d
  for d in "$pci/$1"/net/* "$pci/$1"/*/net/*; do
    [ -e "$d" ] && basename "$d"
  done
  return 0
}

# Why handing this interface to DPDK would hurt, or nothing. Link-local
# addresses and routes do not count: every up interface has them.
in_use_reason() {
  local ifc=$1 flags ips routes
  flags=$(ip -o link show dev "$ifc" 2>/dev/null | sed -n 's/^[0-9]*: [^<]*<\([^>]*\)>.*/\1/p')
  [[ ,$flags, == *,UP,* ]] || return 0
  ips=$(ip -o addr show dev "$ifc" scope global 2>/dev/null | awk '{print $4}' | paste -sd ' ')
  routes=$( { ip -4 route show dev "$ifc" 2>/dev/null; ip -6 route show dev "$ifc" 2>/dev/null; } |
    grep -vE '^(fe80:|ff00:|multicast)' |
    awk '$1 == "default" {print $1, $2, $3; next} {print $1}' | paste -sd ',' || true)
  if [ -n "$ips" ] || [ -n "$routes" ]; then
    echo "interface $ifc is up${ips:+ with addresses $ips}${routes:+; routes: ${routes//,/, }}"
  fi
}

state_get() {  # state_get ADDR -> remembered driver, or nothing
  [ -r "$state_file" ] || return 0
  awk -v a="$1" '$1 == a {print $2; exit}' "$state_file"
}

state_set() {  # state_set ADDR DRIVER (DRIVER empty: forget ADDR)
  local tmp
  mkdir -p "$(dirname "$state_file")"
  tmp=$(mktemp "$state_file.XXXXXX")
  {
    echo "# PCI address, kernel driver before $prog bound it to DPDK"
    [ -r "$state_file" ] && awk -v a="$1" '$1 != a && !/^#/' "$state_file"
    [ -z "$2" ] || echo "$1 $2"
  } >"$tmp"
  mv "$tmp" "$state_file"
}

noiommu_param=/sys/module/vfio/parameters/enable_unsafe_noiommu_mode

iommu_state() {
  local n=0
  [ -d /sys/kernel/iommu_groups ] && n=$(find /sys/kernel/iommu_groups -mindepth 1 -maxdepth 1 | wc -l)
  if [ "$n" -gt 0 ]; then
    echo "IOMMU: on ($n groups): vfio-pci works"
  else
    echo "IOMMU: off or absent: vfio-pci needs --noiommu, or use --driver uio_pci_generic"
  fi
  if [ -r "$noiommu_param" ]; then
    echo "vfio no-IOMMU mode: $(cat "$noiommu_param")"
  else
    echo "vfio: not loaded"
  fi
}

status() {
  devbind --status-dev net
  echo
  iommu_state
  echo
  if [ -s "$state_file" ] && grep -qv '^#' "$state_file"; then
    echo "remembered kernel drivers ($state_file):"
    grep -v '^#' "$state_file" | sed 's/^/  /'
  else
    echo "remembered kernel drivers: none ($state_file)"
  fi
}

action=bind
driver=vfio-pci
to=""
force=0
noiommu=0
dry=0
addrs=()
while [ $# -gt 0 ]; do
  case $1 in
    --status) action=status; shift ;;
    --unbind) action=unbind; shift ;;
    --driver | --to)
      [ $# -ge 2 ] || bad_usage "$1 needs a value"
      if [ "$1" = --driver ]; then driver=$2; else to=$2; fi
      shift 2
      ;;
    --driver=*) driver=${1#*=}; shift ;;
    --to=*) to=${1#*=}; shift ;;
    --force) force=1; shift ;;
    --noiommu) noiommu=1; shift ;;
    --dry-run) dry=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) bad_usage "unknown option '$1'" ;;
    *)
      a=$(normalize_addr "$1") || bad_usage "'$1' is not a PCI address (like 0000:3b:00.0)"
      addrs+=("$a")
      shift
      ;;
  esac
done

case $driver in
  vfio-pci | vfio_pci) driver=vfio-pci ;;
  uio_pci_generic | uio-pci-generic) driver=uio_pci_generic ;;
  *) bad_usage "--driver: '$driver' is not vfio-pci or uio_pci_generic" ;;
esac
if [ "$action" = status ]; then
  if [ ${#addrs[@]} -gt 0 ] || [ -n "$to" ] || [ $force$noiommu$dry != 000 ]; then
    bad_usage "--status takes no other argument"
  fi
  devbind_path=$(find_devbind) || die "dpdk-devbind.py not found: apt-get install dpdk (or set DPDK_DEVBIND)"
  status
  exit 0
fi
[ ${#addrs[@]} -gt 0 ] || bad_usage "no PCI address given (see --status for the devices)"
if [ "$action" = unbind ]; then
  [ $force$noiommu = 00 ] || bad_usage "--force and --noiommu are for binding"
else
  [ -z "$to" ] || bad_usage "--to goes with --unbind"
  [ "$noiommu" = 0 ] || [ "$driver" = vfio-pci ] || bad_usage "--noiommu is for vfio-pci only"
fi

if [ "$dry" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  die "must run as root (it rebinds PCI devices); try: sudo $cmdline"
fi
devbind_path=$(find_devbind) || die "dpdk-devbind.py not found: apt-get install dpdk (or set DPDK_DEVBIND)"
for a in "${addrs[@]}"; do
  [ -e "$pci/$a" ] || die "no PCI device $a (see $prog --status)"
  # A disk controller handed to DPDK takes the root file system with it:
  # network controllers (PCI class 02) only, --force or not.
  class=$(cat "$pci/$a/class")
  [[ $class == 0x02* ]] ||
    die "$a is not a network controller (PCI class $class); if you really mean it, use $devbind_path"
done

say() { if [ "$dry" = 1 ]; then echo "would: $*"; else echo "$*"; fi; }

if [ "$action" = unbind ]; then
  plan=()
  for a in "${addrs[@]}"; do
    target=${to:-$(state_get "$a")}
    [ -n "$target" ] ||
      die "$a: its kernel driver before DPDK is not remembered (not bound by $prog): name it with --to DRIVER (e.g. ice, i40e, ixgbe)"
    plan+=("$a $target")
  done
  if [ "$dry" = 1 ]; then
    for p in "${plan[@]}"; do
      was=$(current_driver "${p% *}")
      if [ "$was" = "${p#* }" ]; then
        echo "${p% *}: already bound to $was"
      else
        say "${p% *}: $was -> ${p#* }"
      fi
    done
    exit 0
  fi
  for p in "${plan[@]}"; do
    a=${p% *}
    target=${p#* }
    was=$(current_driver "$a")
    if [ "$target" = none ]; then
      [ "$was" = none ] || devbind -u "$a"
    elif [ "$was" != "$target" ]; then
      modprobe "$target" 2>/dev/null || true   # built in, or loaded already
      devbind -b "$target" "$a"
    fi
    now=$(current_driver "$a")
    [ "$now" = "$target" ] || die "$a: still bound to $now, not $target (see the message above)"
    state_set "$a" ""
    ifs=$(interfaces "$a" | paste -sd ' ')
    echo "$a: $was -> $now${ifs:+ (interface $ifs)}"
    [ -z "$ifs" ] || echo "  the interface comes back down and without addresses unless your network configuration brings it up: ip link set ${ifs%% *} up"
  done
  exit 0
fi

# Binding: every check first, then the changes.
refused=0
todo=()
for a in "${addrs[@]}"; do
  was=$(current_driver "$a")
  if [ "$was" = "$driver" ]; then
    echo "$a: already bound to $driver"
    continue
  fi
  for ifc in $(interfaces "$a"); do
    reason=$(in_use_reason "$ifc")
    [ -n "$reason" ] || continue
    if [ "$force" = 1 ]; then
      echo "$a: $reason; binding anyway (--force): the kernel loses $ifc"
    else
      echo "$prog: refusing to bind $a: $reason." >&2
      echo "$prog:   $driver takes the port away from the kernel; if you reach this machine through $ifc you are cut off." >&2
      echo "$prog:   Use another port, or take it down first (ip link set $ifc down), or pass --force." >&2
      refused=1
    fi
  done
  todo+=("$a")
done
[ "$refused" = 0 ] || exit 1

if [ "$driver" = vfio-pci ] && [ "$noiommu" = 0 ]; then
  noiommu_on=N
  [ -r "$noiommu_param" ] && noiommu_on=$(cat "$noiommu_param")
  for a in "${todo[@]}"; do
    if [ ! -e "$pci/$a/iommu_group" ] && [ "$noiommu_on" != Y ]; then
      die "$a has no IOMMU group, so vfio-pci cannot take it: turn the IOMMU on (VT-d/AMD-Vi in the BIOS, intel_iommu=on iommu=pt on the kernel command line, reboot), or pass --noiommu (unsafe: no DMA isolation), or use --driver uio_pci_generic"
    fi
  done
fi

if [ "$dry" = 1 ]; then
  [ "$noiommu" = 0 ] || say "turn on vfio no-IOMMU mode"
  for a in "${todo[@]}"; do say "$a: $(current_driver "$a") -> $driver"; done
  exit 0
fi

if [ "$noiommu" = 1 ]; then
  echo "turning on vfio no-IOMMU mode: the device can write to any memory of this machine, and the kernel is marked tainted"
  if [ -w "$noiommu_param" ]; then
    echo Y >"$noiommu_param"
  else
    modprobe vfio enable_unsafe_noiommu_mode=1 || die "cannot load vfio with enable_unsafe_noiommu_mode=1"
  fi
fi
modprobe "$driver" || die "cannot load the $driver module"

for a in "${todo[@]}"; do
  was=$(current_driver "$a")
  ifs=$(interfaces "$a" | paste -sd ' ')
  # Remember the first kernel driver only: a rebind from vfio-pci to
  # uio_pci_generic must not make --unbind forget the real one.
  if [[ $dpdk_drivers != *" $was "* ]] && [ -z "$(state_get "$a")" ]; then
    state_set "$a" "$was"
  fi
  if [ "$force" = 1 ]; then
    devbind --force -b "$driver" "$a"
  else
    devbind -b "$driver" "$a"
  fi
  now=$(current_driver "$a")
  [ "$now" = "$driver" ] || die "$a: still bound to $now, not $driver (see the message above)"
  echo "$a: $was -> $driver${ifs:+ (was interface $ifs)}; back with: $prog --unbind $a"
done
