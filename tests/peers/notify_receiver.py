#!/usr/bin/env python3
"""An independent receiver of service notifications, for the tests.

Usage: notify_receiver.py ADDRESS COUNT READY_FILE TIMEOUT_SEC [MODE]

Binds ADDRESS (a path, or @name in the abstract namespace) as an AF_UNIX datagram socket with
SO_PASSCRED, as systemd does, optionally chmods a path socket to MODE (octal), writes READY_FILE,
then receives up to COUNT datagrams (for at most TIMEOUT_SEC) and prints them as a JSON array of
{text, pid, uid, gid}: the credentials are the ones the kernel attached.
"""
import json
import os
import socket
import struct
import sys
import time

address, count, ready_file, timeout = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
sock.bind('\0' + address[1:] if address.startswith('@') else address)
if len(sys.argv) > 5 and not address.startswith('@'):
    os.chmod(address, int(sys.argv[5], 8))
open(ready_file, 'w').close()
received = []
end = time.monotonic() + timeout
while len(received) < count and time.monotonic() < end:
    sock.settimeout(max(0.01, end - time.monotonic()))
    try:
        data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(12))
    except socket.timeout:
        break
    pid = uid = gid = None
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid, uid, gid = struct.unpack('iII', payload[:12])
    received.append({'text': data.decode('utf-8'), 'pid': pid, 'uid': uid, 'gid': gid})
if not address.startswith('@'):
    os.unlink(address)
print(json.dumps(received))
