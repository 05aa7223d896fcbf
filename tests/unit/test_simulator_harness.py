# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The test harness itself (tests/conftest.py): a simulator that dies is reported with its exit
code and stderr, and no simulator outlives the test run, whatever ends it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parents[1] / 'conftest.py'

# A conftest for an inner pytest run that holds exactly the fixtures and hooks of tests/conftest.py.
INNER_CONFTEST = '''\
import importlib.util

_spec = importlib.util.spec_from_file_location('ovhcloud_order_tests_conftest', {conftest!r})
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
globals().update({{name: value for name, value in vars(_module).items() if not name.startswith('__')}})
'''


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open('/proc/%d/stat' % pid, encoding='ascii') as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return True


def _all_gone(pids, timeout=10.0) -> list:
    """The pids still running after ``timeout`` seconds (empty when all have ended)."""
    deadline = time.monotonic() + timeout
    while any(_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if _running(pid)]


def _inner_pytest(directory: Path, test_source: str) -> subprocess.Popen:
    """Start pytest on one test file that uses the fixtures of tests/conftest.py."""
    (directory / 'pytest.ini').write_text('[pytest]\n')
    (directory / 'conftest.py').write_text(INNER_CONFTEST.format(conftest=str(CONFTEST)))
    (directory / 'test_inner.py').write_text(test_source)
    env = {name: value for name, value in os.environ.items() if not name.startswith(('PYTEST_', 'COV_'))}
    command = [sys.executable, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', '--rootdir', str(directory),
               '--basetemp', str(directory / 'basetemp'),
               '-c', str(directory / 'pytest.ini'), '--junitxml', str(directory / 'junit.xml'), str(directory / 'test_inner.py')]
    return subprocess.Popen(command, cwd=str(directory), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _pids(path: Path) -> list:
    return [int(line) for line in path.read_text().split()] if path.exists() else []


def test_a_killed_simulator_is_reported_with_its_exit_code(start_simulator):
    simulator = start_simulator()
    assert simulator.state()['carts'] == []
    os.kill(simulator.pid, signal.SIGKILL)
    simulator.process.wait(timeout=10)
    with pytest.raises(RuntimeError) as error:
        simulator.state()
    assert type(error.value).__name__ == 'SimulatorGone'
    message = str(error.value)
    assert 'pid %d' % simulator.pid in message and 'is no longer running: exit code -9 (killed by SIGKILL)' in message
    assert '--exit-with-parent' in message and str(simulator.stderr_path) in message
    assert simulator.stop() == -9  # stopped on purpose: the fixture does not report it again
    assert simulator.stderr_path.exists()  # kept for the message


def test_stderr_is_a_file_that_never_fills(start_simulator):
    """--verbose logs each request line: a pipe nobody reads would block it after 64 KiB."""
    simulator = start_simulator('--verbose')
    for dummy in range(4):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(simulator.base_url + '/' + 'x' * 50000, timeout=10)
        assert error.value.code == 404
    assert simulator.stderr_path.stat().st_size > 4 * 50000
    assert simulator.stop() == 0
    assert not simulator.log_dir.exists()  # a clean stop leaves nothing behind


def test_a_dead_session_simulator_fails_the_test_with_its_exit_code(tmp_path):
    """Died during a test: that test errors at teardown; between tests: the next one at setup. The
    test after that gets a new simulator, and none is left once pytest has ended."""
    pids = tmp_path / 'pids'
    source = '''\
import os
import signal
import time

PIDS = {pids!r}


def note(pid):
    with open(PIDS, 'a') as handle:
        handle.write('%d\\n' % pid)


def test_killed_during_the_test(sim):
    note(sim.pid)
    os.kill(sim.pid, signal.SIGKILL)
    while sim.running():
        time.sleep(0.01)


def test_gets_a_new_simulator(sim):
    note(sim.pid)
    assert sim.state()['carts'] == []


def test_kills_it_outside_any_sim_test():
    pid = int(open(PIDS).read().split()[-1])
    os.kill(pid, signal.SIGTERM)
    while open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()[0] != 'Z':  # our child: a zombie once ended
        time.sleep(0.01)


def test_finds_it_dead_at_setup(sim):
    raise AssertionError('never reached')


def test_gets_another_new_simulator(sim, start_simulator):
    note(sim.pid)
    note(start_simulator().pid)
'''.format(pids=str(pids))
    process = _inner_pytest(tmp_path, source)
    output = process.communicate(timeout=120)[0]
    assert process.returncode == 1, output
    cases = {case.get('name'): case for case in ET.parse(str(tmp_path / 'junit.xml')).getroot().iter('testcase')}

    def error(name):
        found = cases[name].find('error')
        return None if found is None else found.get('message') + (found.text or '')

    first, second, third, started = _pids(pids)
    assert len({first, second, third, started}) == 4
    killed = error('test_killed_during_the_test')
    assert 'failed on teardown' in killed and 'during this test, the simulator started by the tests (pid %d' % first in killed
    assert 'exit code -9 (killed by SIGKILL)' in killed
    assert error('test_gets_a_new_simulator') is None and cases['test_gets_a_new_simulator'].find('failure') is None
    at_setup = error('test_finds_it_dead_at_setup')
    assert 'failed on setup' in at_setup and '(pid %d' % second in at_setup and 'exit code 0' in at_setup
    assert 'stopping on SIGTERM' in at_setup  # the end of its stderr
    assert error('test_gets_another_new_simulator') is None and cases['test_gets_another_new_simulator'].find('failure') is None
    assert 'Connection refused' not in output
    assert _all_gone([first, second, third, started], timeout=0.5) == []


def test_no_simulator_outlives_pytest(tmp_path):
    """Ctrl-C (SIGINT), SIGTERM or SIGKILL of pytest in the middle of a test: every simulator it
    started ends too (by fixture teardown, the SIGTERM handler, or --exit-with-parent). The three
    pytest runs go side by side."""
    runs = {}
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        directory = tmp_path / signum.name
        directory.mkdir()
        source = '''\
import os
import signal
import time


def test_interrupted(sim, start_simulator):
    with open({pids!r}, 'w') as handle:
        handle.write('%d %d\\n' % (sim.pid, start_simulator('--advance-on-poll').pid))
    # Ctrl-C as in a terminal, even when this run inherited an ignored SIGINT (a background job of a script)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.kill(os.getpid(), {signum})
    time.sleep(60)
'''.format(pids=str(directory / 'pids'), signum=int(signum))
        runs[signum] = (directory, _inner_pytest(directory, source))
    for signum, (directory, process) in runs.items():
        output = process.communicate(timeout=120)[0]
        assert process.returncode == (2 if signum == signal.SIGINT else -signum), (signum.name, output)
        started = _pids(directory / 'pids')
        assert len(started) == 2, (signum.name, output)
        assert _all_gone(started) == [], (signum.name, output)
