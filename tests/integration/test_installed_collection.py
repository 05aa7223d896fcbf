# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as a user has it: built, installed with ansible-galaxy into a directory of its own,
its simulator started from the installed copy, and its playbooks run by their fully qualified names
(`ansible-playbook ovhcloud.order.order_domain`, `ansible-playbook ovhcloud.order.order_status`)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import ovh
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SIM_CREDENTIALS = {
    'OVH_APPLICATION_KEY': 'sim-application-key',
    'OVH_APPLICATION_SECRET': 'sim-application-secret',
    'OVH_CONSUMER_KEY': 'sim-consumer-key',
}


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """The collection built from this checkout and installed into a fresh collections directory."""
    work = tmp_path_factory.mktemp('installed')
    env = user_env(work)
    subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'build', '--output-path', str(work / 'dist'), str(REPO_ROOT)],
                   check=True, capture_output=True, text=True, env=env, timeout=300)
    [tarball] = (work / 'dist').glob('ovhcloud-order-*.tar.gz')
    root = work / 'collections'
    completed = subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'install', '--offline', '-p', str(root), str(tarball)],
                               capture_output=True, text=True, env=env, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return root


def user_env(home: Path, collections_root: Path | None = None) -> dict:
    """The environment of a user whose only collections are the installed ones: no OVH_* of this
    machine, a HOME of its own, no collection found on sys.path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(('OVH_', 'ANSIBLE_', 'PYTHONPATH'))}
    env.update({'HOME': str(home), 'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false', 'ANSIBLE_NOCOLOR': '1',
                'ANSIBLE_LOCAL_TEMP': str(home / 'ansible-tmp'), 'ANSIBLE_RETRY_FILES_ENABLED': 'false'})
    if collections_root is not None:
        env['ANSIBLE_COLLECTIONS_PATH'] = str(collections_root)
    return env


class InstalledSimulator:
    """The simulator started from the installed collection, as its README tells a user to."""

    def __init__(self, collections_root: Path):
        script = collections_root / 'ansible_collections' / 'ovhcloud' / 'order' / 'tests' / 'simulator'
        self.process = subprocess.Popen([sys.executable, str(script), '--port', '0'], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        first_line = self.process.stdout.readline().strip()
        assert first_line.startswith('OVH API simulator listening on http://127.0.0.1:'), (first_line, self.stop())
        self.base_url = first_line.rsplit(' ', 1)[-1]
        self.root = self.base_url.rsplit('/', 1)[0]

    def control(self, path: str, method: str = 'GET'):
        request = urllib.request.Request(self.root + '/_sim/' + path, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b'null')

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        stderr = self.process.stderr.read()
        self.process.stdout.close()
        self.process.stderr.close()
        return stderr


@pytest.fixture
def installed_sim(installed):
    simulator = InstalledSimulator(installed)
    yield simulator
    simulator.stop()


def ansible_playbook(installed, sim, tmp_path, *args):
    env = user_env(tmp_path, installed)
    env.update(SIM_CREDENTIALS, OVH_ENDPOINT=sim.base_url, ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default')
    return subprocess.run([str(BIN / 'ansible-playbook'), *args], capture_output=True, text=True, env=env, cwd=str(tmp_path),
                          timeout=600, check=False)


def test_the_installed_copy_is_the_only_one_ansible_sees(installed, tmp_path):
    listed = subprocess.run([str(BIN / 'ansible-galaxy'), 'collection', 'list', 'ovhcloud.order'], capture_output=True,
                            text=True, env=user_env(tmp_path, installed), timeout=120, check=True).stdout
    assert '# %s' % (installed / 'ansible_collections') in listed
    assert listed.count('ovhcloud.order ') == 1, listed


def test_order_domain_by_its_name_in_check_mode(installed, installed_sim, tmp_path):
    variables = tmp_path / 'vars.yml'
    variables.write_text('domain_order_domains: [{name: installed-shop.com}, {name: installed-shop.fr, duration: P2Y}]\n'
                         'domain_order_max_price: 60\ndomain_order_owner_legal_age: true\n')

    run = ansible_playbook(installed, installed_sim, tmp_path, 'ovhcloud.order.order_domain', '-e', '@' + str(variables), '--check')

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-3000:]
    for domain in ('installed-shop.com', 'installed-shop.fr'):
        assert any(domain in line and 'would_order' in line for line in run.stdout.splitlines()), (domain, run.stdout[-3000:])
    # the prices came from the simulator the installed copy started: it saw the offers asked for ...
    offers = [r for r in installed_sim.control('requests') if r['method'] == 'GET' and r['path'].endswith('/domain')]
    assert {r['query'].get('domain') for r in offers} >= {'installed-shop.com', 'installed-shop.fr'}
    # ... and check mode left no cart and no order behind
    state = installed_sim.control('state')
    assert state['orders'] == [] and state['carts'] == []


def place_order(sim, domain: str) -> int:
    """An unpaid order for one domain, made through the API with python-ovh behind the playbooks' back."""
    ovh.client.ENDPOINTS['sim-installed'] = sim.base_url
    client = ovh.Client(endpoint='sim-installed', application_key=SIM_CREDENTIALS['OVH_APPLICATION_KEY'],
                        application_secret=SIM_CREDENTIALS['OVH_APPLICATION_SECRET'], consumer_key=SIM_CREDENTIALS['OVH_CONSUMER_KEY'])
    cart_id = client.post('/order/cart', ovhSubsidiary='FR')['cartId']
    client.post('/order/cart/%s/assign' % cart_id)
    item_id = client.post('/order/cart/%s/domain' % cart_id, domain=domain)['itemId']
    client.post('/order/cart/%s/item/%s/configuration' % (cart_id, item_id), label='OWNER_LEGAL_AGE', value='true')
    return client.post('/order/cart/%s/checkout' % cart_id)['orderId']


def test_order_status_by_its_name(installed, installed_sim, tmp_path):
    order_id = place_order(installed_sim, 'installed-status.com')
    installed_sim.control('requests', method='DELETE')

    run = ansible_playbook(installed, installed_sim, tmp_path, 'ovhcloud.order.order_status', '-e', 'order_id=%d' % order_id)

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-3000:]
    # what the user reads: the order, its status and its domain
    assert any(str(order_id) in line and 'notPaid' in line and 'installed-status.com' in line for line in run.stdout.splitlines()), run.stdout[-3000:]
    # it read the order from the installed simulator, and only read
    requests = installed_sim.control('requests')
    assert any(r['path'] == '/me/order/%d' % order_id for r in requests)
    assert {r['method'] for r in requests} == {'GET'}
