#!/usr/bin/env python3
"""Writes the data-path seeds of association_fuzzer (input format at the top
of association_fuzzer.cc; helpers from association_seeds.py) into
test/fuzz/corpus/association/, named data_*.bin.

    test/fuzz/association_data_seeds.py [OUTDIR]

Each seed establishes an association and then exercises one part of the
data path: DATA out of order, with gaps, duplicates, fragments (B/E),
unordered, on invalid streams, against a full receive window; SACKs with
Gap Ack Blocks, duplicate TSNs, reneging and zero windows against DATA the
endpoint sent; fast retransmit, T3-rtx, shutdown with data outstanding.

The harness is deterministic: after HANDSHAKE the endpoint's first DATA
TSN is ENDPOINT_TSN and the scripted peer's is PEER_TSN, which the raw
packets below use as absolute TSNs.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from association_seeds import (  # noqa: E402
    COOKIE_ACK, COOKIE_ECHO, DATA, HANDSHAKE, INIT, INIT_ACK, OUT, SACK,
    SHUTDOWN, SHUTDOWN_ACK, SHUTDOWN_COMPLETE, adv, associate, ch, misc, raw,
    receive, send, shutdown, tpl)

# Initial TSNs after HANDSHAKE (the harness's random source is seeded).
ENDPOINT_TSN = 349455116
PEER_TSN = 1000

MINUS = 1 << 32  # d offsets below the reference TSN wrap: MINUS - n


def flags(b=True, e=True, u=False, i=False):
    return (8 if i else 0) | (4 if u else 0) | (2 if b else 0) | (1 if e else 0)


def data_a(ssn, b=True, e=True, u=False, i=False):
    """Template DATA `a` byte: SSN (0..15) and flags. a == 0 means B|E, so
    an SSN 0 middle fragment sets I to stay distinct from it."""
    f = flags(b, e, u, i)
    if ssn == 0 and f == 0:
        f = 8
    return (ssn & 0x0f) << 4 | f


def dch(ssn=0, stream=0, size=100, d=0, **kw):
    """Template DATA: d == 0 takes the next peer TSN; d != 0 is next + d."""
    return ch(DATA, a=data_a(ssn, **kw), b=stream, c=size - 1, d=d)


def sch(d=0, gaps=0, shift=0, width=0, dup=False, rwnd=None):
    """Template SACK: Cumulative TSN Ack = highest TSN sent + d; `gaps`
    blocks at offsets 2+3i+shift .. +width; one duplicate TSN if dup."""
    a = (gaps & 3) | (4 if dup else 0) | (0x80 if rwnd is not None else 0)
    return ch(SACK, a=a, b=(width & 0x0f) << 4 | (shift & 3),
              c=rwnd or 0, d=d)


def raw_data(tsn, stream, ssn, size, f=3, ppid=0, fill=0x41):
    chunk_len = 16 + size
    body = struct.pack('>BBHIHHI', 0, f, chunk_len, tsn & 0xffffffff,
                       stream, ssn & 0xffff, ppid) + bytes([fill]) * size
    return body + b'\0' * (-len(body) % 4)


def raw_sack(cum, rwnd, gaps=(), dups=()):
    body = struct.pack('>IIHH', cum & 0xffffffff, rwnd, len(gaps), len(dups))
    for s, e in gaps:
        body += struct.pack('>HH', s & 0xffff, e & 0xffff)
    for t in dups:
        body += struct.pack('>I', t & 0xffffffff)
    return struct.pack('>BBH', 3, 0, 4 + len(body)) + body


def raw_shutdown(cum):
    return struct.pack('>BBHI', 7, 0, 8, cum & 0xffffffff)


def packet(*chunks):
    """Raw packet op: ports, tag and checksum filled in by the harness."""
    return raw(bytes(12) + b''.join(chunks), 0x19)


def sends(n, size, streams=1, flags_=0):
    return b''.join(send(0, i % streams, size, flags_) for i in range(n))


E = ENDPOINT_TSN
P = PEER_TSN

SEEDS = {
    # Receiver: out of order, gaps filled later, duplicates below and at
    # the cumulative point, unordered, then delivery.
    'data_rx_reorder': HANDSHAKE +
        tpl(dch(0)) +                       # 1000: first DATA, SACK at once
        tpl(dch(2, d=2)) + tpl(dch(4, d=4)) +  # 1003, 1005: two blocks
        tpl(dch(3, d=3)) +                  # 1004 joins them
        tpl(dch(1, d=1)) +                  # 1002: SSN 1..4 delivered
        tpl(dch(0, u=True)) +               # 1001 unordered fills: cum 1005
        tpl(dch(0, d=MINUS - 12)) +         # far below cum: duplicate
        tpl(dch(0)) +                       # 1002 again: duplicate
        tpl(dch(0), dch(0)) +               # 1003, 1004 again, one packet
        tpl(dch(0)) + tpl(dch(5)) +         # 1005 again; 1006 SSN 5
        tpl(dch(6, d=3), dch(6, d=3)) +     # 1010 twice in one packet
        receive(0, 255) + receive(0, 255) +
        tpl(dch(7)) + tpl(dch(8)) + receive(0, 4) + tpl(dch(9)) +
        adv(0, 250),
    # Fragmented messages: ordered (E, middle, B arriving backwards),
    # unordered, and one stream's fragments around another's.
    'data_rx_fragments': HANDSHAKE +
        packet(raw_data(P + 2, 1, 0, 300, flags(b=False)),
               raw_data(P + 1, 1, 0, 300, flags(b=False, e=False))) +
        packet(raw_data(P, 1, 0, 300, flags(e=False))) +
        packet(raw_data(P + 3, 2, 0, 200, flags(e=False, u=True)),
               raw_data(P + 5, 2, 0, 200, flags(b=False, u=True))) +
        packet(raw_data(P + 4, 2, 0, 200, flags(b=False, e=False, u=True))) +
        packet(raw_data(P + 9, 3, 1, 50)) +          # SSN 1 waits for 0
        packet(raw_data(P + 6, 3, 0, 100, flags(e=False)),
               raw_data(P + 8, 3, 0, 100, flags(b=False))) +
        packet(raw_data(P + 7, 3, 0, 100, flags(b=False, e=False))) +
        packet(raw_data(P + 12, 4, 2, 10), raw_data(P + 11, 4, 1, 10),
               raw_data(P + 10, 4, 0, 10)) +
        receive(0, 255) + receive(0, 10) + receive(0, 255),
    # Fragments that contradict each other: each ends the association.
    'data_rx_bad_b_after_b': HANDSHAKE +
        tpl(dch(0, e=False)) + tpl(dch(0, e=False)),
    'data_rx_bad_ssn_in_message': HANDSHAKE +
        tpl(dch(0, e=False)) + tpl(dch(1, b=False)),
    'data_rx_bad_stream_in_message': HANDSHAKE +
        tpl(dch(0, e=False), dch(0, stream=1, b=False)),
    'data_rx_bad_u_in_message': HANDSHAKE +
        tpl(dch(0, e=False)) + tpl(dch(0, b=False, u=True)),
    'data_rx_bad_first_not_b': HANDSHAKE + tpl(dch(0, b=False)),
    'data_rx_bad_same_ssn_twice': HANDSHAKE +
        tpl(dch(2, d=1)) + tpl(dch(2, d=2)),
    'data_rx_bad_old_ssn': HANDSHAKE + tpl(dch(0)) + tpl(dch(0)),
    'data_rx_no_user_data': HANDSHAKE +
        packet(raw_data(P, 0, 0, 0)),
    'data_rx_too_large': HANDSHAKE +
        tpl(dch(0, size=1400, e=False), dch(0, size=1400, b=False, e=False),
            dch(0, size=1400, b=False, e=False)) +
        tpl(dch(0, size=1400, b=False, e=False),
            dch(0, size=1400, b=False, e=False),
            dch(0, size=1400, b=False, e=False)),
    # Invalid stream (16 inbound streams): ERROR after the SACK, TSN acked.
    'data_rx_invalid_stream': HANDSHAKE +
        tpl(dch(0, stream=17)) + tpl(dch(0, stream=16), dch(0, stream=1)) +
        tpl(dch(0, stream=19, d=2)) + receive(0, 255),
    # Window: out of window ahead, receive buffer filled to zero, drops at
    # a zero window, then the window update after reading.
    'data_rx_window': HANDSHAKE +
        tpl(dch(0, d=70000)) + tpl(dch(0, d=MINUS - 0x7fffffff)) +
        tpl(dch(0, size=1400), dch(1, size=1400), dch(2, size=1400)) +
        tpl(dch(3, size=1400), dch(4, size=1400)) +
        tpl(dch(5, size=1192)) +            # 8192 held: rwnd 0
        tpl(dch(6, size=10, d=1)) +         # above highest: dropped
        tpl(dch(6, size=10)) +              # no room: dropped
        receive(0, 255) + receive(0, 255) +  # window update SACK
        tpl(dch(6, size=10)) + receive(0, 255) + adv(1, 30),
    # Fragment slots (16) taken by one message that can never complete.
    'data_rx_fragment_slots': HANDSHAKE +
        tpl(dch(0, size=10, e=False)) +
        b''.join(tpl(dch(0, size=10, b=False, e=False),
                     dch(0, size=10, b=False, e=False),
                     dch(0, size=10, b=False, e=False),
                     dch(0, size=10, b=False, e=False)) for _ in range(4)) +
        tpl(dch(0, size=10, b=False)) + tpl(dch(1, stream=2, size=10)) +
        adv(3) + adv(3) + receive(0, 255),
    # Delayed SACK: one packet, then the timer; two packets, then at once.
    'data_rx_delayed_sack': HANDSHAKE + tpl(dch(0)) + tpl(dch(1)) +
        adv(0, 50) + tpl(dch(2)) + adv(3) + tpl(dch(3)) + tpl(dch(4)) +
        tpl(dch(5, i=True)) + adv(3),
    # Sender: a burst of small messages on three streams, then SACKs with
    # Gap Ack Blocks growing on each SACK (HTNA miss indications), a fast
    # retransmit and fast recovery, and its exit.
    'data_tx_fast_retransmit': HANDSHAKE + sends(16, 100, streams=3) +
        tpl(sch(d=MINUS - 14, gaps=1, width=0)) +
        tpl(sch(d=MINUS - 14, gaps=1, width=1)) +
        tpl(sch(d=MINUS - 14, gaps=2, width=1)) +
        tpl(sch(d=MINUS - 14, gaps=3, width=1)) +
        tpl(sch(d=MINUS - 14, gaps=3, shift=1, width=2)) +
        tpl(sch(d=MINUS - 10, gaps=2, width=3)) +
        tpl(sch(d=0)) + sends(2, 200) + tpl(sch(d=0)),
    # Reneging: gap-acked chunks no longer reported, T3-rtx picks them up.
    'data_tx_renege': HANDSHAKE + sends(10, 100) +
        tpl(sch(d=MINUS - 9, gaps=3, width=1)) +
        tpl(sch(d=MINUS - 9)) +
        tpl(sch(d=MINUS - 8, gaps=1, shift=3, width=0)) +
        adv(3) + tpl(sch(d=0)),
    # Zero window from the peer: probing with one chunk, T3-rtx, window
    # opens, queued data flows (cwnd limited, bundled).
    'data_tx_zero_window': HANDSHAKE + send(0, 0, 500) +
        tpl(sch(d=0, rwnd=0)) + sends(6, 1000) + adv(3) +
        tpl(sch(d=0, rwnd=0)) + adv(3) + tpl(sch(d=0, rwnd=300)) +
        tpl(sch(d=0)) + tpl(sch(d=0)) + adv(3) + tpl(sch(d=0)),
    # Large messages fragmented by the endpoint, unordered sends, the cwnd
    # limit, SACKs acking part of the flight, the peer's duplicate report.
    'data_tx_fragments': HANDSHAKE + send(0, 0, 5000, 2) +
        send(0, 1, 3000, 3) + send(0, 2, 1000, 1) +
        tpl(sch(d=MINUS - 2, dup=True)) + tpl(sch(d=0, gaps=1, dup=True)) +
        tpl(sch(d=0)) + tpl(sch(d=0)) + adv(3) + tpl(sch(d=0)),
    # T3-rtx with two peer addresses: retransmission to the alternate,
    # SACKs from the other address, path failure after repeated timeouts.
    'data_tx_t3_multihomed':
        tpl(ch(INIT, a=0x02)) + tpl(ch(COOKIE_ECHO)) + sends(3, 800) +
        adv(3) + tpl(sch(d=MINUS - 1), misc=0x20) + adv(3) + adv(3) +
        tpl(sch(d=0), misc=0x20) + sends(2, 300) + adv(3) + adv(3) +
        adv(3) + adv(3),
    # Raw SACKs against the endpoint's TSNs: blocks out of order,
    # overlapping, reversed, beyond what was sent, a cum ack behind the
    # point and ahead of anything sent, many duplicate TSNs.
    'data_tx_raw_sacks': HANDSHAKE + sends(12, 100, streams=2) +
        packet(raw_sack(E + 1, 65535, [(5, 6), (2, 3), (9, 20)],
                        [E, E + 1, E + 1])) +
        packet(raw_sack(E + 1, 65535, [(3, 2), (2, 4), (4, 8), (0, 0)])) +
        packet(raw_sack(E, 65535, [(1, 2)])) +                  # old cum
        packet(raw_sack(E + 40, 65535, [])) +                   # never sent
        packet(raw_sack(E + 3, 1000, [(1, 1), (1, 1), (65535, 65535)],
                        [E + 100] * 20)) +
        packet(raw_sack(E + 3, 4000, [(2, 8)]),
               raw_sack(E + 4, 4000, [(1, 7)])) +
        packet(raw_sack(E + 11, 65535, [])) + adv(3),
    # Both directions in one packet: SACK bundled before and after DATA.
    'data_bidirectional': HANDSHAKE + sends(4, 300) +
        tpl(sch(d=MINUS - 2), dch(0), dch(1, d=2), sch(d=0)) +
        send(0, 1, 200) + tpl(dch(2, d=1), sch(d=0)) + tpl(dch(3)) +
        adv(0, 300),
    # Shutdown with data outstanding both ways: SHUTDOWN's cum ack, DATA
    # after SHUTDOWN is ignored, the last SACK completes it.
    'data_shutdown_outstanding': HANDSHAKE + sends(4, 500) + tpl(dch(0)) +
        shutdown(0) + tpl(dch(1)) + tpl(sch(d=MINUS - 2)) +
        tpl(ch(SHUTDOWN, d=MINUS - 1)) + tpl(sch(d=0)) +
        tpl(ch(SHUTDOWN_ACK)),
    'data_peer_shutdown_outstanding': HANDSHAKE + sends(3, 500) +
        tpl(ch(SHUTDOWN, d=MINUS - 1)) + tpl(dch(0)) + adv(3) +
        tpl(sch(d=0)) + tpl(ch(SHUTDOWN_COMPLETE)),
    # Active side: data queued in COOKIE-WAIT, bundled with COOKIE ECHO.
    'data_active_bundled': associate(0) + sends(3, 200) +
        tpl(ch(INIT_ACK, c=40)) + tpl(ch(COOKIE_ACK)) + tpl(sch(d=0)) +
        tpl(dch(0)) + receive(0, 255),
    # Data lost entirely: T3-rtx until the association gives up.
    'data_tx_retransmit_limit': HANDSHAKE + sends(5, 1200) +
        b''.join(adv(3) for _ in range(8)) + misc(0, 5),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else OUT
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(SEEDS.items()):
        with open(os.path.join(out, name + '.bin'), 'wb') as f:
            f.write(data)
    print(f'{len(SEEDS)} seeds in {out}')


if __name__ == '__main__':
    main()
