# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""`make bench`: what a domain order, a renewal and a portfolio report cost, against the OVH API simulator.

    make bench                                     the default scenarios (about 20 minutes on 2 busy cores)
    make bench BENCH_ARGS=--quick                  a few scenarios (about 3 minutes)
    make bench BENCH_ARGS='--scenarios role-1,rerun --repeat 1'
    make bench BENCH_ARGS=--list                   the scenarios

The role runs as users run it (`ansible-playbook playbooks/order_domain.yml -e @vars.yml`, the
credentials in the OVH_* variables) and is compared with scripts/bench/reference_order.py, the
OVHcloud guide's minimal sequence in python-ovh. Two simulators are started (loopback only, with
--advance-on-poll): one answers at once, one after --slow-ms (100 ms). Each run starts from a reset
simulator, with fresh domain names, and past orders seeded with POST /_sim/orders when the scenario
has them. Counted per run: API calls by method (the simulator's request log, /_sim/ excluded,
GET /auth/time and OAuth2 token requests included), mutating calls (POST, PUT, DELETE, token
requests excepted), tasks and module runs (scripts/bench/callback_plugins/bench_counter.py), and the
wall time of the whole ansible-playbook or script process.

Calls, module runs and tasks come from the runs at 0 ms; wall times are the median of --repeat runs
when the first run takes at most --cheap-seconds, of one run otherwise. The scenarios with past
orders are there for their calls: they run once, at 0 ms only (the current role reads every past
order, so they would take many minutes at 100 ms), and with 20 domains only when named. The
wall-time comparisons (1 and 20 domains, role against reference, ovh_order_info against a uri GET)
also run at 100 ms.

After the order: `renew-20` renews 20 seeded domains with playbooks/renew_domains.yml (the
domain_renew role) and `renew-rerun` runs it again once the renewal is delivered; `portfolio-500`
reports a seeded portfolio of 500 domains with playbooks/portfolio_report.yml (POST /_sim/portfolio:
varied states and expiry dates, an open task every 50 domains; no prices), also at 100 ms; and
`portfolio-rpm60` reports 30 domains with requests_per_minute=60, a run of over a minute whose
busiest 60 seconds of the request log (one-second resolution) show whether the limit held.

It prints a markdown table, ratios and targets (PASS/MISS), and writes every figure to
.bench/results.json; each run's output is kept in .bench/logs/. It is a benchmark, not a test: a
MISS does not fail; the exit status is 1 only when a run failed (or its result was wrong).
"""

import argparse
import contextlib
import fnmatch
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / 'scripts' / 'bench'
SIMULATOR_DIR = REPO_ROOT / 'tests' / 'simulator'
PLAYBOOK = 'playbooks/order_domain.yml'
OUTPUT_DIR = REPO_ROOT / '.bench'

APPLICATION_KEY = 'sim-application-key'
APPLICATION_SECRET = 'sim-application-secret'
CONSUMER_KEY = 'sim-consumer-key'
METHODS = ('GET', 'POST', 'PUT', 'DELETE')
MUTATING = ('POST', 'PUT', 'DELETE')
TOKEN_PATH = '/auth/oauth2/token'
TLDS = ('com', 'fr', 'net', 'org')
DOMAIN_COUNTS = (1, 5, 20)
PAST_ORDERS = (0, 200, 1000)
MAX_PRICE = 1000
UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
QUICK = ('reference-1', 'role-1', 'reference-1-past1000', 'role-1-past1000', 'rerun', 'order-info', 'uri-get')
RENEW_PLAYBOOK = 'playbooks/renew_domains.yml'
REPORT_PLAYBOOK = 'playbooks/portfolio_report.yml'
RENEWED_DOMAINS = 20
PORTFOLIO_SIZE = 500
OPEN_TASKS_EVERY = 50
RPM_DOMAINS, RPM_LIMIT = 30, 60


class RunFailed(Exception):
    """A run exited non-zero or did not do what it should have."""


# -- scenarios -----------------------------------------------------------------------------------
class Scenario:
    """``slow``: also measured at --slow-ms; ``default``: in the default set (the others only when named)."""

    def __init__(self, name, kind, title, domains=1, past=0, slow=False, default=True, rpm=None):
        self.name, self.kind, self.title = name, kind, title
        self.domains, self.past, self.slow, self.default, self.rpm = domains, past, slow, default, rpm


def all_scenarios():
    scenarios = []
    for past in PAST_ORDERS:
        for count in DOMAIN_COUNTS:
            suffix = '-past%d' % past if past else ''
            slow = past == 0 and count in (1, 20)
            where = ', %d past orders' % past if past else ''
            # 20 domains with past orders: the current role reads every past order once per domain
            # (about 82,000 calls and 7 minutes with 1000), so only when asked for.
            default = not (past and count == 20)
            scenarios.append(Scenario('reference-%d%s' % (count, suffix), 'reference',
                                      'reference (python-ovh), %d new domain%s%s' % (count, 's' if count > 1 else '', where), count, past, slow,
                                      default))
            scenarios.append(Scenario('role-%d%s' % (count, suffix), 'role',
                                      'role, %d new domain%s%s' % (count, 's' if count > 1 else '', where), count, past, slow, default))
    scenarios.append(Scenario('rerun', 'rerun', 'role rerun after a 1-domain order'))
    scenarios.append(Scenario('pair-1', 'pair', 'two role runs at once, the same new domain (both runs)', slow=True))
    scenarios.append(Scenario('order-info', 'order_info', 'ovh_order_info order_id (one task)', slow=True))
    scenarios.append(Scenario('uri-get', 'uri', 'uri GET /me/order/{id}, signed in Jinja (one task)', slow=True))
    scenarios.append(Scenario('renew-%d' % RENEWED_DOMAINS, 'renew', 'domain_renew role, %d domains in one order' % RENEWED_DOMAINS,
                              RENEWED_DOMAINS, slow=True))
    scenarios.append(Scenario('renew-rerun', 'renew_rerun', 'domain_renew rerun after the delivery (%d domains)' % RENEWED_DOMAINS,
                              RENEWED_DOMAINS))
    scenarios.append(Scenario('portfolio-%d' % PORTFOLIO_SIZE, 'portfolio', 'portfolio_report.yml, %d domains' % PORTFOLIO_SIZE,
                              PORTFOLIO_SIZE, slow=True))
    scenarios.append(Scenario('portfolio-rpm%d' % RPM_LIMIT, 'portfolio', 'portfolio_report.yml, %d domains, %d requests a minute'
                              % (RPM_DOMAINS, RPM_LIMIT), RPM_DOMAINS, rpm=RPM_LIMIT))
    return scenarios


def select_scenarios(args):
    scenarios = all_scenarios()
    if args.scenarios:
        patterns = [pattern.strip() for pattern in args.scenarios.split(',') if pattern.strip()]
        unknown = [pattern for pattern in patterns if not any(fnmatch.fnmatchcase(s.name, pattern) for s in scenarios)]
        if unknown:
            raise SystemExit('unknown scenario %s (see --list)' % ', '.join(unknown))
        return [s for s in scenarios if any(fnmatch.fnmatchcase(s.name, pattern) for pattern in patterns)]
    if args.quick:
        return [s for s in scenarios if s.name in QUICK]
    return [s for s in scenarios if s.default]


# -- the simulator -------------------------------------------------------------------------------
class Simulator:
    """A simulator process on a free loopback port, and its control API."""

    def __init__(self, latency_ms, workdir):
        self.latency_ms = latency_ms
        command = [sys.executable, str(SIMULATOR_DIR), '--host', '127.0.0.1', '--port', '0', '--advance-on-poll']
        if latency_ms:
            command += ['--latency-ms', str(latency_ms)]
        self.stderr = open(os.path.join(workdir, 'simulator-%dms.err' % latency_ms), 'w', encoding='utf-8')  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.stderr, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                        text=True, start_new_session=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith('OVH API simulator listening on '):
            self.stop()
            raise RunFailed('the simulator did not start: %r' % line)
        self.base_url = line.rsplit(' ', 1)[-1]
        self.root = self.base_url.rsplit('/', 1)[0]

    def control(self, method, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.root + '/_sim/' + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'} if data else {})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def requests_after(self, request_id):
        return self.control('GET', 'requests?after=%d' % request_id)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.stderr.close()


class RequestLog(threading.Thread):
    """Reads the simulator's request log during a run, in pieces (GET /_sim/requests?after=ID), so
    that no request is lost however long the run (the simulator keeps the last 50,000)."""

    def __init__(self, sim, after):
        super().__init__(daemon=True)
        self.sim, self.last = sim, after
        self.entries = []
        self.error = None
        self.done = threading.Event()

    def fetch(self):
        for entry in self.sim.requests_after(self.last):
            if entry['id'] != self.last + 1:
                raise RunFailed('the request log skipped from id %d to %d: requests were lost' % (self.last, entry['id']))
            self.entries.append(entry)
            self.last = entry['id']

    def run(self):
        while not self.done.wait(0.5):
            try:
                self.fetch()
            except (RunFailed, OSError, ValueError) as error:
                self.error = error
                return

    def finish(self):
        self.done.set()
        self.join()
        if self.error is not None:
            raise RunFailed(str(self.error))
        self.fetch()
        return self.entries


def route(entry):
    """``GET /order/cart/{cartId}/item/{id}``: a request's method and path, with its ids and names replaced."""
    path = UUID.sub('{cartId}', entry['path'])
    path = re.sub(r'/\d+(?=/|$)', '/{id}', path)
    path = re.sub(r'^/domain/(?!configurationRule|contact)[^/]+', '/domain/{name}', path)
    path = re.sub(r'^/order/cartServiceOption/domain/[^/]+', '/order/cartServiceOption/domain/{name}', path)
    return '%s %s' % (entry['method'], path)


def count_calls(entries):
    by_method = {method: 0 for method in METHODS}
    routes = {}
    for entry in entries:
        by_method[entry['method']] = by_method.get(entry['method'], 0) + 1
        routes[route(entry)] = routes.get(route(entry), 0) + 1
    return {
        'calls': len(entries),
        'by_method': by_method,
        'routes': dict(sorted(routes.items(), key=lambda item: (-item[1], item[0]))),
        'mutating': sum(1 for entry in entries if entry['method'] in MUTATING and entry['path'] != TOKEN_PATH),
        'errors': sum(1 for entry in entries if not 200 <= entry['status'] < 300),
        'auth_time': sum(1 for entry in entries if entry['path'] == '/auth/time'),
        'token': sum(1 for entry in entries if entry['path'] == TOKEN_PATH),
    }


def kill_tree(pid):
    """Kill a process, its process group and everything below it: Ansible's workers start their own
    sessions, so the group alone is not enough."""
    below = descendants(pid)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    for other in [pid] + below:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(other, signal.SIGKILL)


def descendants(pid):
    """The processes below ``pid`` (from /proc; none where there is no /proc)."""
    children = {}
    with contextlib.suppress(OSError):
        for name in os.listdir('/proc'):
            if not name.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % name, 'rb') as handle:
                    parent = int(handle.read().decode('ascii', 'replace').rsplit(')', 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(name))
    found, pending = [], [pid]
    while pending:
        for child in children.get(pending.pop(), ()):
            found.append(child)
            pending.append(child)
    return found


# -- one run -------------------------------------------------------------------------------------
class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = Path(workdir)
        self.logs = OUTPUT_DIR / 'logs'
        self.run_number = 0
        collections = self.workdir / 'collections' / 'ansible_collections' / 'ovhcloud'
        collections.mkdir(parents=True)
        (collections / 'order').symlink_to(REPO_ROOT, target_is_directory=True)
        (self.workdir / 'home').mkdir()
        self.write_playbooks()

    def environment(self, sim, counter_file):
        env = {name: value for name, value in os.environ.items() if not name.startswith(('OVH_', 'ANSIBLE_'))}
        env.update({
            'PATH': str(Path(sys.executable).parent) + os.pathsep + os.environ.get('PATH', ''),
            'HOME': str(self.workdir / 'home'),  # no ~/.ovh.conf, no ~/.ansible.cfg of this machine
            'OVH_ENDPOINT': sim.base_url,
            'OVH_APPLICATION_KEY': APPLICATION_KEY,
            'OVH_APPLICATION_SECRET': APPLICATION_SECRET,
            'OVH_CONSUMER_KEY': CONSUMER_KEY,
            'ANSIBLE_COLLECTIONS_PATH': str(self.workdir / 'collections'),
            'ANSIBLE_LOCAL_TEMP': str(self.workdir / 'ansible-tmp'),
            'ANSIBLE_REMOTE_TMP': str(self.workdir / 'ansible-remote-tmp'),
            'ANSIBLE_CALLBACK_PLUGINS': str(BENCH_DIR / 'callback_plugins'),
            'ANSIBLE_CALLBACKS_ENABLED': 'bench_counter',
            'BENCH_COUNTER_FILE': str(counter_file),
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_NOCOLOR': '1',
        })
        return env

    def write_playbooks(self):
        (self.workdir / 'order_info.yml').write_text('''---
- name: Read one order with ovhcloud.order.ovh_order_info
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Read the order
      ovhcloud.order.ovh_order_info:
        order_id: "{{ bench_order_id }}"
''', encoding='utf-8')
        # The same route with ansible.builtin.uri, signed as python-ovh signs:
        # "$1$" + sha1_hex(AS+"+"+CK+"+"+METHOD+"+"+URL+"+"+BODY+"+"+TIMESTAMP), TIMESTAMP the local epoch
        # time. The timestamp is the loop's one item, templated once, so that the header and the
        # signature hold the same value.
        (self.workdir / 'uri.yml').write_text('''---
- name: Read one order with a signed ansible.builtin.uri GET
  hosts: localhost
  connection: local
  gather_facts: false
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    bench_url: "{{ lookup('ansible.builtin.env', 'OVH_ENDPOINT') }}/me/order/{{ bench_order_id }}"
    bench_ak: "{{ lookup('ansible.builtin.env', 'OVH_APPLICATION_KEY') }}"
    bench_as: "{{ lookup('ansible.builtin.env', 'OVH_APPLICATION_SECRET') }}"
    bench_ck: "{{ lookup('ansible.builtin.env', 'OVH_CONSUMER_KEY') }}"
  tasks:
    - name: GET /me/order/{id}
      ansible.builtin.uri:
        url: "{{ bench_url }}"
        headers:
          X-Ovh-Application: "{{ bench_ak }}"
          X-Ovh-Consumer: "{{ bench_ck }}"
          X-Ovh-Timestamp: "{{ item }}"
          X-Ovh-Signature: "$1${{ (bench_as ~ '+' ~ bench_ck ~ '+GET+' ~ bench_url ~ '++' ~ item) | hash('sha1') }}"
      loop: ["{{ now().timestamp() | int }}"]
      loop_control:
        label: "GET {{ bench_url }}"
''', encoding='utf-8')

    def fresh_domains(self, count):
        self.run_number += 1
        return ['bench%d-%d.%s' % (self.run_number, number, TLDS[number % len(TLDS)]) for number in range(count)]

    def process(self, command, env, log_name):
        """Run a process to its end; returns its wall time. The whole process group is killed if
        the bench stops first."""
        log_path = self.logs / log_name
        start = time.monotonic()
        with open(log_path, 'w', encoding='utf-8') as log:
            child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,  # pylint: disable=consider-using-with
                                     env=env, cwd=str(REPO_ROOT), start_new_session=True)
            try:
                code = child.wait(timeout=self.args.timeout)
            except subprocess.TimeoutExpired:
                kill_tree(child.pid)
                child.wait()
                raise RunFailed('%s did not end within %s s (--timeout); killed (log: %s)' % (Path(command[1]).name, self.args.timeout, log_path))
            except BaseException:
                kill_tree(child.pid)
                child.wait()
                raise
        wall = time.monotonic() - start
        if code != 0:
            tail = log_path.read_text(encoding='utf-8', errors='replace').splitlines()[-25:]
            raise RunFailed('%s exited with %d (log: %s)\n    %s' % (Path(command[1]).name, code, log_path, '\n    '.join(tail)))
        return wall

    def processes_at_once(self, runs):
        """Start every ``(command, env, log name)`` at once; returns the wall time of the slowest."""
        walls, errors = [], []

        def one(run):
            try:
                walls.append(self.process(*run))
            except BaseException as error:  # pylint: disable=broad-except
                errors.append(error)

        threads = [threading.Thread(target=one, args=(run,)) for run in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]
        return max(walls)

    def role_command(self, domains, tag):
        vars_file = self.workdir / ('vars-%s.yml' % tag)
        variables = {
            'domain_order_domains': [{'name': name, 'duration': 'P1Y'} for name in domains],
            'domain_order_max_price': MAX_PRICE,
            'domain_order_owner_legal_age': True,
            'domain_order_auto_pay': True,
            'domain_order_waive_retractation_period': True,
            'domain_order_poll_interval': 0,
            'domain_order_wait_timeout': 300,
        }
        vars_file.write_text(json.dumps(variables, indent=1), encoding='utf-8')  # JSON is YAML
        return [str(Path(sys.executable).parent / 'ansible-playbook'), PLAYBOOK, '-e', '@' + str(vars_file)]

    def playbook_command(self, playbook, variables, tag):
        vars_file = self.workdir / ('vars-%s.yml' % tag)
        vars_file.write_text(json.dumps(variables, indent=1), encoding='utf-8')  # JSON is YAML
        return [str(Path(sys.executable).parent / 'ansible-playbook'), playbook, '-e', '@' + str(vars_file)]

    def seed_renewals(self, sim, domains):
        """Domains that expire within 5 to 43 days: all due for a renewal of one year."""
        sim.control('POST', 'portfolio', {'domains': [{'domain': name, 'expiresInDays': 5 + 2 * number} for number, name in enumerate(domains)]})
        return self.playbook_command(RENEW_PLAYBOOK, {
            'domain_renew_domains': [{'name': name} for name in domains], 'domain_renew_duration': 'P1Y',
            'domain_renew_max_price': MAX_PRICE, 'domain_renew_auto_pay': True, 'domain_renew_waive_retractation_period': True}, domains[0])

    def run_once(self, sim, scenario, attempt):
        """One run of a scenario on a reset simulator; returns its figures."""
        tag = '%s-%dms-%d' % (scenario.name, sim.latency_ms, attempt)
        sim.control('POST', 'reset')
        if scenario.past:
            sim.control('POST', 'orders', {'count': scenario.past})
        domains = self.fresh_domains(scenario.domains)
        counter_file = self.workdir / ('counts-%s.json' % tag)
        env = self.environment(sim, counter_file)
        if scenario.kind in ('renew', 'renew_rerun'):
            command = self.seed_renewals(sim, domains)
            if scenario.kind == 'renew_rerun':
                self.process(command, self.environment(sim, self.workdir / 'counts-setup.json'), tag + '-setup.log')
                sim.control('POST', 'tick', {'steps': 3})
        elif scenario.kind == 'portfolio':
            sim.control('POST', 'portfolio', {'count': scenario.domains, 'prefix': 'bench%d' % self.run_number, 'openTasksEvery': OPEN_TASKS_EVERY})
            variables = {'report_dir': str(self.workdir / ('report-' + tag)), 'renewal_prices': False}
            if scenario.rpm:
                variables['requests_per_minute'] = scenario.rpm
            command = self.playbook_command(REPORT_PLAYBOOK, variables, tag)
        elif scenario.kind == 'reference':
            command = [sys.executable, str(BENCH_DIR / 'reference_order.py'), '--max-price', str(MAX_PRICE)] + domains
        elif scenario.kind == 'pair':
            commands = [self.role_command(domains, tag + '-a'), self.role_command(domains, tag + '-b')]
            counter_files = [counter_file, self.workdir / ('counts-%s-b.json' % tag)]
        elif scenario.kind in ('role', 'rerun'):
            command = self.role_command(domains, tag)
            if scenario.kind == 'rerun':
                self.process(command, self.environment(sim, self.workdir / 'counts-setup.json'), tag + '-setup.log')
                if not self.delivered(sim, domains):
                    raise RunFailed('the first run (before the rerun) did not order %s' % ', '.join(domains))
        else:
            order = sim.control('POST', 'orders', {'count': 1, 'status': 'delivered'})['orders'][0]
            playbook = 'order_info.yml' if scenario.kind == 'order_info' else 'uri.yml'
            command = [str(Path(sys.executable).parent / 'ansible-playbook'), str(self.workdir / playbook),
                       '-e', 'bench_order_id=%d' % order['orderId']]
        before = sim.control('GET', 'state')
        orders_before = {order['orderId'] for order in before['orders']}
        carts_before = {cart['cartId'] for cart in before['carts']}
        log = sim.control('GET', 'requests')
        reader = RequestLog(sim, log[-1]['id'] if log else 0)
        reader.start()
        try:
            if scenario.kind == 'pair':
                wall = self.processes_at_once([(command, self.environment(sim, path), '%s-%s.log' % (tag, label))
                                               for command, path, label in zip(commands, counter_files, 'ab')])
            else:
                wall = self.process(command, env, tag + '.log')
        except BaseException:
            reader.done.set()
            raise
        entries = reader.finish()
        figures = count_calls(entries)
        figures['wall'] = wall
        if scenario.kind == 'pair':
            both = [self.counts(path, scenario) for path in counter_files]
            figures.update({key: sum(counted[key] for counted in both) for key in ('tasks', 'module_runs', 'retries')}, by_action={})
        else:
            figures.update(self.counts(counter_file, scenario))
        # What the run left in the account: carts (a cart deleted within the run is not counted) and orders.
        state = sim.control('GET', 'state')
        figures['carts'] = len([cart for cart in state['carts'] if cart['cartId'] not in carts_before])
        figures['carts_created'] = len([entry for entry in entries if (entry['method'], entry['path'], entry['status']) == ('POST', '/order/cart', 200)])
        figures['new_orders'] = len([order for order in state['orders'] if order['orderId'] not in orders_before])
        if scenario.kind in ('reference', 'role', 'pair') and not self.delivered(sim, domains, state):
            raise RunFailed('%s exited 0 but %s not all delivered' % (scenario.name, ', '.join(domains)))
        if scenario.kind == 'pair' and figures['new_orders'] != 1:
            raise RunFailed('two runs at once placed %d orders for %s' % (figures['new_orders'], ', '.join(domains)))
        if scenario.kind in ('renew', 'renew_rerun', 'portfolio'):
            figures.update(self.check_after_the_order(scenario, entries, state, orders_before, domains))
        if scenario.kind == 'uri':
            answered = [(entry['status'], entry['authentication']) for entry in entries]
            if answered != [(200, 'signature')]:
                raise RunFailed('the signed uri GET was not accepted by the simulator: %s' % answered)
        return figures

    @staticmethod
    def check_after_the_order(scenario, entries, state, orders_before, domains):
        """What a renewal or a report must have done; returns figures of its own."""
        new = [order for order in state['orders'] if order['orderId'] not in orders_before]
        figures = {}
        if scenario.kind == 'renew' and (len(new) != 1 or sorted(new[0]['domains']) != sorted(domains)):
            raise RunFailed('the renewal did not place one order for the %d domains: %s' % (len(domains), [order['domains'] for order in new]))
        if scenario.kind in ('renew_rerun', 'portfolio') and (new or count_calls(entries)['mutating']):
            raise RunFailed('%s changed something: %d new orders, %d mutating calls' % (scenario.name, len(new), count_calls(entries)['mutating']))
        if scenario.kind == 'portfolio':
            figures['task_calls'] = sum(1 for entry in entries if entry['path'].startswith('/me/task/domain'))
            figures['open_tasks'] = sum(1 for entry in entries if entry['path'].startswith('/me/task/domain/'))
            figures['busiest_minute'] = busiest_minute(entries)
        return figures

    @staticmethod
    def delivered(sim, domains, state=None):
        state = state or sim.control('GET', 'state')
        owned = {record['domain'] for record in state['domains']}
        return all(name in owned for name in domains)

    @staticmethod
    def counts(counter_file, scenario):
        if scenario.kind == 'reference':
            return {'tasks': None, 'module_runs': None}
        try:
            counted = json.loads(counter_file.read_text(encoding='utf-8'))
        except (OSError, ValueError) as error:
            raise RunFailed('the bench_counter callback wrote no counts (%s)' % error)
        return {'tasks': counted['tasks'], 'module_runs': counted['module_runs'], 'retries': counted['retries'],
                'by_action': counted['by_action']}

    def measure(self, sims, plan):
        """Every measurement of the plan, in rounds: each round runs every scenario of a latency once,
        the later rounds only those whose first run was cheap and had no past orders (those are there
        for their calls). Compared scenarios thus alternate, so that a change in the machine's load
        weighs on both. Returns ``(results, failures)``; the first run gives the counts, the wall
        time is the median."""
        runs, failures = {}, []
        for latency in sorted({latency for dummy, latency in plan}):
            scenarios = [scenario for scenario, other in plan if other == latency]
            for attempt in range(1, self.args.repeat + 1):
                for number, scenario in enumerate(scenarios, 1):
                    done = runs.get((scenario.name, latency))
                    if done is None and attempt > 1:
                        continue  # failed
                    if attempt > 1 and (scenario.past or done[0]['wall'] > self.args.cheap_seconds):
                        continue
                    progress = '[%4d ms, round %d, %2d/%d]' % (latency, attempt, number, len(scenarios))
                    try:
                        figures = self.run_once(sims[latency], scenario, attempt)
                    except (RunFailed, OSError, ValueError, KeyError) as error:
                        runs.pop((scenario.name, latency), None)
                        failures.append({'scenario': scenario.name, 'latency_ms': latency, 'error': str(error)})
                        print('%s %-22s FAILED: %s' % (progress, scenario.name, error), flush=True)
                        continue
                    runs.setdefault((scenario.name, latency), []).append(figures)
                    print('%s %-22s %6d calls (%d mutating), %7.2f s' % (
                        progress, scenario.name, figures['calls'], figures['mutating'], figures['wall']), flush=True)
        results = {}
        for (name, latency), done in runs.items():
            result = dict(done[0])
            result['walls'] = [run['wall'] for run in done]
            result['wall'] = statistics.median(result['walls'])
            result['calls_per_run'] = [run['calls'] for run in done]
            results.setdefault(name, {})[latency] = result
        return results, failures


def busiest_minute(entries):
    """The most requests the log dates within any 60 seconds (its dates have a one-second resolution)."""
    import datetime  # pylint: disable=import-outside-toplevel
    seconds = sorted(datetime.datetime.fromisoformat(entry['time']).timestamp() for entry in entries)
    best, start = 0, 0
    for end, moment in enumerate(seconds):
        while moment - seconds[start] >= 60:
            start += 1
        best = max(best, end - start + 1)
    return best


# -- report --------------------------------------------------------------------------------------
def machine():
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        with open('/proc/cpuinfo', encoding='utf-8') as handle:
            for line in handle:
                if line.lower().startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break

    def version(package):
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {'cpu': model, 'cores': os.cpu_count(), 'os': platform.platform(), 'python': platform.python_version(),
            'ansible_core': version('ansible-core'), 'python_ovh': version('ovh'), 'load_average': load_average()}


def load_average():
    """The 1-minute load average (other work on the machine slows the runs down), or None."""
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def seconds(value):
    return '-' if value is None else '%.2f s' % value


def wall_cell(result):
    if result is None:
        return '-'
    runs = len(result['walls'])
    return seconds(result['wall']) + (' (median of %d)' % runs if runs > 1 else '')


def ratio(numerator, denominator):
    if numerator is None or denominator in (None, 0):
        return None
    return numerator / denominator


def figure(results, name, latency, key):
    result = results.get(name, {}).get(latency)
    return None if result is None else result.get(key)


def compute_ratios(results, slow):
    ratios = []

    def add(label, value, unit, source):
        ratios.append({'label': label, 'value': value, 'unit': unit, 'source': source})

    for count in (1, 20):
        add('role / reference wall time, %d domain%s' % (count, 's' if count > 1 else ''),
            ratio(figure(results, 'role-%d' % count, slow, 'wall'), figure(results, 'reference-%d' % count, slow, 'wall')), 'x', '%d ms' % slow)
    for past in PAST_ORDERS:
        for count in DOMAIN_COUNTS:
            suffix = '-past%d' % past if past else ''
            role, reference = figure(results, 'role-%d%s' % (count, suffix), 0, 'calls'), figure(results, 'reference-%d%s' % (count, suffix), 0, 'calls')
            add('role calls - reference calls, %d domain%s%s' % (count, 's' if count > 1 else '', ', %d past orders' % past if past else ''),
                None if role is None or reference is None else role - reference, 'calls', '0 ms')
    add('20-domain role wall / 1-domain role wall', ratio(figure(results, 'role-20', slow, 'wall'), figure(results, 'role-1', slow, 'wall')),
        'x', '%d ms' % slow)
    for count in DOMAIN_COUNTS:
        per_order = per_past_order(results, count)
        add('extra calls per past order, %d domain%s%s' % (count, 's' if count > 1 else '', per_order[1]), per_order[0], 'calls', '0 ms')
    add('ovh_order_info wall / uri GET wall', ratio(figure(results, 'order-info', slow, 'wall'), figure(results, 'uri-get', slow, 'wall')),
        'x', '%d ms' % slow)
    add('ovh_order_info calls / uri GET calls', ratio(figure(results, 'order-info', 0, 'calls'), figure(results, 'uri-get', 0, 'calls')), 'x', '0 ms')
    add('rerun calls', figure(results, 'rerun', 0, 'calls'), 'calls', '0 ms')
    add('rerun mutating calls', figure(results, 'rerun', 0, 'mutating'), 'calls', '0 ms')
    pair, alone = figure(results, 'pair-1', 0, 'calls'), figure(results, 'role-1', 0, 'calls')
    add('two runs at once (same domain): calls of both runs - calls of one run alone', None if pair is None or alone is None else pair - alone,
        'calls', '0 ms')
    add('two runs at once / one run alone, wall time', ratio(figure(results, 'pair-1', slow, 'wall'), figure(results, 'role-1', slow, 'wall')),
        'x', '%d ms' % slow)
    return ratios


def per_past_order(results, count):
    """((calls with N past orders - calls with none) / N, label), N the most past orders measured."""
    base = figure(results, 'role-%d' % count, 0, 'calls')
    for past in sorted(PAST_ORDERS, reverse=True):
        calls = figure(results, 'role-%d-past%d' % (count, past), 0, 'calls') if past else None
        if calls is not None and base is not None:
            return (calls - base) / float(past), ' (%d past orders vs none)' % past
    return None, ''


def compute_targets(results, slow):
    targets = []

    def add(label, value, passed):
        targets.append({'target': label, 'measured': value, 'result': None if passed is None else ('PASS' if passed else 'MISS')})

    role, reference = figure(results, 'role-1', 0, 'calls'), figure(results, 'reference-1', 0, 'calls')
    add('one new domain: calls <= reference + 6',
        None if role is None or reference is None else '%d calls vs %d (%+d), at 0 ms' % (role, reference, role - reference),
        None if role is None or reference is None else role <= reference + 6)
    calls, mutating = figure(results, 'rerun', 0, 'calls'), figure(results, 'rerun', 0, 'mutating')
    add('rerun: <= 4 calls and 0 mutating', None if calls is None else '%d calls, %d mutating, at 0 ms' % (calls, mutating),
        None if calls is None else calls <= 4 and mutating == 0)
    for count in (1, 20):
        value, shown = wall_ratio(results, slow, 'role-%d' % count, 'reference-%d' % count)
        add('role wall <= 3x reference at %d ms (%d domain%s)' % (slow, count, 's' if count > 1 else ''), shown,
            None if value is None else value <= 3)
    carts, orders = figure(results, 'role-20', 0, 'carts'), figure(results, 'role-20', 0, 'new_orders')
    value = ratio(figure(results, 'role-20', slow, 'wall'), figure(results, 'role-1', slow, 'wall'))
    measured = []
    if carts is not None:
        measured.append('%d cart%s, %d order%s left by the run at 0 ms' % (carts, '' if carts == 1 else 's', orders, '' if orders == 1 else 's'))
    if value is not None:
        measured.append('wall %.2fx the 1-domain run at %d ms' % (value, slow))
    passed = None
    if carts is not None or value is not None:
        passed = (carts is None or (carts == 1 and orders == 1)) and (value is None or value <= 2)
    add('20 domains: one cart, one order, wall <= 2x the 1-domain run at %d ms' % slow, ', '.join(measured) or None, passed)
    for count in (1, 5):
        value, label = per_past_order(results, count)
        add('1000 past orders add <= 1.05 calls per order (%d domain%s)' % (count, 's' if count > 1 else ''),
            None if value is None else '%.2f calls per order%s, at 0 ms' % (value, label), None if value is None else value <= 1.05)
    value, shown = wall_ratio(results, slow, 'order-info', 'uri-get')
    add('ovh_order_info by order_id wall <= 1.2x the uri GET at %d ms' % slow, shown, None if value is None else value <= 1.2)
    renew = results.get('renew-%d' % RENEWED_DOMAINS, {}).get(0)
    add('renewal of %d domains: one cart, one order, one checkout POST' % RENEWED_DOMAINS,
        None if renew is None else '%d cart(s) created, %d left, %d order(s), %d checkout POST, %d calls' % (
            renew['carts_created'], renew['carts'], renew['new_orders'], renew['routes'].get('POST /order/cart/{cartId}/checkout', 0), renew['calls']),
        None if renew is None else renew['carts_created'] == 1 and renew['new_orders'] == 1 and renew['routes'].get('POST /order/cart/{cartId}/checkout') == 1)
    rerun = results.get('renew-rerun', {}).get(0)
    add('renewal rerun after the delivery: 0 mutating, <= 1 + 2 calls per domain', None if rerun is None else '%d calls, %d mutating' % (
        rerun['calls'], rerun['mutating']), None if rerun is None else rerun['mutating'] == 0 and rerun['calls'] <= 1 + 2 * RENEWED_DOMAINS)
    report_run = results.get('portfolio-%d' % PORTFOLIO_SIZE, {}).get(0)
    if report_run is None:
        add('portfolio of %d: calls <= 1 + 2 per domain (beside /auth/time and the open tasks)' % PORTFOLIO_SIZE, None, None)
    else:
        core = report_run['calls'] - report_run['auth_time'] - report_run['task_calls']
        add('portfolio of %d: calls <= 1 + 2 per domain (beside /auth/time and the open tasks)' % PORTFOLIO_SIZE,
            '%d calls: %d for the domains, %d /auth/time, %d for the %d open tasks (4 lists + 1 each)' % (
                report_run['calls'], core, report_run['auth_time'], report_run['task_calls'], report_run['open_tasks']),
            core <= 1 + 2 * PORTFOLIO_SIZE)
    paced = results.get('portfolio-rpm%d' % RPM_LIMIT, {}).get(0)
    add('requests_per_minute=%d holds: busiest 60 s of the log <= %d (+1 for its one-second dates)' % (RPM_LIMIT, RPM_LIMIT),
        None if paced is None else '%d requests in the busiest 60 s; %d calls in %.1f s' % (paced['busiest_minute'], paced['calls'], paced['wall']),
        None if paced is None else paced['busiest_minute'] <= RPM_LIMIT + 1)
    return targets


def wall_ratio(results, slow, name, other):
    """``(ratio, 'R.RRx (A s vs B s)')`` of two scenarios' wall times at the slow latency, or ``(None, None)``."""
    mine, theirs = figure(results, name, slow, 'wall'), figure(results, other, slow, 'wall')
    value = ratio(mine, theirs)
    return value, None if value is None else '%.2fx (%s vs %s)' % (value, seconds(mine), seconds(theirs))


def report(scenarios, results, ratios, targets, info, slow):
    lines = []
    busiest = max(value for value in (info['load_average'], info.get('load_average_end'), 0) if value is not None)
    if info['cores'] and busiest > info['cores']:
        lines.append('WARNING: the load average (%.1f) exceeded the %d cores: other work shared the CPUs, so the wall times are '
                     'longer and noisier than on an idle machine; the call counts are exact all the same.' % (busiest, info['cores']))
        lines.append('')
    lines.append('Machine: %s, %s cores, %s; Python %s, ansible-core %s, python-ovh %s; load average %s at the start, %s at the end' % (
        info['cpu'], info['cores'], info['os'], info['python'], info['ansible_core'], info['python_ovh'],
        info['load_average'], info.get('load_average_end')))
    lines.append('')
    lines.append('Calls (by method, mutating), module runs and tasks: the run at 0 ms. Wall time: the whole process, '
                 'at 0 ms%s of simulated API latency.' % (' and at %d ms' % slow if slow else ''))
    lines.append('')
    lines.append('| scenario | GET | POST | PUT | DELETE | calls | mutating | module runs | tasks | wall 0 ms | wall %d ms |' % slow)
    lines.append('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for scenario in scenarios:
        fast, slower = results.get(scenario.name, {}).get(0), results.get(scenario.name, {}).get(slow)
        if fast is None and slower is None:
            continue
        base = fast or slower

        def cell(key, base=base):
            value = base.get(key)
            return '-' if value is None else str(value)
        lines.append('| %s (`%s`) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
            scenario.title, scenario.name,
            base['by_method']['GET'], base['by_method']['POST'], base['by_method']['PUT'], base['by_method']['DELETE'],
            cell('calls'), cell('mutating'), cell('module_runs'), cell('tasks'), wall_cell(fast), wall_cell(slower)))
    lines.append('')
    lines.append('| ratio | value | from |')
    lines.append('| --- | ---: | --- |')
    for entry in ratios:
        value = entry['value']
        if value is None:
            continue
        if entry['unit'] == 'x':
            shown = '%.2fx' % value
        elif isinstance(value, float):
            shown = '%.2f calls' % value
        else:
            shown = '%+d calls' % value if 'reference' in entry['label'] else '%d calls' % value
        lines.append('| %s | %s | %s |' % (entry['label'], shown, entry['source']))
    lines.append('')
    lines.append('| target | measured | result |')
    lines.append('| --- | --- | --- |')
    for entry in targets:
        lines.append('| %s | %s | %s |' % (entry['target'], entry['measured'] or 'not measured', entry['result'] or '-'))
    return '\n'.join(lines)


# -- main ----------------------------------------------------------------------------------------
def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0],
                                     epilog='Scenarios: reference-N and role-N (N = 1, 5, 20 new domains), with -pastP for P past '
                                            'orders (200, 1000); rerun; order-info; uri-get; renew-20, renew-rerun; portfolio-500, '
                                            "portfolio-rpm60. --scenarios takes names or patterns ('role-*'), comma-separated.")
    parser.add_argument('--quick', action='store_true', help='only %s, each run once' % ', '.join(QUICK))
    parser.add_argument('--scenarios', help='comma-separated names or patterns of the scenarios to run (see --list)')
    parser.add_argument('--list', action='store_true', help='list the scenarios and exit')
    parser.add_argument('--repeat', type=int, default=None, help='runs per scenario and latency for the median wall time (default 3; 1 with --quick)')
    parser.add_argument('--cheap-seconds', type=float, default=60,
                        help='repeat only scenarios whose first run took at most this long (default 60); runs with past orders run once')
    parser.add_argument('--slow-ms', type=int, default=100, help='latency of the slow simulator (default 100; 0: no slow runs)')
    parser.add_argument('--timeout', type=float, default=1800, help='seconds a run may take (default 1800)')
    parser.add_argument('--json', default=str(OUTPUT_DIR / 'results.json'), help='where to write the figures (default .bench/results.json)')
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    if args.repeat < 1:
        parser.error('--repeat must be 1 or more')
    return args


def stop_on_signal(signum, frame):
    raise SystemExit(128 + signum)  # the finally clauses then stop the runs and the simulators


def main(argv=None):
    args = parse_args(argv)
    scenarios = select_scenarios(args)
    if args.list:
        for scenario in all_scenarios():
            latencies = '0 and %d ms' % args.slow_ms if scenario.slow and args.slow_ms else '0 ms'
            sets = 'default, quick' if scenario.name in QUICK else 'default' if scenario.default else 'only when named'
            print('%-22s %-62s %-15s %s' % (scenario.name, scenario.title, latencies, sets))
        return 0
    slow = args.slow_ms
    plan = [(scenario, 0) for scenario in scenarios] + [(scenario, slow) for scenario in scenarios if scenario.slow and slow > 0]
    # Also when started in the background, where SIGINT would otherwise be ignored.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop_on_signal)
    started = time.monotonic()
    (OUTPUT_DIR / 'logs').mkdir(parents=True, exist_ok=True)
    for old in (OUTPUT_DIR / 'logs').glob('*.log'):
        old.unlink()
    workdir = tempfile.mkdtemp(prefix='ovhcloud-order-bench.')
    sims = {}
    results, failures = {}, []  # filled in below unless the bench is stopped
    info = machine()
    print('== make bench: %d scenarios, %d measurements; simulators at 0 ms%s (loopback, --advance-on-poll)' % (
        len(scenarios), len(plan), ' and %d ms' % slow if any(latency for dummy, latency in plan) else ''), flush=True)
    try:
        bench = Bench(args, workdir)
        for latency in sorted({latency for dummy, latency in plan}):
            sims[latency] = Simulator(latency, workdir)
        results, failures = bench.measure(sims, plan)
    finally:
        for sim in sims.values():
            sim.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    duration = time.monotonic() - started
    info['load_average_end'] = load_average()
    ratios, targets = compute_ratios(results, slow), compute_targets(results, slow)
    print()
    print(report(scenarios, results, ratios, targets, info, slow))
    print()
    document = {
        'machine': info,
        'options': {'quick': args.quick, 'scenarios': [scenario.name for scenario in scenarios], 'repeat': args.repeat,
                    'cheap_seconds': args.cheap_seconds, 'slow_ms': slow},
        'duration_s': round(duration, 1),
        'results': {name: {'%d ms' % latency: figures for latency, figures in by_latency.items()} for name, by_latency in results.items()},
        'ratios': ratios,
        'targets': targets,
        'failures': failures,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(document, indent=1) + '\n', encoding='utf-8')
    print('Figures written to %s; run logs in %s. The bench took %dm%02ds.' % (args.json, OUTPUT_DIR / 'logs', duration // 60, duration % 60))
    if failures:
        print('FAILED runs: %s' % ', '.join('%s at %d ms' % (failure['scenario'], failure['latency_ms']) for failure in failures))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
