#!/usr/bin/env python3
"""Writes the seed corpus of association_fuzzer (see the input format at the
top of association_fuzzer.cc) into test/fuzz/corpus/association/.

    test/fuzz/association_seeds.py [--pcaps DIR]

With --pcaps (e.g. /work/shared/corpus/pcaps) and tshark on PATH, it also
writes one seed per capture: a passive handshake followed by the capture's
SCTP packets as raw-packet operations (ports and tag rewritten, checksum
fixed up), so that real chunks reach an established association.
"""
import json
import os
import struct
import subprocess
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   'corpus', 'association')

(INIT, INIT_ACK, COOKIE_ECHO, COOKIE_ACK, DATA, SACK, HEARTBEAT, HEARTBEAT_ACK,
 SHUTDOWN, SHUTDOWN_ACK, SHUTDOWN_COMPLETE, ABORT, ERROR_STALE, ANY) = range(14)


def ch(kind, a=0, b=0, c=0, d=0):
    return struct.pack('>BBBHI', kind, a, b, c, d & 0xffffffff)


def tpl(*chunks, mode=0, misc=0, rnd=0):
    return bytes([1, len(chunks) - 1, mode, misc]) + struct.pack('>I', rnd) + \
        b''.join(chunks)


def adv(unit, amount=0):  # unit 0 ms, 1 x10 ms, 2 s, 3 next timer
    return struct.pack('>BBH', 2, unit, amount)


def associate(f=0):
    return bytes([3, f])


def send(idx, stream, size, flags=0):
    return struct.pack('>BBBHB', 4, idx, stream, size, flags)


def shutdown(idx=0):
    return bytes([5, idx])


def abort(idx=0, reason=0):
    return bytes([6, idx, reason])


def receive(idx=0, size=255):
    return bytes([7, idx, size])


def rotate(seed):
    return bytes([8, seed])


def starve(n):
    return bytes([10, n])


def misc(idx, sel):
    return bytes([11, idx, sel])


def raw(packet, flags=0x19):
    return struct.pack('>BHB', 0, len(packet), flags) + packet


HANDSHAKE = tpl(ch(INIT)) + tpl(ch(COOKIE_ECHO))
ACTIVE = associate(0) + tpl(ch(INIT_ACK, c=40)) + tpl(ch(COOKIE_ACK))

SEEDS = {
    'passive_handshake': HANDSHAKE,
    'passive_data': HANDSHAKE + tpl(ch(DATA, c=100)) + tpl(ch(DATA, c=200)) +
        tpl(ch(DATA, b=3, c=1000)) + receive(0, 255) + send(0, 1, 500) +
        adv(0, 300) + tpl(ch(SACK)) + receive(0, 2),
    'passive_peer_shutdown': HANDSHAKE + tpl(ch(DATA, c=10)) +
        tpl(ch(SHUTDOWN)) + tpl(ch(SHUTDOWN_COMPLETE)),
    'passive_local_shutdown': HANDSHAKE + send(0, 0, 100) + tpl(ch(SACK)) +
        shutdown(0) + tpl(ch(SHUTDOWN_ACK)),
    'peer_abort': HANDSHAKE + tpl(ch(ABORT, a=2, b=12, c=4)),
    'local_abort': HANDSHAKE + send(0, 0, 3000) + abort(0, 10) +
        misc(0, 5),
    'active_data': ACTIVE + send(0, 2, 4000) + tpl(ch(SACK)) +
        tpl(ch(DATA, c=50)) + tpl(ch(HEARTBEAT, c=20)) + receive(0, 255),
    'active_t1_expiry': associate(2) + adv(3) + adv(3) + adv(3) + adv(3) +
        adv(3),
    'active_stale_cookie': associate(0) + tpl(ch(INIT_ACK, c=60)) +
        tpl(ch(ERROR_STALE, d=1500000)) + tpl(ch(INIT_ACK, c=61)) +
        tpl(ch(COOKIE_ACK)),
    'restart': HANDSHAKE + tpl(ch(DATA, c=30)) +
        tpl(ch(INIT, a=0x05, d=0x55667788)) + tpl(ch(COOKIE_ECHO)) +
        tpl(ch(DATA, c=30)),
    'init_collision': associate(0) + tpl(ch(INIT)) + tpl(ch(INIT_ACK, c=44)) +
        tpl(ch(COOKIE_ECHO)) + tpl(ch(COOKIE_ACK)),
    'heartbeat': HANDSHAKE + adv(2, 40) + tpl(ch(HEARTBEAT_ACK)) +
        misc(0, 1) + tpl(ch(HEARTBEAT_ACK)) + adv(2, 100) + adv(3) + adv(3),
    't3_retransmit': HANDSHAKE + send(0, 0, 1200) + send(0, 0, 1200) +
        adv(3) + adv(3) + adv(3) + adv(3) + adv(3) + adv(3) + adv(3),
    'max_associations': b''.join(
        tpl(ch(INIT, a=0x04, d=0x1000 + i), misc=(i & 1) << 6 | (2 if i & 2 else 0) << 4) +
        tpl(ch(COOKIE_ECHO), misc=(i & 1) << 6 | (2 if i & 2 else 0) << 4)
        for i in range(5)) + associate(0) + associate(3),
    'bad_cookies': tpl(ch(INIT)) + tpl(ch(COOKIE_ECHO, a=1, b=5)) +
        tpl(ch(COOKIE_ECHO, a=2, b=20)) + tpl(ch(COOKIE_ECHO, a=3, c=90)) +
        adv(2, 120) + tpl(ch(COOKIE_ECHO)) + tpl(ch(INIT)) + rotate(1) +
        rotate(2) + tpl(ch(COOKIE_ECHO)) + tpl(ch(INIT)) + rotate(3) +
        tpl(ch(COOKIE_ECHO)),
    'ootb': tpl(ch(SHUTDOWN_ACK), mode=7, rnd=0x1234) +
        tpl(ch(ABORT), mode=7, rnd=9) + tpl(ch(DATA, c=4), mode=5) +
        tpl(ch(SHUTDOWN_COMPLETE), mode=7, rnd=3) +
        tpl(ch(ANY, a=0x80, c=8)) + tpl(ch(ANY, a=0x40, c=8)) +
        tpl(ch(INIT), misc=0x30) + tpl(ch(INIT), misc=0x0f) +
        tpl(ch(INIT, a=0x08)) + tpl(ch(INIT, a=0x09, b=1)),
    'bundled': tpl(ch(INIT, a=0x51, c=100)) +
        tpl(ch(COOKIE_ECHO), ch(DATA, c=100), ch(DATA, c=100)) +
        send(0, 0, 100) + tpl(ch(SACK), ch(DATA, c=10), ch(SHUTDOWN)) +
        tpl(ch(SHUTDOWN_COMPLETE)),
    'shutdown_guard': HANDSHAKE + shutdown(0) + adv(3) + adv(3) + adv(3) +
        adv(3) + adv(3) + adv(3),
    'send_limits': HANDSHAKE + send(0, 0, 20000, 2) + send(0, 0, 3000) +
        send(0, 40, 10) + send(0, 0, 0) + starve(3) + send(0, 1, 100) +
        tpl(ch(SACK, a=0x83, b=0x11, c=2000)) + tpl(ch(SHUTDOWN)) +
        tpl(ch(SACK)) + adv(3) + tpl(ch(SHUTDOWN_COMPLETE)),
}


def capture_seeds(pcaps):
    names = []
    for root, _, files in os.walk(pcaps):
        for f in sorted(files):
            if f.endswith(('.pcap', '.pcapng', '.cap')):
                names.append(os.path.join(root, f))
    seeds = {}
    for path in sorted(names):
        try:
            out = subprocess.run(['tshark', '-r', path, '-Y', 'sctp', '-T',
                                  'json', '-x'], capture_output=True,
                                 timeout=120, check=False).stdout
            frames = json.loads(out or b'[]')
        except (OSError, ValueError, subprocess.TimeoutExpired):
            continue
        packets = []
        for fr in frames:
            raw_hex = fr.get('_source', {}).get('layers', {}).get('sctp_raw')
            if not raw_hex:
                continue
            if isinstance(raw_hex, list):
                raw_hex = raw_hex[0]
            pkt = bytes.fromhex(raw_hex)
            if len(pkt) < 16 or len(pkt) > 2048:
                continue
            # INIT keeps its tag 0; everything else gets the endpoint's tag.
            packets.append(raw(pkt, 0x09 if pkt[12] == 1 else 0x19))
            if len(packets) >= 40:
                break
        if packets:
            stem = os.path.splitext(os.path.basename(path))[0]
            seeds['pcap_' + stem] = HANDSHAKE + b''.join(packets)
    return seeds


def main():
    seeds = dict(SEEDS)
    if len(sys.argv) == 3 and sys.argv[1] == '--pcaps':
        seeds.update(capture_seeds(sys.argv[2]))
    os.makedirs(OUT, exist_ok=True)
    for name, data in sorted(seeds.items()):
        with open(os.path.join(OUT, name + '.bin'), 'wb') as f:
            f.write(data)
    print(f'{len(seeds)} seeds in {OUT}')


if __name__ == '__main__':
    main()
