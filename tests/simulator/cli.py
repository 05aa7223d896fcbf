# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Command line: ``python3 tests/simulator --host 127.0.0.1 --port 0 [options]``.

The first line printed on standard output is ``OVH API simulator listening on http://HOST:PORT/1.0``
(flushed at once, so that a parent process can read the port). Nothing else is printed on standard
output; ``--verbose`` logs requests and tracebacks on standard error. SIGTERM, SIGINT and SIGHUP
(unless inherited as ignored: nohup) stop the server cleanly (exit status 0), after a last save of the state when ``--state`` is given,
and so does the end of the parent process with ``--exit-with-parent``; one line on standard error
says why it stopped (with the signal's sender where the platform tells it).
"""

import argparse
import json
import os
import signal
import sys
import threading

from . import __version__
from .catalogue import Catalogue
from .server import App, SimulatorHTTPServer
from .state import Store


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='python3 tests/simulator',
        description='Stateful simulator of the OVHcloud API v1 for domain orders (see tests/simulator/README.md).')
    parser.add_argument('--host', default='127.0.0.1', help='address to listen on (default: 127.0.0.1)')
    parser.add_argument('--port', type=int, default=0, help='port to listen on; 0 picks a free port (default: 0)')
    parser.add_argument('--latency-ms', type=int, default=0, metavar='N', help='delay every API request by N milliseconds')
    parser.add_argument('--state', metavar='FILE', help='load the state from FILE at start and save it there after every change')
    parser.add_argument('--catalogue', metavar='FILE', help='JSON catalogue replacing the default one (see --dump-catalogue)')
    parser.add_argument('--advance-on-poll', action='store_true',
                        help='advance a paid order one step on each GET /me/order/{orderId}/status')
    parser.add_argument('--instant-delivery', action='store_true',
                        help='deliver a paid order at once, in the request that pays it (checking, delivering, delivered)')
    parser.add_argument('--token-ttl', type=int, default=3600, metavar='SECONDS', help='lifetime of OAuth2 access tokens (default: 3600)')
    parser.add_argument('--dump-catalogue', action='store_true', help='print the default catalogue as JSON and exit')
    parser.add_argument('--verbose', action='store_true', help='log requests and errors on standard error')
    parser.add_argument('--exit-with-parent', action='store_true',
                        help='stop (cleanly, exit status 0) as soon as the process that started the simulator has ended')
    parser.add_argument('--version', action='version', version='%(prog)s ' + __version__)
    args = parser.parse_args(argv)
    if args.latency_ms < 0 or args.token_ttl <= 0 or not 0 <= args.port <= 65535:
        parser.error('--latency-ms must be >= 0, --token-ttl > 0 and --port between 0 and 65535')
    return args


def main(argv=None):
    parent = os.getppid()  # as early as possible, for --exit-with-parent
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.dump_catalogue:
        print(json.dumps(Catalogue().dump(), indent=2, sort_keys=True))
        return 0
    try:
        catalogue = Catalogue.from_file(args.catalogue) if args.catalogue else Catalogue()
        store = Store(args.state)
        app = App(store, catalogue, latency_ms=args.latency_ms, advance_on_poll=args.advance_on_poll,
                  token_ttl=args.token_ttl, verbose=args.verbose, instant_delivery=args.instant_delivery)
        server = SimulatorHTTPServer((args.host, args.port), app)
    except (OSError, ValueError) as error:
        sys.stderr.write('OVH API simulator: cannot start: %s\n' % error)
        return 2
    # Block the stop signals before any thread starts (threads inherit the mask): the main thread
    # takes them with sigtimedwait, which also names their sender.
    # SIGTERM and SIGINT stop it even when inherited as ignored (a background job of a script):
    # their disposition is reset. An inherited ignored SIGHUP (nohup) stays ignored: it is left
    # unblocked, since Linux keeps a blocked signal pending even when ignored (sigtimedwait takes it).
    stop_signals = tuple(signum for signum in STOP_SIGNALS
                         if signum != getattr(signal, 'SIGHUP', None) or signal.getsignal(signum) != signal.SIG_IGN)
    waits_for_signals = hasattr(signal, 'sigtimedwait') and hasattr(signal, 'pthread_sigmask')
    stop = threading.Event()
    received = []
    if waits_for_signals:
        for signum in stop_signals:
            signal.signal(signum, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    else:
        def request_stop(signum, frame):
            received.append(signum)
            stop.set()

        for signum in stop_signals:
            signal.signal(signum, request_stop)
    if not args.exit_with_parent:
        parent = None

    port = server.server_address[1]
    host = '[%s]' % args.host if ':' in args.host else args.host
    sys.stdout.write('OVH API simulator listening on http://%s:%d/1.0\n' % (host, port))
    sys.stdout.flush()

    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1}, name='simulator')
    thread.daemon = True
    thread.start()
    reason = None
    while reason is None:
        if waits_for_signals:
            info = signal.sigtimedwait(stop_signals, 0.1)
            if info is not None:
                reason = 'stopping on %s %s' % (signal.Signals(info.si_signo).name, describe_sender(info.si_pid))
        elif stop.wait(0.1):
            reason = 'stopping on %s' % signal.Signals(received[0]).name
        if reason is None and parent is not None and os.getppid() != parent:
            reason = 'stopping: the process that started it (pid %d) has ended (--exit-with-parent)' % parent
        if reason is None and not thread.is_alive():
            say('the server thread ended unexpectedly; exiting')
            return 1
    say(reason)
    server.shutdown()
    server.server_close()
    with store.lock:
        if store.path:
            store.save()
    return 0


STOP_SIGNALS = tuple(getattr(signal, name) for name in ('SIGTERM', 'SIGINT', 'SIGHUP') if hasattr(signal, name))


def describe_sender(pid):
    """``from pid N (its command line)`` for a signal's sender, as far as the platform tells."""
    if not pid:
        return 'from the kernel or the terminal'
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as handle:
            command = handle.read().replace(b'\0', b' ').decode('utf-8', 'replace').strip()
    except OSError:
        command = ''
    return 'from pid %d (%s)' % (pid, command[:300]) if command else 'from pid %d' % pid


def say(message):
    """One line on standard error; a closed or broken standard error never stops the simulator."""
    try:
        sys.stderr.write('OVH API simulator: %s\n' % message)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
