# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the playbook tests: the domain_order role run against a simulator, its result read back."""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest
from playbook_helpers import role_variables, run_saving_result

ROLE_PLAY = """
- name: Order with the role
  hosts: localhost
  gather_facts: false
  roles:
    - role: ovhcloud.order.domain_order
"""


@pytest.fixture
def role(run_playbook, tmp_path):
    """``role(sim, domains, check=False, verbosity=0, **variables)``: the role with ROLE_DEFAULTS and
    ``variables``; the result has ``records``, domain_order_result by domain (Unicode name), or None."""
    def run(sim, domains, check=False, verbosity=0, **variables):
        outcome = run_saving_result(run_playbook, ROLE_PLAY, tmp_path / 'result.json', sim, role_variables(domains, **variables),
                                    check=check, verbosity=verbosity)
        outcome.records = None if outcome.result is None else {entry['domain_unicode']: entry for entry in outcome.result}
        return outcome
    return run


@pytest.fixture
def fast_sim(start_simulator):
    """A simulator of its own whose paid orders advance one step on each status poll."""
    return start_simulator('--advance-on-poll')


SSHD_CONFIG = """Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/host_key
AuthorizedKeysFile {dir}/authorized_keys
PidFile {dir}/sshd.pid
AllowUsers {user}
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


@pytest.fixture(scope='session')
def ssh_host(tmp_path_factory):
    """An OpenSSH server on 127.0.0.1 for this test session (Debian's openssh-server, which .ci/run
    installs), and the inventory variables of a host reached through it with the ssh connection, with
    this Python as the interpreter: a real non-local connection on this machine."""
    sshd = shutil.which('sshd') or '/usr/sbin/sshd'
    if not os.path.exists(sshd):
        pytest.fail('the parity tests need an OpenSSH server (/usr/sbin/sshd): apt-get install openssh-server (.ci/run does)', pytrace=False)
    folder = tmp_path_factory.mktemp('sshd')
    for key in ('host_key', 'client_key'):
        subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', str(folder / key)], check=True)
    (folder / 'authorized_keys').write_text((folder / 'client_key.pub').read_text())
    port, user = _free_port(), getpass.getuser()
    (folder / 'sshd_config').write_text(SSHD_CONFIG.format(port=port, dir=folder, user=user))
    if os.geteuid() == 0:
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)  # sshd's privilege separation directory
    with open(folder / 'sshd.log', 'wb') as log:
        server = subprocess.Popen([sshd, '-D', '-e', '-f', str(folder / 'sshd_config')], stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail('sshd did not start: %s' % (folder / 'sshd.log').read_text(), pytrace=False)
            time.sleep(0.1)
    yield {'ansible_connection': 'ssh', 'ansible_host': '127.0.0.1', 'ansible_port': port, 'ansible_user': user,
           'ansible_ssh_private_key_file': str(folder / 'client_key'), 'ansible_python_interpreter': sys.executable,
           # No connection sharing: its socket path, under pytest's temporary folders, can be too long for a socket.
           'ansible_ssh_args': '-o ControlMaster=no -o ControlPath=none',
           'ansible_ssh_common_args': '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'}
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@pytest.fixture
def two_hosts(ssh_host):
    """An inventory of two hosts on this machine: ``controller`` (the local connection) and ``remote``
    (the ssh connection of ssh_host)."""
    return {'all': {'hosts': {'controller': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable},
                              'remote': ssh_host}}}
