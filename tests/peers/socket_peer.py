#!/usr/bin/env python3
"""Hostile and unlucky Unix socket clients for the reliability suite. Every mode ends on its own (bounded in time).

  flood PATH N        connects up to N stream clients (each sends one line and stays; it stops when 20 in a
                      row find the backlog full), then closes them all and sends 'last'; prints 'connected C refused R'
  slow PATH           one client sends requests and never reads a reply; then another client asks once and
                      prints 'fast REPLY SECONDS'
  passfds PATH N      N datagrams, each carrying a pipe's descriptor (SCM_RIGHTS); prints 'sent N'
  passfds-stream PATH N   the same over one stream connection, one line per message
  squat NAME          binds the abstract NAME and listens for 8 s; prints 'squatter got BYTES' (what came)
  intrude NAME        connects to the abstract NAME and sends 'intruder'; prints 'intruder connected'
  notify PATH         what systemd-notify --ready does: READY=1 with a pipe's write end passed, then waits
                      (at most 10 s) for the receiver to close it; prints 'closed SECONDS' or 'timed out'
"""
import os
import resource
import select
import socket
import sys
import time


def waiting_socket(seconds):
    """A blocking stream socket whose connect(2) waits for backlog room at most this long (SO_SNDTIMEO)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    whole = int(seconds)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                 whole.to_bytes(8, 'little') + int((seconds - whole) * 1e6).to_bytes(8, 'little'))
    return s


def flood(path, n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, n + 64)), hard))
    clients, refused, in_a_row = [], 0, 0
    deadline = time.monotonic() + 60
    for i in range(n):
        # Twenty refusals in a row: the receiver has stopped accepting and its backlog is full.
        if time.monotonic() > deadline or in_a_row >= 20:
            break
        s = waiting_socket(0.05)
        try:
            s.connect(path)
            s.sendall(b'flood %d\n' % i)
            clients.append(s)
            in_a_row = 0
        except OSError:
            s.close()
            refused += 1
            in_a_row += 1
    for s in clients:
        s.close()
    last = waiting_socket(30)
    last.connect(path)
    last.sendall(b'last\n')
    last.close()
    print('connected %d refused %d' % (len(clients), refused), flush=True)


def slow(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.setblocking(False)
    sent = 0
    try:
        while sent < 64 * 1024 * 1024:
            sent += s.send(b'req\n' * 4096)
    except BlockingIOError:
        pass
    time.sleep(0.5)
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.settimeout(30)
    c.connect(path)
    t = time.monotonic()
    c.sendall(b'fast\n')
    reply = b''
    while not reply.endswith(b'\n'):
        chunk = c.recv(100)
        if not chunk:
            break
        reply += chunk
    print('fast %s %.2f' % (reply.decode().strip(), time.monotonic() - t), flush=True)
    time.sleep(3)
    s.close()


def passfds(path, n, stream):
    r, w = os.pipe()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM if stream else socket.SOCK_DGRAM)
    s.settimeout(30)
    s.connect(path)
    for i in range(n):
        socket.send_fds(s, [b'fd %d\n' % i], [r, w])
    s.close()
    print('sent %d' % n, flush=True)


def notify(path):
    r, w = os.pipe()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.connect(path)
    socket.send_fds(s, [b'READY=1'], [w])
    os.close(w)
    t = time.monotonic()
    ready, _, _ = select.select([r], [], [], 10)
    if ready and os.read(r, 1) == b'':
        print('closed %.2f' % (time.monotonic() - t), flush=True)
    else:
        print('timed out', flush=True)


def squat(name):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind('\0' + name)
    s.listen(8)
    print('listening', flush=True)
    got = b''
    end = time.monotonic() + 8
    while time.monotonic() < end:
        ready, _, _ = select.select([s], [], [], 0.2)
        if ready:
            c, _ = s.accept()
            c.settimeout(1)
            try:
                got += c.recv(1000)
            except OSError:
                pass
            c.close()
    print('squatter got %r' % got, flush=True)


def intrude(name):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    s.connect('\0' + name)
    s.sendall(b'intruder\n')
    print('intruder connected', flush=True)
    time.sleep(0.5)


if __name__ == '__main__':
    mode, path = sys.argv[1], sys.argv[2]
    if mode == 'flood':
        flood(path, int(sys.argv[3]))
    elif mode == 'slow':
        slow(path)
    elif mode == 'passfds':
        passfds(path, int(sys.argv[3]), stream=False)
    elif mode == 'passfds-stream':
        passfds(path, int(sys.argv[3]), stream=True)
    elif mode == 'squat':
        squat(path)
    elif mode == 'intrude':
        intrude(path)
    elif mode == 'notify':
        notify(path)
    else:
        sys.exit('unknown mode ' + mode)
