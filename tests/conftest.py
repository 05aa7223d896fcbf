# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by every pytest test: the collection on sys.path, the simulator, ansible-playbook."""

from __future__ import annotations

import atexit
import hashlib
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SIMULATOR_DIR = REPO_ROOT / 'tests' / 'simulator'
CALLBACK_DIR = REPO_ROOT / 'tests' / 'callback_plugins'
# ../shared beside the checkout; scripts/test.sh names it when it runs from a copy of the checkout.
SHARED_DIR = Path(os.environ.get('OVHCLOUD_ORDER_SHARED_DIR') or REPO_ROOT.parent / 'shared')
MUTATING_METHODS = ('POST', 'PUT', 'DELETE')

SIM_APPLICATION_KEY = 'sim-application-key'
SIM_APPLICATION_SECRET = 'sim-application-secret'
SIM_CONSUMER_KEY = 'sim-consumer-key'
SIM_READONLY_CONSUMER_KEY = 'sim-readonly-consumer-key'
SIM_CLIENT_ID = 'sim-client-id'
SIM_CLIENT_SECRET = 'sim-client-secret'


def _collections_root() -> Path:
    """A directory holding ansible_collections/ovhcloud/order for this checkout.

    When the checkout already sits at such a path (as `make test` lays it out), that is used;
    otherwise a symlink is made once in the temporary directory, named after the checkout's path.
    """
    if REPO_ROOT.parent.name == 'ovhcloud' and REPO_ROOT.parent.parent.name == 'ansible_collections' and REPO_ROOT.name == 'order':
        return REPO_ROOT.parent.parent.parent
    digest = hashlib.sha1(str(REPO_ROOT).encode()).hexdigest()[:10]
    root = Path(tempfile.gettempdir()) / ('ovhcloud-order-collections-' + digest)
    link = root / 'ansible_collections' / 'ovhcloud' / 'order'
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        try:
            link.symlink_to(REPO_ROOT, target_is_directory=True)
        except FileExistsError:
            pass
    return root


COLLECTIONS_ROOT = _collections_root()
if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))


@pytest.fixture(scope='session')
def collections_path() -> Path:
    return COLLECTIONS_ROOT


def pytest_pycollect_makemodule(module_path, parent):
    """Under ansible-test units, test modules are imported as ``ansible_collections....`` modules and
    their folder is not put on ``sys.path`` as plain pytest does (``prepend`` import mode): do it,
    so that a test imports the helpers of its own folder (``from cart_helpers import ...``) both ways."""
    if parent.config.pluginmanager.hasplugin('ansible_pytest_collections'):
        folder = str(module_path.parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)


def _http(method: str, url: str, body=None, timeout: float = 30, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise AssertionError('%s %s answered %s: %s' % (method, url, exc.code, exc.read()[:500])) from None
    return json.loads(raw) if raw else None


SIMULATOR_START_TIMEOUT = 60
# Every simulator this process started and has not stopped yet (stopped on SIGTERM, SIGHUP, at exit,
# and after each test in a forked test process).
_RUNNING = []
# The process that loaded this file. ansible-test units runs each test in a fork of it
# (its ansible_forked plugin), which ends with os._exit: no fixture teardown, no atexit.
_MAIN_PID = os.getpid()


class SimulatorGone(RuntimeError):
    """A simulator started by the tests is no longer running."""


def _pid_running(pid: int) -> bool:
    """Whether a process that is not our child still runs (a zombie does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open('/proc/%d/stat' % pid, encoding='ascii', errors='replace') as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return True


class Simulator:
    """A simulator process started with the documented command line, and its control API.

    Its standard output and error go to files in ``log_dir``, a new directory in ``log_root``
    (default: the system's temporary directory), never to pipes: a process blocks on a full pipe
    that nobody reads. The first line of standard output gives its URL. It runs with
    ``--exit-with-parent``, so it ends with the process that started it even when that one is
    killed. The directory is removed when ``stop()`` ends it cleanly and is kept (and named in the
    failure message) otherwise.
    """

    def __init__(self, *args: str, python: str = sys.executable, log_root=None):
        self.args = args
        self.owner_pid = os.getpid()
        self.log_dir = Path(tempfile.mkdtemp(prefix='ovh-simulator-', dir=None if log_root is None else str(log_root)))
        self.stdout_path = self.log_dir / 'stdout'
        self.stderr_path = self.log_dir / 'stderr'
        self.command = [python, str(SIMULATOR_DIR), '--host', '127.0.0.1', '--port', '0', '--exit-with-parent', *args]
        self.stop_requested = False
        with open(self.stdout_path, 'wb') as stdout, open(self.stderr_path, 'wb') as stderr:
            self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        _RUNNING.append(self)
        first_line = self._first_line()
        self.base_url = first_line.rsplit(' ', 1)[-1]
        self.root = self.base_url.rsplit('/', 1)[0]

    def _first_line(self) -> str:
        deadline = time.monotonic() + SIMULATOR_START_TIMEOUT
        while True:
            text = self.stdout_path.read_bytes()
            if b'\n' in text:
                line = text.split(b'\n', 1)[0].decode('utf-8', 'replace').strip()
                if line.startswith('OVH API simulator listening on '):
                    return line
                problem = 'printed %r first' % line
                break
            if self.process.poll() is not None:
                problem = 'exited before printing its URL'
                break
            if time.monotonic() > deadline:
                problem = 'printed no URL within %d s' % SIMULATOR_START_TIMEOUT
                break
            time.sleep(0.01)
        self._terminate(timeout=5)
        raise SimulatorGone('the simulator did not start: it %s (%s).\n%s' % (problem, self._describe_exit(), self._output_tail()))

    # control API -------------------------------------------------------------------------------
    def control(self, method: str, path: str, body=None):
        if not self.running():
            raise SimulatorGone(self.gone_message())
        try:
            return _http(method, self.root + '/_sim/' + path.lstrip('/'), body)
        except (OSError, http.client.HTTPException):
            # Connection refused or reset: say so when the reason is that the process has ended.
            if self._ends_within(2.0):
                raise SimulatorGone(self.gone_message()) from None
            raise

    def requests(self) -> list:
        return self.control('GET', 'requests')

    def clear_requests(self) -> None:
        self.control('DELETE', 'requests')

    def mutating_requests(self) -> list:
        return [r for r in self.requests() if r['method'] in MUTATING_METHODS and r['path'] != '/auth/oauth2/token']

    def state(self) -> dict:
        return self.control('GET', 'state')

    def add_fault(self, **rule) -> None:
        self.control('POST', 'faults', rule)

    def clear_faults(self) -> None:
        self.control('DELETE', 'faults')

    def tick(self, steps: int = 1) -> None:
        self.control('POST', 'tick', {'steps': steps})

    def reset(self) -> None:
        self.control('POST', 'reset')

    def new_consumer_key(self, rules, validate: bool = True) -> str:
        """A consumer key with these access rules (``[{'method': 'GET', 'path': '/me'}, ...]``), made
        as OVHcloud makes one: an unsigned ``POST /auth/credential`` with the application key (in the
        request log), then a ``POST`` of its validation URL (unless ``validate=False``)."""
        answer = _http('POST', self.base_url + '/auth/credential', {'accessRules': rules, 'redirection': None},
                       headers={'X-Ovh-Application': SIM_APPLICATION_KEY})
        if validate:
            _http('POST', answer['validationUrl'])
        return answer['consumerKey']

    def api_client(self, consumer_key: str = SIM_CONSUMER_KEY):
        """The collection's own client on this simulator, reading no ovh.conf of the machine: for
        preparing state behind a module's back."""
        from ansible_collections.ovhcloud.order.plugins.module_utils._client import OvhClient
        from ansible_collections.ovhcloud.order.plugins.module_utils._config import resolve_settings

        nowhere = tempfile.mkdtemp(prefix='ovh-conf-none-')
        settings = resolve_settings(environ=self.credentials_env(consumer_key), cwd=nowhere, home=nowhere,
                                    system_config_file=os.path.join(nowhere, 'ovh.conf'))
        return OvhClient(settings)

    def credentials_env(self, consumer_key: str = SIM_CONSUMER_KEY) -> dict:
        return {
            'OVH_ENDPOINT': self.base_url,
            'OVH_APPLICATION_KEY': SIM_APPLICATION_KEY,
            'OVH_APPLICATION_SECRET': SIM_APPLICATION_SECRET,
            'OVH_CONSUMER_KEY': consumer_key,
        }

    # process -----------------------------------------------------------------------------------
    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        if os.getpid() == self.owner_pid:
            return self.process.poll() is None
        # In a forked test process the simulator is not our child: poll() cannot tell.
        return _pid_running(self.process.pid)

    def _ends_within(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.running():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def gone_message(self) -> str:
        """Why the tests cannot use this simulator any more: its exit code and the end of its stderr."""
        return ('the simulator started by the tests (pid %d, %s) is no longer running: %s. It was started as: %s\n%s'
                % (self.process.pid, self.root if hasattr(self, 'root') else 'not started', self._describe_exit(),
                   ' '.join(self.command), self._output_tail()))

    def _describe_exit(self) -> str:
        if self.running():
            return 'still running'
        if os.getpid() != self.owner_pid:
            return 'exit code unknown in this process (pid %d), which did not start it' % os.getpid()
        code = self.process.returncode
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = 'signal %d' % -code
            return 'exit code %d (killed by %s)' % (code, name)
        return 'exit code %d' % code

    def _output_tail(self, limit: int = 3000) -> str:
        try:
            err = self.stderr_path.read_bytes()
        except OSError as error:
            return 'its stderr (%s) cannot be read: %s' % (self.stderr_path, error)
        if not err.strip():
            return 'its stderr (%s) is empty' % self.stderr_path
        text = err[-limit:].decode('utf-8', 'replace')
        return 'its stderr (%s) ends with:\n%s' % (self.stderr_path, text)

    def stop(self, timeout: float = 15) -> int | None:
        """Stop the simulator (SIGTERM, then SIGKILL after ``timeout`` s); returns its exit code.

        A forked test process does not stop the simulators of the process it was forked from
        (``None``)."""
        self.stop_requested = True
        if os.getpid() != self.owner_pid:
            return None
        exited_before = self.process.poll() is not None
        self._terminate(timeout)
        if not exited_before and self.process.returncode == 0:
            shutil.rmtree(self.log_dir, ignore_errors=True)
        return self.process.returncode

    def _terminate(self, timeout: float) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self in _RUNNING:
            _RUNNING.remove(self)


def _stop_simulators_of_this_process() -> None:
    for simulator in list(_RUNNING):
        if simulator.owner_pid == os.getpid():
            try:
                simulator.stop(timeout=5)
            except Exception:  # pylint: disable=broad-except  # stop the others all the same
                pass


atexit.register(_stop_simulators_of_this_process)


def _stop_simulators_and_die(signum, frame):
    """SIGTERM / SIGHUP of pytest: tell our simulators to stop, then die of the signal as before.

    (No waiting here: the interrupted code may be waiting for one of them.)"""
    for simulator in list(_RUNNING):
        if simulator.owner_pid == os.getpid():
            try:
                os.kill(simulator.pid, signal.SIGTERM)
            except OSError:
                pass
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def pytest_configure(config):
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(signum) == signal.SIG_DFL:
                signal.signal(signum, _stop_simulators_and_die)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if os.getpid() != _MAIN_PID:
        # A forked test process ends with os._exit right after this: stop what it started.
        _stop_simulators_of_this_process()


class _SharedSimulator:
    """The session's simulator, replaced by a new one when it has died (after reporting it)."""

    def __init__(self):
        self.simulator = None
        self.log_root = None

    def get(self) -> Simulator:
        if self.simulator is not None and self.simulator.stop_requested and self.simulator.owner_pid == os.getpid():
            self.simulator = None  # a test stopped it on purpose
        if self.simulator is None:
            self.simulator = Simulator(log_root=self.log_root)
        return self.simulator

    def gone(self, simulator: Simulator) -> str:
        """The message about the dead simulator; the next test gets a new one (when this process
        started it: a forked test process cannot replace its parent's)."""
        if simulator is self.simulator and simulator.owner_pid == os.getpid():
            simulator.stop()
            self.simulator = None
        return simulator.gone_message()

    def stop(self) -> None:
        if self.simulator is not None and self.simulator.owner_pid == os.getpid():
            self.simulator.stop()
            self.simulator = None


_SHARED = _SharedSimulator()


def pytest_collection_finish(session):
    """Under ansible-test units every test runs in a fork: start the shared simulator before the
    forks, so that they all use it (as a plain pytest run does) instead of one each."""
    if session.config.pluginmanager.hasplugin('ansible_forked') and any('sim' in getattr(item, 'fixturenames', ()) for item in session.items):
        _SHARED.get()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    if os.getpid() == _MAIN_PID:
        _SHARED.stop()


def _log_root(tmp_path_factory) -> Path:
    """Where the fixtures' simulators keep their stdout and stderr (under pytest's basetemp)."""
    root = tmp_path_factory.getbasetemp() / 'simulators'
    root.mkdir(exist_ok=True)
    return root


@pytest.fixture(scope='session')
def _session_simulator(tmp_path_factory):
    _SHARED.log_root = _log_root(tmp_path_factory)
    yield _SHARED
    if os.getpid() == _MAIN_PID:
        _SHARED.stop()


@pytest.fixture
def sim(_session_simulator) -> Simulator:
    """The shared simulator, back in its initial state (log and faults cleared) for this test.

    If it has died, the test fails at setup (or, when it died during the test, at teardown) with
    its exit code and the end of its stderr, and a new simulator serves the next tests."""
    simulator = _session_simulator.get()
    if not simulator.running():
        pytest.fail(_session_simulator.gone(simulator), pytrace=False)
    simulator.reset()
    yield simulator
    if not simulator.stop_requested and not simulator.running():
        pytest.fail('during this test, ' + _session_simulator.gone(simulator), pytrace=False)


@pytest.fixture
def start_simulator(tmp_path_factory):
    """Start separate simulator processes (stopped at the end of the test).

    ``start_simulator(*args, python=sys.executable)``. One that ended on its own before the end
    of the test (without ``stop()``) fails the test at teardown with its exit code and stderr."""
    started = []
    log_root = _log_root(tmp_path_factory)

    def start(*args: str, python: str = sys.executable) -> Simulator:
        simulator = Simulator(*args, python=python, log_root=log_root)
        started.append(simulator)
        return simulator

    yield start
    problems = []
    for simulator in started:
        if not simulator.stop_requested and not simulator.running():
            problems.append(simulator.gone_message())
        simulator.stop()
    if problems:
        pytest.fail('\n\n'.join(problems), pytrace=False)


class PlaybookResult:
    def __init__(self, completed: subprocess.CompletedProcess, callback: str):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.tasks = {}
        self.stats = {}
        if callback == 'json' and self.stdout.strip():
            # The whole stdout is the callback's one JSON document: nothing else may write there.
            parsed = json.loads(self.stdout)
            for play in parsed.get('plays', []):
                for task in play.get('tasks', []):
                    name = task['task']['name']
                    self.tasks.setdefault(name, []).extend(task['hosts'].values())
            self.stats = parsed.get('stats', {})

    def task(self, name: str) -> dict:
        """The localhost result of the one task with that name (fails if it did not run)."""
        assert name in self.tasks, 'task %r did not run; tasks: %s\n%s' % (name, list(self.tasks), self.stderr[-3000:])
        return self.tasks[name][-1]

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def __repr__(self):
        return 'PlaybookResult(rc=%s)\nSTDOUT:\n%s\nSTDERR:\n%s' % (self.rc, self.stdout[-6000:], self.stderr[-3000:])


@pytest.fixture
def run_playbook(tmp_path, collections_path):
    """Run ansible-playbook on localhost with this collection (or on the hosts of ``inventory``, an
    inventory as a dict); returns a PlaybookResult."""
    counter = [0]

    def run(playbook, *, extra_vars=None, check=False, diff=False, verbosity=0, env=None, callback='json', timeout=600, inventory=None,
            args=()):
        if isinstance(playbook, (str, Path)) and Path(str(playbook)).suffix in ('.yml', '.yaml') and '\n' not in str(playbook):
            playbook_path = Path(playbook)
        else:
            counter[0] += 1
            playbook_path = tmp_path / ('playbook_%d.yml' % counter[0])
            playbook_path.write_text(textwrap.dedent(playbook))
        if inventory is None:
            hosts = ['-i', 'localhost,', '-c', 'local']
        else:
            counter[0] += 1
            inventory_path = tmp_path / ('inventory_%d.yml' % counter[0])
            inventory_path.write_text(json.dumps(inventory))
            hosts = ['-i', str(inventory_path)]
        command = [str(Path(sys.executable).parent / 'ansible-playbook')] + hosts + [str(playbook_path)]
        if extra_vars:
            counter[0] += 1
            vars_path = tmp_path / ('extra_vars_%d.json' % counter[0])
            vars_path.write_text(json.dumps(extra_vars))
            command += ['-e', '@' + str(vars_path)]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        if verbosity:
            command.append('-' + 'v' * verbosity)
        command += list(args)
        run_env = {k: v for k, v in os.environ.items() if not k.startswith('OVH_')}
        run_env.update({
            'ANSIBLE_COLLECTIONS_PATH': str(collections_path),
            'ANSIBLE_STDOUT_CALLBACK': 'tests_json' if callback == 'json' else 'ansible.builtin.' + callback,
            'ANSIBLE_CALLBACK_PLUGINS': str(CALLBACK_DIR),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_RETRY_FILES_ENABLED': '0',
            'ANSIBLE_HOST_KEY_CHECKING': '0',
            'ANSIBLE_LOCALHOST_WARNING': '0',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': '0',
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'ansible-local'),
            'ANSIBLE_HOME': str(tmp_path / 'ansible-home'),
            'HOME': str(tmp_path),
        })
        run_env.update(env or {})
        completed = subprocess.run(command, capture_output=True, text=True, env=run_env, cwd=str(tmp_path), timeout=timeout, check=False)
        return PlaybookResult(completed, callback)

    return run


@pytest.fixture(scope='session')
def optional_shared_schema_dir() -> Path | None:
    """``../shared/ovh-api-schema``, or None when it is absent: for checks that are made only when
    the schema is there, in tests that are not about the schema."""
    path = SHARED_DIR / 'ovh-api-schema'
    return path if path.is_dir() else None


@pytest.fixture(scope='session')
def shared_schema_dir(optional_shared_schema_dir) -> Path:
    """``../shared/ovh-api-schema``; skips the test (one about the schema) when it is absent."""
    if optional_shared_schema_dir is None:
        pytest.skip('the OVH API schema is read from %s, which is absent here' % (SHARED_DIR / 'ovh-api-schema'))
    return optional_shared_schema_dir


class ModuleResult(dict):
    """A module's JSON result, with the process's exit code and stderr kept aside."""

    rc = 0
    stderr = ''

    @property
    def failed(self) -> bool:
        return bool(self.get('failed')) or self.rc != 0


@pytest.fixture
def run_module(tmp_path, collections_path):
    """Run one module of the collection in a subprocess, as Ansible would, and return its result.

    ``run_module('ovh_cart', {'description': 'x'}, sim=sim, check_mode=True, diff=True)``: the
    simulator's credentials are passed through the environment (``OVH_*``) unless ``env`` is given.
    """

    def run(module: str, args: dict, *, sim=None, check_mode: bool = False, diff: bool = False, env=None, timeout=300) -> ModuleResult:
        module_args = dict(args)
        module_args.update({'_ansible_check_mode': check_mode, '_ansible_diff': diff, '_ansible_tmpdir': str(tmp_path)})
        args_path = tmp_path / ('args_%s.json' % module)
        args_path.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': module_args}))
        run_env = {k: v for k, v in os.environ.items() if not k.startswith('OVH_')}
        # Prepended, not replaced: ansible-test units provides ansible-core itself through PYTHONPATH.
        run_env['PYTHONPATH'] = os.pathsep.join([str(collections_path)] + [entry for entry in [os.environ.get('PYTHONPATH')] if entry])
        run_env['HOME'] = str(tmp_path)
        if sim is not None:
            run_env.update(sim.credentials_env())
        run_env.update(env or {})
        completed = subprocess.run(
            [sys.executable, '-m', 'ansible_collections.ovhcloud.order.plugins.modules.' + module, str(args_path)],
            capture_output=True, text=True, env=run_env, cwd=str(tmp_path), timeout=timeout, check=False)
        try:
            result = ModuleResult(json.loads(completed.stdout))
        except ValueError:
            result = ModuleResult(failed=True, msg='module printed no JSON', stdout=completed.stdout)
        result.rc = completed.returncode
        result.stderr = completed.stderr
        return result

    return run
