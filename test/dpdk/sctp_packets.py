"""sctp_packets.py: SCTP packets as bytes, built and parsed by hand, for the
scripts in test/dpdk (netns_peer.py, pcap_golden.py). No scapy here: the
common header, chunks and the CRC32c of RFC 9260 Appendix B are written
out, so that a mistake in scapy's SCTP layer and one in ours cannot hide
each other.
"""

import struct

# Chunk types (RFC 9260 §3.2).
DATA, INIT, INIT_ACK, SACK, HEARTBEAT, HEARTBEAT_ACK, ABORT, SHUTDOWN, \
    SHUTDOWN_ACK, ERROR, COOKIE_ECHO, COOKIE_ACK = range(12)
SHUTDOWN_COMPLETE = 14
CHUNK_NAMES = {DATA: "DATA", INIT: "INIT", INIT_ACK: "INIT ACK", SACK: "SACK",
               HEARTBEAT: "HEARTBEAT", HEARTBEAT_ACK: "HEARTBEAT ACK",
               ABORT: "ABORT", SHUTDOWN: "SHUTDOWN",
               SHUTDOWN_ACK: "SHUTDOWN ACK", ERROR: "ERROR",
               COOKIE_ECHO: "COOKIE ECHO", COOKIE_ACK: "COOKIE ACK",
               SHUTDOWN_COMPLETE: "SHUTDOWN COMPLETE"}
PARAM_STATE_COOKIE = 7
PARAM_HEARTBEAT_INFO = 1


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


CRC_TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def sctp_checksum_field(packet):
    """The checksum bytes of an SCTP packet (Appendix B: CRC32c over the
    packet with a zero checksum field, the CRC's least significant byte
    first on the wire)."""
    zeroed = packet[:8] + b"\0\0\0\0" + packet[12:]
    return struct.pack("<I", crc32c(zeroed))


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def chunk(ctype, flags, value):
    return pad4(struct.pack("!BBH", ctype, flags, 4 + len(value)) + value)


def sctp_packet(sport, dport, vtag, chunks):
    body = struct.pack("!HHII", sport, dport, vtag, 0) + b"".join(chunks)
    return body[:8] + sctp_checksum_field(body) + body[12:]


def data_chunk(tsn, stream, ssn, ppid, payload, flags=0x03):
    return chunk(DATA, flags, struct.pack("!IHHI", tsn, stream, ssn, ppid)
                 + payload)


class Chunk:
    def __init__(self, ctype, flags, value):
        self.type, self.flags, self.value = ctype, flags, value

    def name(self):
        return CHUNK_NAMES.get(self.type, "type %d" % self.type)


class Packet:
    """One received SCTP packet, parsed by hand."""

    def __init__(self, raw):
        if len(raw) < 12:
            raise ValueError("%d bytes: shorter than a common header"
                             % len(raw))
        self.raw = raw
        self.sport, self.dport, self.vtag = struct.unpack("!HHI", raw[:8])
        self.checksum_ok = raw[8:12] == sctp_checksum_field(raw)
        self.chunks = []
        off = 12
        while off + 4 <= len(raw):
            ctype, flags, length = struct.unpack("!BBH", raw[off:off + 4])
            if length < 4 or off + length > len(raw):
                raise ValueError("chunk at %d: bad length %d" % (off, length))
            self.chunks.append(Chunk(ctype, flags, raw[off + 4:off + length]))
            off += length + (-length % 4)

    def types(self):
        return [c.type for c in self.chunks]

    def find(self, ctype):
        return [c for c in self.chunks if c.type == ctype]

    def describe(self):
        return "%d->%d vtag 0x%08x [%s]" % (
            self.sport, self.dport, self.vtag,
            ", ".join(c.name() for c in self.chunks))


def params(value):
    out = []
    off = 0
    while off + 4 <= len(value):
        ptype, length = struct.unpack("!HH", value[off:off + 4])
        if length < 4 or off + length > len(value):
            break
        out.append((ptype, value[off + 4:off + length]))
        off += length + (-length % 4)
    return out
