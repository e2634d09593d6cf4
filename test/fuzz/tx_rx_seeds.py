#!/usr/bin/env python3
"""Writes the seed corpus of tx_rx_fuzzer (input format at the top of
tx_rx_fuzzer.cc) into test/fuzz/corpus/tx_rx_fuzzer/.

    test/fuzz/tx_rx_seeds.py [OUTDIR]
"""
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                   'corpus', 'tx_rx_fuzzer')

FCFS, RR, PRIORITY, WFQ = range(4)


def config(send_bytes=8192, messages=32, streams=4, stream_count=4,
           scheduler=FCFS, rtx=64, tx_tsn=1000, rx_streams=4,
           rx_stream_count=4, fragments=32, rx_bytes=8192,
           max_message=8192, blocks=8, window=65535, dups=8, rx_tsn=5000):
    # Each field is read modulo its range; pass values inside it.
    return (struct.pack('>HBBBBBI', send_bytes - 1, messages - 1,
                        streams - 1, stream_count, scheduler, rtx - 1,
                        tx_tsn & 0xffffffff) +
            struct.pack('>BBBHHBHBI', rx_streams - 1, rx_stream_count,
                        fragments - 1, rx_bytes - 1, max_message - 1,
                        blocks - 1, window - 1, dups - 1,
                        rx_tsn & 0xffffffff))


def enqueue(stream, length, unordered=False):
    return struct.pack('>BBHB', 0, stream, length, 1 if unordered else 0)


def produce(count=1, max_payload=1200, path=0):
    return struct.pack('>BBHB', 1, count - 1, max_payload - 1, path)


def sack(delta=0, gaps=(), window=2, wide=False):
    out = struct.pack('>BbBB', 2, delta, window, len(gaps) | (0x10 if wide else 0))
    for s, e in gaps:
        out += struct.pack('>HH' if wide else '>BB', s, e)
    return out


def t3(path=0):
    return bytes([3, path])


def retransmit(count=1, fast=False, path=0):
    return bytes([4, count - 1, 1 if fast else 0, path])


def scheduler(kind, stream=0, value=0, what=0):
    # what: 0 set scheduler `kind`, 1 priority, 2 weight
    return struct.pack('>BBBH', 5, what | (kind << 2), stream, value)


def stream_count(n):
    return bytes([6, n])


def bogus(sel, value):
    return struct.pack('>BBI', 7, sel, value & 0xffffffff)


def fail(tsn, streams=4, buffer=64):
    return struct.pack('>BIBB', 8, tsn & 0xffffffff, streams, buffer)


def data(delta, stream=0, ssn=0, length=100, b=True, e=True, u=False,
         absolute=None):
    flags = (1 if b else 0) | (2 if e else 0) | (4 if u else 0)
    out = struct.pack('>BBBb', 9, flags | (8 if absolute is not None else 0),
                      stream, delta)
    if absolute is not None:
        out += struct.pack('>I', absolute & 0xffffffff)
    return out + struct.pack('>bB', ssn, length - 1)


def pop(count=4, into=None):
    return bytes([12, count - 1, 0x80 | into if into is not None else 0])


def announce(sack_sent=True):
    return bytes([13, 1 if sack_sent else 0])


def rx_restart(tsn, streams=4):
    return struct.pack('>BIB', 14, tsn & 0xffffffff, streams)


def wait(ms):
    return bytes([15, ms])


SEEDS = {
    # Sender: a burst, SACKs with growing blocks (three miss indications),
    # the fast retransmission, recovery exit, T3-rtx, renege.
    'tx_fast_retransmit': config() +
        b''.join(enqueue(i % 3, 200) for i in range(12)) + produce(8) +
        produce(4) + wait(5) +
        sack(0, [(2, 2)]) + sack(0, [(2, 3)]) + sack(0, [(2, 3), (5, 6)]) +
        retransmit(1, fast=True, path=1) +
        sack(1, [(2, 5), (7, 9)]) + sack(10) + sack(0),
    'tx_t3_renege': config(rtx=16) +
        b''.join(enqueue(0, 300) for i in range(10)) + produce(8, path=0) +
        produce(2, path=1) + sack(0, [(2, 4), (6, 8)]) + sack(0) +
        t3(0) + retransmit(8, path=1) + t3(1) + retransmit(4, path=2) +
        sack(5, [(1, 1)]) + sack(-3) + sack(5),
    # Fragmented messages, unordered, several streams, a tiny max payload,
    # blocks that overlap, repeat, run backwards or past what was sent.
    'tx_fragments_odd_sacks': config(send_bytes=4000, rtx=40) +
        enqueue(0, 3000) + enqueue(1, 500, unordered=True) + enqueue(2, 1) +
        produce(8, max_payload=100) + produce(8, max_payload=700) +
        sack(0, [(5, 6), (2, 3), (9, 20)]) +
        sack(0, [(3, 2), (2, 4), (4, 8), (0, 0)]) +
        sack(2, [(1, 1), (1, 1), (65535, 65535)], wide=True) +
        sack(-1) + sack(100) + produce(8, max_payload=1) + sack(5),
    # The ring wraps: messages of assorted sizes through a small buffer,
    # released out of arrival order across streams.
    'tx_ring_wrap': config(send_bytes=1000, messages=6, rtx=8) +
        b''.join(enqueue(i % 2, 150 + 60 * i) + produce(2, 400) + sack(1)
                 for i in range(10)) + enqueue(0, 1000) + enqueue(1, 1001),
    # Schedulers: priorities, weights, switching while data waits.
    'tx_schedulers': config(scheduler=PRIORITY, streams=8, stream_count=8) +
        scheduler(0, 3, 1, what=1) + scheduler(0, 5, 0, what=1) +
        b''.join(enqueue(s, 100 + s) for s in range(8) for _ in range(2)) +
        produce(3) + scheduler(WFQ) + scheduler(0, 2, 5, what=2) +
        produce(3) + scheduler(RR) + produce(3) + scheduler(FCFS) +
        produce(3) + sack(12) + produce(8) + sack(4),
    # Streams go away with messages queued (stranded), then a failure takes
    # back unacknowledged and unsent messages, then a new association.
    'tx_stranded_and_fail': config(streams=8, stream_count=8) +
        enqueue(6, 100) + enqueue(1, 2000) + enqueue(7, 50) +
        produce(1, 500) + produce(3, 500) + stream_count(2) +
        stream_count(8) + enqueue(6, 10) + produce(2) +
        fail(0xfffffff0, streams=3, buffer=40) + enqueue(2, 30) + produce(1) +
        sack(1),
    # TSN wrap on the sender.
    'tx_tsn_wrap': config(tx_tsn=0xfffffff8) +
        b''.join(enqueue(0, 10) for i in range(16)) + produce(8) + produce(8) +
        sack(4, [(2, 6)]) + sack(6, [(3, 3)]) + sack(10) + bogus(0x10, 3) +
        bogus(1, 7) + bogus(2, 0) + bogus(3, 0),
    # Receiver: out of order, gaps, duplicates, fragments (B/E), unordered,
    # invalid stream, pops with and without a buffer. TSN deltas count from
    # the cumulative point + 1, SSN deltas from the stream's next SSN.
    'rx_reorder_fragments': config() +
        data(2, ssn=2) + data(0) + data(0) + data(-2) + data(-5) +
        data(2, stream=1, b=False) + data(1, stream=1, b=False, e=False) +
        data(0, stream=1, e=False) + data(0, stream=2, u=True) +
        data(0, stream=5) + data(0, stream=1) + pop(4) + pop(4, into=3) +
        announce() + data(0, stream=3, e=False, u=True) +
        data(0, stream=3, b=False, u=True) + pop(2),
    # Too large a message, contradicting fragments, block limit, no space.
    'rx_limits': config(fragments=6, rx_bytes=700, max_message=500,
                        blocks=2) +
        data(0, e=False, length=200) + data(0, b=False, e=False, length=200) +
        data(0, b=False, length=200) + data(0, e=False) +
        data(0, b=False, length=250) + data(2, ssn=1) + data(4, ssn=2) +
        data(6, ssn=3) + data(0, b=False) + data(0, length=250) + pop(4) +
        data(0, length=250) + data(0, e=False) + data(0, b=False, u=True) +
        b''.join(data(0, ssn=1, length=10) for _ in range(7)) + pop(4),
    # Receiver TSN wrap, a restart, far TSNs (out of window, behind).
    'rx_wrap_restart': config(rx_tsn=0xfffffffd, window=100) +
        data(0) + data(1, ssn=1) + data(0) + data(3, ssn=1) + data(0) +
        data(0, absolute=0x7fffffff) + data(0, absolute=2000) +
        data(120) + pop(4) + rx_restart(123, streams=2) + data(0) +
        data(0) + data(0, stream=1) + data(0, stream=2) + announce(False) +
        pop(4),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    os.makedirs(out, exist_ok=True)
    for name, seed in sorted(SEEDS.items()):
        with open(os.path.join(out, name + '.bin'), 'wb') as f:
            f.write(seed)
    print(f'{len(SEEDS)} seeds in {out}')


if __name__ == '__main__':
    main()
