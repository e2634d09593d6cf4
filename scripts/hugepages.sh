#!/usr/bin/env bash
# Reserves hugepages for DPDK (dpsctpd, dpsctp-perf), mounts hugetlbfs,
# and checks what the kernel really granted. See --help.
set -euo pipefail

prog=$(basename "$0")
cmdline="$0 $*"
# Tests point these at a fake tree; nothing else should set them.
sys_root=${DPSCTP_SYS_ROOT:-/sys}
proc_root=${DPSCTP_PROC_ROOT:-/proc}

usage() {
  cat <<EOF
Usage: $prog [--pages N] [--size 2M|1G] [--node N] [--mount DIR]
       $prog --show
       $prog --release [--size 2M|1G] [--node N]

Reserves hugepages for DPDK and mounts hugetlbfs so that the EAL finds them.

  --pages N     size the pool to N pages (not N more); default 1024 pages of
                2M (2 GiB), or 2 pages of 1G
  --size S      page size: 2M (default) or 1G
  --node N      reserve on NUMA node N only (the node of the NIC and of the
                worker lcores; see /sys/bus/pci/devices/ADDR/numa_node);
                default: the kernel spreads the pages over all nodes
  --mount DIR   where to mount hugetlbfs if no mount for this page size
                exists yet (default /dev/hugepages; for 1G pages
                /dev/hugepages-1G when /dev/hugepages holds 2M pages)
  --show        print the pools per page size and node, and the hugetlbfs
                mounts; changes nothing, needs no root
  --release     give the pages of this size (and node) back to the kernel;
                pages a running DPDK process holds stay until it exits
  -h, --help    this text

Reserving and releasing need root. Exit status: 0 done as asked, 1 failure
(not root, or the kernel granted fewer pages than asked), 2 bad usage.

1G pages can rarely be found at run time once memory is fragmented; reserve
them at boot instead, on the kernel command line:
  default_hugepagesz=1G hugepagesz=1G hugepages=4
EOF
}

die() { echo "$prog: $*" >&2; exit 1; }
bad_usage() { echo "$prog: $*" >&2; echo "Try '$prog --help'." >&2; exit 2; }

# "2M" -> 2048, "1G" -> 1048576 (kB, the unit of the sysfs directory names).
size_kb() {
  case $1 in
    2M | 2m | 2048k | 2048kB) echo 2048 ;;
    1G | 1g | 1024M | 1048576k | 1048576kB) echo 1048576 ;;
    *) return 1 ;;
  esac
}

# 2048 -> "2M", 1048576 -> "1G", anything else in kB.
size_name() {
  case $1 in
    2048) echo 2M ;;
    1048576) echo 1G ;;
    *) echo "${1}kB" ;;
  esac
}

# hugetlbfs mounts as "DIR PAGESIZE_KB" lines. The kernel prints the
# pagesize option in M ("pagesize=1024M" for 1G pages); a mount without it
# has the default size (Hugepagesize in meminfo).
hugetlbfs_mounts() {
  local default_kb dir fstype opts rest kb
  default_kb=$(awk '/^Hugepagesize:/ {print $2}' "$proc_root/meminfo" 2>/dev/null || true)
  [ -r "$proc_root/mounts" ] || return 0
  while read -r _ dir fstype opts rest; do
    [ "$fstype" = hugetlbfs ] || continue
    kb=$default_kb
    case ",$opts," in
      *,pagesize=*)
        kb=${opts#*pagesize=}
        kb=${kb%%,*}
        case $kb in
          *G) kb=$(( ${kb%G} * 1048576 )) ;;
          *M) kb=$(( ${kb%M} * 1024 )) ;;
          *K | *k) kb=${kb%[Kk]} ;;
        esac
        ;;
    esac
    echo "$dir ${kb:-0}"
  done <"$proc_root/mounts"
}

read_num() { if [ -r "$1" ]; then cat "$1"; else echo 0; fi; }

nodes() {
  local d
  for d in "$sys_root"/devices/system/node/node[0-9]*; do
    [ -d "$d" ] && echo "${d##*/node}"
  done | sort -n
}

show() {
  local dir kb name total free resv surp node nd found=0
  echo "hugepage pools:"
  for dir in "$sys_root"/kernel/mm/hugepages/hugepages-*kB; do
    [ -d "$dir" ] || continue
    found=1
    kb=${dir##*/hugepages-}
    kb=${kb%kB}
    name=$(size_name "$kb")
    total=$(read_num "$dir/nr_hugepages")
    free=$(read_num "$dir/free_hugepages")
    resv=$(read_num "$dir/resv_hugepages")
    surp=$(read_num "$dir/surplus_hugepages")
    printf '  %-4s total %6s  free %6s  reserved %6s  surplus %6s  (%s MiB)\n' \
      "$name" "$total" "$free" "$resv" "$surp" $(( total * kb / 1024 ))
    for node in $(nodes); do
      nd=$sys_root/devices/system/node/node$node/hugepages/hugepages-${kb}kB
      [ -d "$nd" ] || continue
      printf '       node %-3s total %6s  free %6s  surplus %6s\n' "$node" \
        "$(read_num "$nd/nr_hugepages")" "$(read_num "$nd/free_hugepages")" \
        "$(read_num "$nd/surplus_hugepages")"
    done
  done
  [ "$found" = 1 ] || echo "  none: this kernel has no hugetlb support"
  [ -d "$sys_root/kernel/mm/hugepages/hugepages-1048576kB" ] ||
    echo "  1G pages: not offered by this CPU or kernel (no pdpe1gb flag?)"
  echo "hugetlbfs mounts:"
  local mounts
  mounts=$(hugetlbfs_mounts)
  if [ -z "$mounts" ]; then
    echo "  none (DPDK needs one: run $prog as root to mount one)"
  else
    while read -r dir kb; do
      printf '  %s (%s pages)\n' "$dir" "$(size_name "$kb")"
    done <<<"$mounts"
  fi
}

# The nr_hugepages file this run reads and writes.
pool_file() {  # pool_file KB [NODE]
  if [ -n "${2:-}" ]; then
    echo "$sys_root/devices/system/node/node$2/hugepages/hugepages-${1}kB/nr_hugepages"
  else
    echo "$sys_root/kernel/mm/hugepages/hugepages-${1}kB/nr_hugepages"
  fi
}

# Mounts hugetlbfs for this page size unless some mount already serves it.
ensure_mount() {  # ensure_mount KB DIR_OR_EMPTY
  local kb=$1 dir=$2 mdir mkb default_dir=/dev/hugepages
  while read -r mdir mkb; do
    [ -n "$mdir" ] || continue
    if [ "$mkb" = "$kb" ]; then
      echo "hugetlbfs for $(size_name "$kb") pages already mounted at $mdir"
      return 0
    fi
    # /dev/hugepages holds pages of another size: 1G pages need their own.
    [ "$mdir" = /dev/hugepages ] && default_dir=/dev/hugepages-$(size_name "$kb")
  done <<<"$(hugetlbfs_mounts)"
  dir=${dir:-$default_dir}
  if grep -qs " $dir " "$proc_root/mounts"; then
    die "$dir is already a mount point of another kind; choose another with --mount"
  fi
  mkdir -p "$dir"
  mount -t hugetlbfs -o "pagesize=$(size_name "$kb")" nodev "$dir" ||
    die "cannot mount hugetlbfs at $dir"
  echo "mounted hugetlbfs ($(size_name "$kb") pages) at $dir"
}

pages=""
size=2M
node=""
mount_dir=""
action=reserve
while [ $# -gt 0 ]; do
  case $1 in
    --pages | --size | --node | --mount)
      [ $# -ge 2 ] || bad_usage "$1 needs a value"
      case $1 in
        --pages) pages=$2 ;;
        --size) size=$2 ;;
        --node) node=$2 ;;
        --mount) mount_dir=$2 ;;
      esac
      shift 2
      ;;
    --pages=*) pages=${1#*=}; shift ;;
    --size=*) size=${1#*=}; shift ;;
    --node=*) node=${1#*=}; shift ;;
    --mount=*) mount_dir=${1#*=}; shift ;;
    --show) action=show; shift ;;
    --release) action=release; shift ;;
    -h | --help) usage; exit 0 ;;
    *) bad_usage "unknown argument '$1'" ;;
  esac
done

kb=$(size_kb "$size") || bad_usage "--size: '$size' is not 2M or 1G"
if [ -n "$pages" ]; then
  [[ $pages =~ ^[0-9]+$ ]] || bad_usage "--pages: '$pages' is not a number of pages"
fi
if [ -n "$node" ]; then
  [[ $node =~ ^[0-9]+$ ]] || bad_usage "--node: '$node' is not a NUMA node number"
fi
if [ "$action" = show ]; then
  [ -z "$pages$node$mount_dir" ] || bad_usage "--show takes no other option"
  show
  exit 0
fi
if [ "$action" = release ]; then
  [ -z "$pages$mount_dir" ] || bad_usage "--release takes only --size and --node"
  pages=0
fi
if [ -z "$pages" ]; then
  if [ "$kb" = 2048 ]; then pages=1024; else pages=2; fi
fi

[ "$(id -u)" -eq 0 ] || die "must run as root (it writes to $sys_root and mounts hugetlbfs); try: sudo $cmdline"

[ -d "$sys_root/kernel/mm/hugepages/hugepages-${kb}kB" ] ||
  die "$size pages are not offered by this CPU or kernel (for 1G pages the CPU needs the pdpe1gb flag)"
where="all nodes"
if [ -n "$node" ]; then
  [ -d "$sys_root/devices/system/node/node$node" ] ||
    die "no NUMA node $node (nodes: $(nodes | paste -sd ' '))"
  where="node $node"
fi
file=$(pool_file "$kb" "$node")
[ -r "$file" ] || die "no $size pool on $where ($file missing)"
before=$(cat "$file")

if [ "$pages" -gt "$before" ]; then
  # Compaction first: it makes the contiguous free ranges that large pages
  # need, and the kernel gives up early without it. Best effort.
  echo 1 >"$proc_root/sys/vm/compact_memory" 2>/dev/null || true
fi
echo "$pages" >"$file" || die "cannot write $file"
granted=$(cat "$file")
mib=$(( granted * kb / 1024 ))

if [ "$action" = release ]; then
  if [ "$granted" -gt 0 ]; then
    die "$granted $size pages on $where are still in use (a DPDK process running?); they return when it exits"
  fi
  echo "released the $size pages on $where ($before before)"
  exit 0
fi

if [ "$granted" -lt "$pages" ]; then
  echo "$prog: asked for $pages $size pages on $where, the kernel granted $granted ($mib MiB)." >&2
  echo "$prog: free memory is short or too fragmented; free some, or reserve at boot:" >&2
  if [ "$kb" = 1048576 ]; then
    echo "$prog:   default_hugepagesz=1G hugepagesz=1G hugepages=$pages" >&2
  else
    echo "$prog:   hugepages=$pages (kernel command line)" >&2
  fi
  exit 1
fi
if [ "$granted" -gt "$pages" ]; then
  echo "note: the pool stays at $granted pages: pages in use are kept until their process exits"
fi
echo "reserved $granted $size pages on $where ($mib MiB)"
ensure_mount "$kb" "$mount_dir"
