#!/usr/bin/env python3
"""A stand-in for systemd's side of a Type=notify service with WatchdogSec=, for the tests.

Usage: systemd_standin.py ADDRESS WATCHDOG_USEC PINGS -- COMMAND...

Binds ADDRESS (a path, or @name in the abstract namespace) as an AF_UNIX datagram socket with
SO_PASSCRED, as systemd binds /run/systemd/notify, and starts COMMAND with NOTIFY_SOCKET and
WATCHDOG_USEC set. It waits for READY=1, then for PINGS watchdog pings, then sends SIGTERM (as
systemctl stop does), waits for STOPPING=1 and for the process to end. Every datagram is kept with
the sender's credentials, which the kernel attaches. Prints one JSON object: the conversation and
what the manager would have objected to (a sender other than the service, a missed watchdog).
"""
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time


def main():
    address, watchdog_usec, pings = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    command = sys.argv[sys.argv.index('--') + 1:]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.bind('\0' + address[1:] if address.startswith('@') else address)
    env = dict(os.environ, NOTIFY_SOCKET=address, WATCHDOG_USEC=str(watchdog_usec))
    start = time.monotonic()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    messages, problems = [], []
    state = {'ready': None, 'pings': 0, 'term': None, 'stopping': None}

    def receive(timeout):
        sock.settimeout(timeout)
        try:
            data, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(12))
        except socket.timeout:
            return None
        pid = uid = None
        for level, kind, payload in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid, uid, _ = struct.unpack('iII', payload[:12])
        now = time.monotonic() - start
        text = data.decode('utf-8')
        messages.append({'t': round(now, 3), 'text': text, 'pid': pid, 'uid': uid})
        if pid != child.pid:
            problems.append('datagram from pid %s, not the service (%s): %r' % (pid, child.pid, text))
        fields = text.split('\n')
        if 'READY=1' in fields and state['ready'] is None:
            state['ready'] = now
        if 'WATCHDOG=1' in fields and state['ready'] is not None:
            state['pings'] += 1
        if 'STOPPING=1' in fields and state['stopping'] is None:
            state['stopping'] = now
        return text

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and child.poll() is None:
        receive(0.2)
        if state['ready'] is not None and state['pings'] >= pings and state['term'] is None:
            state['term'] = time.monotonic() - start
            child.send_signal(signal.SIGTERM)
        if state['term'] is not None and state['stopping'] is not None:
            break
    try:
        child.wait(60)
    except subprocess.TimeoutExpired:
        problems.append('the service did not end within 60 s of STOPPING=1')
        child.kill()
        child.wait()
    while receive(0.3) is not None:  # whatever it said on its way out
        pass

    # systemd acts when no WATCHDOG=1 (or READY=1, which starts the watch) came within WatchdogSec.
    times = [m['t'] for m in messages if state['ready'] is not None and m['t'] >= state['ready']
             and ('READY=1' in m['text'].split('\n') or 'WATCHDOG=1' in m['text'].split('\n'))]
    gaps = [b - a for a, b in zip(times, times[1:])]
    max_gap = max(gaps) if gaps else None
    if max_gap is not None and max_gap * 1e6 > watchdog_usec:
        problems.append('watchdog missed: %.3f s without a ping, WatchdogSec is %.3f s' % (max_gap, watchdog_usec / 1e6))
    if state['ready'] is None:
        problems.append('no READY=1')
    if state['term'] is None:
        problems.append('SIGTERM never sent (pings seen: %d)' % state['pings'])
    if address.startswith('/'):
        os.unlink(address)
    out, err = child.communicate()
    print(json.dumps({
        'childPid': child.pid, 'exitCode': child.returncode, 'messages': messages,
        'readyAt': state['ready'], 'termAt': state['term'], 'stoppingAt': state['stopping'],
        'pings': state['pings'], 'maxWatchdogGap': max_gap, 'problems': problems,
        'stdout': out.decode('utf-8', 'replace'), 'stderr': err.decode('utf-8', 'replace'),
    }))


if __name__ == '__main__':
    main()
