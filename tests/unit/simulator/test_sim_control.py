# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API (request log, faults, reset, tick, clock, seeding), the command line options,
persistence and concurrency."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import ovh
import pytest
import requests

from sim_helpers import add_domain, control, new_cart

SIMULATOR_DIR = Path(__file__).resolve().parents[2] / 'simulator'


def test_request_log_records_every_api_call(sim, client):
    client.get('/me')
    cart = client.post('/order/cart', ovhSubsidiary='FR', description='logged')
    client.get('/v1/order/cart/%s/domain' % cart['cartId'], domain='log.com')
    requests.get(sim.root + '/_sim/state', timeout=10)
    entries = sim.requests()
    assert [(entry['method'], entry['path'], entry['status']) for entry in entries] == [
        ('GET', '/auth/time', 200),
        ('GET', '/me', 200),
        ('POST', '/order/cart', 200),
        ('GET', '/order/cart/%s/domain' % cart['cartId'], 200),
    ]
    assert entries[2]['body'] == {'ovhSubsidiary': 'FR', 'description': 'logged'} and entries[2]['query'] == {}
    assert entries[3]['query'] == {'domain': 'log.com'} and entries[3]['body'] is None
    assert len({entry['queryId'] for entry in entries}) == 4
    assert sim.mutating_requests() == [entries[2]]
    assert control(sim, 'DELETE', 'requests').json() is None
    assert sim.requests() == []


def test_fault_status_retry_after_and_times(sim, client):
    assert control(sim, 'POST', 'faults', {'method': 'GET', 'path': '^/me$', 'status': 503, 'retry_after': 7, 'times': 2}).ok
    for dummy in range(2):
        with pytest.raises(ovh.exceptions.APIError) as error:
            client.get('/me')
        response = error.value.response
        assert response.status_code == 503 and response.headers['Retry-After'] == '7'
        assert response.json() == {'class': 'Server::ServiceUnavailable', 'message': 'Service is temporarily unavailable'}
    assert client.get('/me')['nichandle'] == 'sim1234-ovh'
    rules = control(sim, 'GET', 'faults').json()
    assert rules[0]['hits'] == 2 and rules[0]['times'] == 2
    assert [entry['status'] for entry in sim.requests() if entry['path'] == '/me'] == [503, 503, 200]


def test_fault_with_a_body_a_method_filter_and_a_list(sim, client):
    sim.add_fault(path='^/order/cart$', method='POST', status=429, body={'class': 'Client::TooManyRequests', 'message': 'Slow down'})
    control(sim, 'POST', 'faults', [{'path': '^/me$', 'status': 500, 'times': -1}, {'path': '^/domain$', 'status': 404}])
    assert client.get('/order/cart') == []  # GET is not matched by the POST rule
    with pytest.raises(ovh.exceptions.APIError, match='Slow down'):
        client.post('/order/cart', ovhSubsidiary='FR')
    for dummy in range(3):
        with pytest.raises(ovh.exceptions.APIError):
            client.get('/me')
    with pytest.raises(ovh.exceptions.ResourceNotFoundError):
        client.get('/domain')
    assert control(sim, 'DELETE', 'faults').ok and control(sim, 'GET', 'faults').json() == []
    assert client.get('/me')['nichandle'] == 'sim1234-ovh'
    assert control(sim, 'POST', 'faults', {'path': '(', 'status': 500}).status_code == 400
    assert control(sim, 'POST', 'faults', {'path': 'x'}).status_code == 400
    assert control(sim, 'POST', 'faults', {'path': 'x', 'status': 500, 'color': 'red'}).status_code == 400


def test_dropped_checkout_after_commit_creates_the_order(sim, client):
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'dropped-answer.com')
    sim.add_fault(method='POST', path='^/order/cart/[^/]+/checkout$', status=0, after_commit=True)
    with pytest.raises(ovh.exceptions.HTTPError):
        client.post('/order/cart/%s/checkout' % cart_id)
    orders = client.get('/me/order')
    assert len(orders) == 1
    assert client.get('/order/cart/%s' % cart_id)['readOnly'] is True
    assert sim.state()['orders'][0]['cartId'] == cart_id
    assert sim.requests()[-3]['status'] == 0  # the checkout, then GET /me/order and GET the cart


def test_dropped_request_without_commit_has_no_effect(sim, client):
    sim.add_fault(method='POST', path='^/order/cart$', status=0)
    with pytest.raises(ovh.exceptions.HTTPError):
        client.post('/order/cart', ovhSubsidiary='FR')
    assert sim.state()['carts'] == []
    sim.add_fault(method='POST', path='^/order/cart$', status=502, after_commit=True)
    with pytest.raises(ovh.exceptions.APIError):
        client.post('/order/cart', ovhSubsidiary='FR')
    assert len(sim.state()['carts']) == 1


def test_fault_latency_provokes_a_client_timeout(sim, make_client):
    impatient = make_client(sim, timeout=0.3)
    impatient.get('/me')
    sim.add_fault(path='^/me$', latency_ms=800)
    started = time.time()
    with pytest.raises(ovh.exceptions.HTTPError):
        impatient.get('/me')
    assert time.time() - started < 0.8
    time.sleep(0.6)
    assert impatient.get('/me')['nichandle'] == 'sim1234-ovh'


def test_fault_on_the_token_endpoint(sim):
    sim.add_fault(path='^/auth/oauth2/token$', status=503)
    response = requests.post(sim.root + '/auth/oauth2/token', data={'grant_type': 'client_credentials', 'client_id': 'sim-client-id',
                                                                    'client_secret': 'sim-client-secret'}, timeout=10)
    assert response.status_code == 503
    entry = sim.requests()[-1]
    assert entry['path'] == '/auth/oauth2/token' and entry['status'] == 503 and 'client_secret' not in entry['body']


def test_reset_tick_clock_seed_and_forced_status(sim, client):
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'ticked.org')
    order_id = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True)['orderId']
    assert control(sim, 'POST', 'tick', {'steps': 1}).json() == {'orders': {str(order_id): 'delivering'}}
    assert control(sim, 'POST', 'tick').json() == {'orders': {str(order_id): 'delivered'}}
    state = sim.state()
    assert [domain['domain'] for domain in state['domains']] == ['ticked.org']
    assert [step['status'] for step in state['orders'][0]['history']] == ['notPaid', 'checking', 'delivering', 'delivered']

    seeded = control(sim, 'POST', 'domains', {'domain': 'Seeded.COM', 'nameServers': ['ns1.example.org', 'ns2.example.org']})
    assert seeded.json()['domain'] == 'seeded.com' and seeded.json()['nameServerType'] == 'external'
    assert control(sim, 'POST', 'domains', {'domain': 'seeded.com'}).status_code == 409
    assert client.get('/domain') == ['seeded.com', 'ticked.org']
    assert control(sim, 'DELETE', 'domains/seeded.com').ok and client.get('/domain') == ['ticked.org']

    cart_id = new_cart(client)
    add_domain(client, cart_id, 'documents.org')
    second = client.post('/order/cart/%s/checkout' % cart_id)['orderId']
    assert control(sim, 'POST', 'orders/%d/status' % second, {'status': 'documentsRequested'}).ok
    assert client.get('/me/order/%d/status' % second) == 'documentsRequested'
    assert control(sim, 'POST', 'orders/%d/status' % second, {'status': 'bogus'}).status_code == 400

    before = control(sim, 'GET', 'clock').json()
    after = control(sim, 'POST', 'clock', {'advance': 120}).json()
    assert after['offset'] == before['offset'] + 120 and after['epoch'] >= before['epoch'] + 120

    control(sim, 'PUT', 'payment-methods', [])
    sim.add_fault(path='^/nothing$', status=500)
    sim.reset()
    state = sim.state()
    assert (state['carts'], state['orders'], state['domains'], state['contacts'], state['clockOffset']) == ([], [], [], [], 0.0)
    assert [method['paymentMethodId'] for method in state['paymentMethods']] == [1, 2]
    assert sim.requests() == [] and control(sim, 'GET', 'faults').json() == []


def test_order_and_contract_urls(sim, client):
    cart_id = new_cart(client)
    add_domain(client, cart_id, 'documents.net')
    order = client.post('/order/cart/%s/checkout' % cart_id)
    document = requests.get(order['url'], timeout=10)
    assert document.status_code == 200 and document.json()['orderId'] == order['orderId']
    assert requests.get(order['url'].split('?')[0] + '?orderPassword=nope', timeout=10).status_code == 404
    contract = requests.get(order['contracts'][0]['url'], timeout=10)
    assert contract.status_code == 200 and contract.headers['Content-Type'].startswith('text/plain')
    info = control(sim, 'GET', '').json()
    assert info['api'] == sim.base_url and info['tokenUrl'] == sim.root + '/auth/oauth2/token'
    assert 'com' in control(sim, 'GET', 'catalogue').json()['tlds']


def test_state_file_survives_a_restart(start_simulator, make_client, tmp_path):
    state_file = tmp_path / 'state.json'
    first = start_simulator('--state', str(state_file))
    client = make_client(first)
    cart_id = new_cart(client, description='persistent')
    item = add_domain(client, cart_id, 'persistent.fr')
    contact = client.post('/domain/contact', firstName='Per', lastName='Sist', email='p@example.org')
    order_id = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True)['orderId']
    first.tick(2)
    open_cart = new_cart(client, description='still open')
    add_domain(client, open_cart, 'open.fr')
    before = first.state()
    assert first.stop() == 0
    assert json.loads(state_file.read_text())['version'] == 1

    second = start_simulator('--state', str(state_file))
    client = make_client(second)
    after = second.state()
    for key in ('carts', 'orders', 'domains', 'contacts'):
        assert after[key] == before[key], key
    assert client.get('/order/cart', description='still open') == [open_cart]
    assert client.get('/me/order/%d/status' % order_id) == 'delivered'
    assert client.get('/domain/persistent.fr')['domain'] == 'persistent.fr'
    assert client.get('/domain/contact/%d' % contact['id'])['lastName'] == 'Sist'
    assert client.get('/order/cart/%s/item/%d' % (cart_id, item['itemId']))['settings']['domain'] == 'persistent.fr'
    newer = add_domain(client, new_cart(client), 'after-restart.fr')
    assert newer['itemId'] > item['itemId']  # identifiers go on from where they were


def test_latency_option(start_simulator):
    slow = start_simulator('--latency-ms', '250')
    started = time.time()
    assert requests.get(slow.base_url + '/auth/time', timeout=10).status_code == 200
    assert time.time() - started >= 0.25
    started = time.time()
    slow.state()  # the control API is not delayed
    assert time.time() - started < 0.25


def test_catalogue_file_and_dump(start_simulator, make_client, tmp_path):
    dumped = subprocess.run([sys.executable, str(SIMULATOR_DIR), '--dump-catalogue'], capture_output=True, text=True, check=True)
    default = json.loads(dumped.stdout)
    assert default['tlds']['com']['create'] == '10.49' and default['authInfoCode'] == 'SIM-AUTH-OK'
    catalogue = tmp_path / 'catalogue.json'
    catalogue.write_text(json.dumps({'taxRate': '0.10', 'tlds': {'test': {'create': '1.00', 'renew': '2.00', 'durations': ['P1Y', 'P2Y']}}}))
    custom = start_simulator('--catalogue', str(catalogue))
    client = make_client(custom)
    cart_id = new_cart(client)
    assert client.get('/order/cart/%s/domain' % cart_id, domain='example.com') == []
    add_domain(client, cart_id, 'example.test', duration='P2Y')
    prices = client.get('/order/cart/%s/summary' % cart_id)['prices']
    assert (prices['withoutTax']['value'], prices['tax']['value'], prices['withTax']['value']) == (3.0, 0.3, 3.3)
    catalogue.write_text(json.dumps({'tlds': {'bad': {'create': '1'}}}))
    broken = subprocess.run([sys.executable, str(SIMULATOR_DIR), '--catalogue', str(catalogue)], capture_output=True, text=True,
                            timeout=30, check=False)
    assert broken.returncode == 2 and 'renew' in broken.stderr and broken.stdout == ''


def test_sigterm_stops_cleanly(start_simulator):
    process = start_simulator()
    assert requests.get(process.base_url + '/auth/time', timeout=10).status_code == 200
    os.kill(process.pid, signal.SIGTERM)
    assert process.process.wait(timeout=15) == 0
    said = process.stderr_path.read_text()
    assert said.startswith('OVH API simulator: stopping on SIGTERM') and said.count('\n') == 1
    if sys.platform.startswith('linux'):  # the sender is named where the platform reports it
        assert 'from pid %d (' % os.getpid() in said
    assert process.stop() == 0


def _ignore_sigint_and_sighup():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def test_inherited_ignored_signals():
    """A background job of a script inherits an ignored SIGINT, and nohup an ignored SIGHUP: SIGINT
    still stops the simulator, SIGHUP stays ignored."""
    process = subprocess.Popen([sys.executable, str(SIMULATOR_DIR), '--port', '0'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, preexec_fn=_ignore_sigint_and_sighup)
    try:
        base_url = process.stdout.readline().split()[-1]
        process.send_signal(signal.SIGHUP)
        time.sleep(0.3)
        assert requests.get(base_url + '/auth/time', timeout=10).status_code == 200 and process.poll() is None
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0 and stdout == '' and stderr.startswith('OVH API simulator: stopping on SIGINT')


# Starts the simulator with --exit-with-parent, prints its pid and URL, then waits to be killed.
PARENT = """
import subprocess, sys, time
with open(sys.argv[2], 'wb') as stderr:
    child = subprocess.Popen([sys.executable, sys.argv[1], '--port', '0', '--exit-with-parent'], stdout=subprocess.PIPE, stderr=stderr)
print(child.pid, child.stdout.readline().decode().split()[-1], flush=True)
time.sleep(120)
"""


def _running(pid):
    try:
        os.kill(pid, 0)
        with open('/proc/%d/stat' % pid, encoding='ascii') as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except ProcessLookupError:
        return False
    except OSError:
        return True


def test_exit_with_parent(tmp_path):
    stderr = tmp_path / 'stderr'
    parent = subprocess.Popen([sys.executable, '-c', PARENT, str(SIMULATOR_DIR), str(stderr)], stdout=subprocess.PIPE, text=True)
    try:
        pid, base_url = parent.stdout.readline().split()
        pid = int(pid)
        assert requests.get(base_url + '/auth/time', timeout=10).status_code == 200
    finally:
        parent.kill()  # SIGKILL: the parent cannot stop its child
        parent.wait()
        parent.stdout.close()
    deadline = time.time() + 10
    while _running(pid) and time.time() < deadline:
        time.sleep(0.05)
    assert not _running(pid)
    assert stderr.read_text() == 'OVH API simulator: stopping: the process that started it (pid %d) has ended (--exit-with-parent)\n' % parent.pid


def test_concurrent_requests(sim, client):
    cart_ids, errors = [], []
    lock = threading.Lock()

    def create(count):
        session = requests.Session()
        try:
            for dummy in range(count):
                response = session.post(sim.base_url + '/order/cart', json={'ovhSubsidiary': 'FR'}, timeout=30)
                response.raise_for_status()
                with lock:
                    cart_ids.append(response.json()['cartId'])
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=create, args=(5,)) for dummy in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors and len(cart_ids) == 100 and len(set(cart_ids)) == 100
    assert len(sim.state()['carts']) == 100

    cart_id = new_cart(client)
    item_ids = []

    def add(index):
        item_ids.append(client.post('/order/cart/%s/domain' % cart_id, domain='parallel-%d.com' % index)['itemId'])

    threads = [threading.Thread(target=add, args=(index,)) for index in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(set(item_ids)) == 20 and sorted(client.get('/order/cart/%s/item' % cart_id)) == sorted(item_ids)
    assert len({entry['queryId'] for entry in sim.requests()}) == len(sim.requests())
