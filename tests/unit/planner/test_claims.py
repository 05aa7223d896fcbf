# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Claims (plugins/module_utils/_claim.py): the description format, the pure decision, and the
protocol run by many threads at once against an in-memory cart store that interleaves their calls
at random: of the runs that name a domain, exactly one orders it."""

from __future__ import annotations

import random
import threading
import time
import uuid

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils import _claim as claims
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError, OvhStop


def claim(cart_id, names, ticket=None, read_only=False):
    return {'cart_id': cart_id, 'names': frozenset(names), 'ticket': ticket, 'read_only': read_only, 'expire': '2026-12-02T12:15:00+00:00'}


def test_descriptions_name_the_domains_and_the_ticket():
    assert claims.claim_description(['b.com', 'a.com']) == 'ovhcloud.order claim 1 open a.com,b.com'
    assert claims.claim_description(['a.com'], 3) == 'ovhcloud.order claim 1 ticket 3 a.com'
    assert claims.parse_claim('ovhcloud.order claim 1 ticket 3 a.com,xn--strae-oqa.de') == {
        'ticket': 3, 'names': frozenset({'a.com', 'xn--strae-oqa.de'})}
    assert claims.parse_claim('ovhcloud.order claim 1 open a.com')['ticket'] is None
    # Another version's claim is waited for and given way to, as an open one.
    assert claims.parse_claim('ovhcloud.order claim 2 ticket 1 a.com')['ticket'] is None
    for foreign in (None, '', 'ovhcloud.order domain_order 1a2b3c', 'my cart', 'ovhcloud.order claim 1 open'):
        assert claims.parse_claim(foreign) is None


def test_an_expired_cart_is_no_claim():
    now = claims.parse_datetime('2026-12-02T12:00:00+00:00')
    cart = {'cartId': 'x', 'description': claims.claim_description(['a.com']), 'expire': '2026-12-02T11:59:59+00:00', 'readOnly': False}
    assert claims.claim_of(cart, now) is None
    assert claims.claim_of(dict(cart, expire='2026-12-02T12:00:01+00:00'), now)['names'] == {'a.com'}


@pytest.mark.parametrize('own_ticket, others, yielded', [
    (None, [], {}),
    (2, [claim('c1', ['a.com'], ticket=1)], {'a.com': 'c1'}),
    (2, [claim('c1', ['a.com'], ticket=3)], {}),
    (2, [claim('a0', ['a.com'], ticket=2)], {'a.com': 'a0'}),   # same ticket: the lower cart id goes first
    (2, [claim('z9', ['a.com'], ticket=2)], {}),
    (5, [claim('c1', ['a.com', 'c.com'], ticket=9, read_only=True)], {'a.com': 'c1'}),
    (5, [claim('c1', ['b.com'])], {'b.com': 'c1'}),             # still open after the wait: given way to
    (2, [claim('c1', ['b.com', 'z.com'], ticket=1), claim('c2', ['a.com'], ticket=4)], {'b.com': 'c1'}),
])
def test_a_run_gives_way_per_domain(own_ticket, others, yielded):
    found = claims.yielded_domains({'cart_id': 'm5', 'ticket': own_ticket}, others, ['a.com', 'b.com'])
    assert {name: entry['cart_id'] for name, entry in found.items()} == yielded


# -- the protocol under interleaving -----------------------------------------------------------------
class CartStore:
    """The part of OVHcloud's cart API that claims use, in memory, with a random pause before and
    after each call so that concurrent runs interleave."""

    def __init__(self, seed):
        self.carts = {}
        self.lock = threading.Lock()
        self.random = random.Random(seed)
        self.signs_requests = False

    def pause(self):
        with self.lock:
            delay = self.random.random() * 0.004
        time.sleep(delay)

    def post(self, path, body=None, safe=False):
        self.pause()
        with self.lock:
            if path == '/order/cart':
                cart_id = str(uuid.UUID(int=self.random.getrandbits(128)))
                self.carts[cart_id] = {'cartId': cart_id, 'description': body['description'], 'expire': body['expire'], 'readOnly': False,
                                       'assigned': False}
                answer = dict(self.carts[cart_id])
            else:
                self.carts[path.split('/')[3]]['assigned'] = True
                answer = None
        self.pause()
        return answer

    def get(self, path, query=None):
        self.pause()
        with self.lock:
            if path == '/order/cart':
                answer = [cart_id for cart_id, cart in self.carts.items() if cart['assigned']]
            else:
                cart = self.carts.get(path.split('/')[3])
                if cart is None:
                    raise OvhNotFoundError('GET %s failed: HTTP 404' % path)
                answer = dict(cart)
        self.pause()
        return answer

    def put(self, path, body=None):
        self.pause()
        with self.lock:
            self.carts[path.split('/')[3]]['description'] = body['description']
        self.pause()

    def delete(self, path):
        with self.lock:
            self.carts.pop(path.split('/')[3], None)

    def check_out(self, cart_id):
        with self.lock:
            self.carts[cart_id]['readOnly'] = True


def run_claim(store, names, winners, errors):
    try:
        time.sleep(store.random.random() * 0.01)
        own = claims.Claim(store, names, sleep=lambda seconds: time.sleep(0.002))
        own.create('FR')
        yielded = own.settle(own.read_claims())
        ordered = sorted(set(names) - set(yielded))
        if ordered:
            time.sleep(0.003)  # items, configurations, the dry run
            store.check_out(own.cart_id)
            with store.lock:
                for name in ordered:
                    winners.setdefault(name, []).append(own.cart_id)
        else:
            own.drop()
    except Exception as exc:  # pylint: disable=broad-except
        errors.append(exc)


@pytest.mark.parametrize('seed', range(40))
def test_of_the_runs_that_name_a_domain_exactly_one_orders_it(seed):
    store = CartStore(seed)
    domain_sets = [['a.com', 'b.com'], ['a.com', 'b.com'], ['b.com', 'c.com'], ['c.com'], ['a.com', 'd.com']][: 2 + seed % 4]
    winners, errors = {}, []
    threads = [threading.Thread(target=run_claim, args=(store, names, winners, errors)) for names in domain_sets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    named = {name for names in domain_sets for name in names}
    assert {name: len(carts) for name, carts in winners.items()} == {name: 1 for name in named}


def test_a_description_the_api_cuts_short_is_refused_before_anything_is_claimed():
    class Truncating(CartStore):
        def post(self, path, body=None, safe=False):
            if path == '/order/cart':
                body = dict(body, description=body['description'][:40])
            return super().post(path, body, safe)

    store = Truncating(1)
    with pytest.raises(OvhStop, match='so other runs could not see which domains it orders'):
        claims.Claim(store, ['a-rather-long-name-to-claim.com', 'another-one.com']).create('FR')
