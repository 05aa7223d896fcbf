# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures shared by every pytest test: the collection on sys.path, the simulator, ansible-playbook."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
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


def _http(method: str, url: str, body=None, timeout: float = 30):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise AssertionError('%s %s answered %s: %s' % (method, url, exc.code, exc.read()[:500])) from None
    return json.loads(raw) if raw else None


class Simulator:
    """A simulator process started with the documented command line, and its control API."""

    def __init__(self, *args: str, python: str = sys.executable):
        command = [python, str(SIMULATOR_DIR), '--host', '127.0.0.1', '--port', '0', *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first_line = self.process.stdout.readline().strip()
        if not first_line.startswith('OVH API simulator listening on '):
            self.process.kill()
            err = self.process.communicate(timeout=10)[1]
            raise RuntimeError('simulator did not start: %r %s' % (first_line, err[-2000:]))
        self.base_url = first_line.rsplit(' ', 1)[-1]
        self.root = self.base_url.rsplit('/', 1)[0]

    # control API -------------------------------------------------------------------------------
    def control(self, method: str, path: str, body=None):
        return _http(method, self.root + '/_sim/' + path.lstrip('/'), body)

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
    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream:
                stream.close()
        return self.process.returncode


@pytest.fixture(scope='session')
def _session_simulator():
    simulator = Simulator()
    yield simulator
    simulator.stop()


@pytest.fixture
def sim(_session_simulator) -> Simulator:
    """The shared simulator, back in its initial state (log and faults cleared) for this test."""
    _session_simulator.reset()
    return _session_simulator


@pytest.fixture
def start_simulator():
    """Start separate simulator processes (stopped at the end of the test)."""
    started = []

    def start(*args: str) -> Simulator:
        simulator = Simulator(*args)
        started.append(simulator)
        return simulator

    yield start
    for simulator in started:
        simulator.stop()


class PlaybookResult:
    def __init__(self, completed: subprocess.CompletedProcess, callback: str):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.tasks = {}
        self.stats = {}
        if callback == 'json' and self.stdout.strip():
            start = self.stdout.find('{')
            parsed = json.loads(self.stdout[start:])
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
    """Run ansible-playbook on localhost with this collection; returns a PlaybookResult."""
    counter = [0]

    def run(playbook, *, extra_vars=None, check=False, diff=False, verbosity=0, env=None, callback='json', timeout=600):
        if isinstance(playbook, (str, Path)) and Path(str(playbook)).suffix in ('.yml', '.yaml') and '\n' not in str(playbook):
            playbook_path = Path(playbook)
        else:
            counter[0] += 1
            playbook_path = tmp_path / ('playbook_%d.yml' % counter[0])
            playbook_path.write_text(textwrap.dedent(playbook))
        command = [str(Path(sys.executable).parent / 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', str(playbook_path)]
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
        run_env['PYTHONPATH'] = str(collections_path)
        run_env['HOME'] = str(tmp_path)
        if sim is not None:
            run_env.update(sim.credentials_env())
        run_env.update(env or {})
        completed = subprocess.run(
            [sys.executable, '-m', 'ansible_collections.ovhcloud.order.plugins.modules.' + module, str(args_path)],
            capture_output=True, text=True, env=run_env, cwd=str(tmp_path), timeout=timeout, check=False)
        try:
            result = ModuleResult(json.loads(completed.stdout[completed.stdout.find('{'):]))
        except ValueError:
            result = ModuleResult(failed=True, msg='module printed no JSON', stdout=completed.stdout)
        result.rc = completed.returncode
        result.stderr = completed.stderr
        return result

    return run
