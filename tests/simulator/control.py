# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The control API under ``/_sim/``: unsigned, not part of the OVH API, not recorded in the request log.

See README.md for the list of endpoints.
"""

import re

from . import __version__, orders, portfolio, renewals
from .catalogue import Catalogue, normalize_domain
from .contacts import nic_contact
from .errors import ApiError, bad_request, conflict, not_found
from .messages import Response
from .routes_cart import purge_expired
from .routes_domain import render_domain
from .schema import ENUMS
from .timeutil import format_datetime

MAX_TICKS = 1000
MAX_PAST_ORDERS = 10000
DAY = 86400
# The default mix of POST /_sim/orders: what an account that orders domains every day looks like.
PAST_ORDER_MIX = {'delivered': 90, 'cancelled': 7, 'expired': 3}
PAST_ORDER_TLDS = ['com', 'fr', 'net', 'org']


def _number(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_request('%s must be a number' % name)
    return value


def _spread(weights, count):
    """``count`` kinds in proportion to ``weights`` (a dict), interleaved evenly (smooth weighted round
    robin on the counts rounded by largest remainder): the same list for the same input."""
    names = sorted(weights)
    total = float(sum(weights.values()))
    exact = {name: weights[name] * count / total for name in names}
    counts = {name: int(exact[name]) for name in names}
    for name in sorted(names, key=lambda name: counts[name] - exact[name])[:count - sum(counts.values())]:
        counts[name] += 1
    current = {name: 0 for name in names}
    result = []
    for dummy in range(count):
        for name in names:
            current[name] += counts[name]
        chosen = max(names, key=lambda name: current[name])
        current[chosen] -= count
        result.append(chosen)
    return result


class Control:
    def __init__(self, app):
        self.app = app
        # What POST /_sim/reset restores after PUT /_sim/catalogue/tlds/{tld} changed a price.
        self.initial_catalogue = app.catalogue.dump()
        self.routes = [
            ('GET', r'^/_sim/?$', self.info),
            ('GET', r'^/_sim/requests$', self.get_requests),
            ('DELETE', r'^/_sim/requests$', self.clear_requests),
            ('GET', r'^/_sim/faults$', self.get_faults),
            ('POST', r'^/_sim/faults$', self.add_faults),
            ('DELETE', r'^/_sim/faults$', self.clear_faults),
            ('POST', r'^/_sim/reset$', self.reset),
            ('GET', r'^/_sim/state$', self.state),
            ('POST', r'^/_sim/tick$', self.tick),
            ('GET', r'^/_sim/clock$', self.get_clock),
            ('POST', r'^/_sim/clock$', self.set_clock),
            ('POST', r'^/_sim/domains$', self.add_domain),
            ('DELETE', r'^/_sim/domains/([^/]+)$', self.remove_domain),
            ('POST', r'^/_sim/orders$', self.add_past_orders),
            ('POST', r'^/_sim/portfolio$', self.seed_portfolio),
            ('GET', r'^/_sim/orders/(\d+)$', self.order_document),
            ('POST', r'^/_sim/orders/(\d+)/status$', self.set_order_status),
            ('GET', r'^/_sim/payment-methods$', self.get_payment_methods),
            ('PUT', r'^/_sim/payment-methods$', self.set_payment_methods),
            ('GET', r'^/_sim/catalogue$', self.get_catalogue),
            ('PUT', r'^/_sim/catalogue/tlds/([a-z0-9.-]+)$', self.set_tld_prices),
            ('GET', r'^/_sim/contracts/([\w-]+)$', self.contract),
        ]

    def handle(self, request):
        for method, pattern, handler in self.routes:
            match = re.match(pattern, request.raw_path)
            if match and method == request.method:
                try:
                    if request.json_error:
                        raise bad_request('the request body is not valid JSON')
                    with self.app.store.lock:
                        try:
                            result = handler(request, *match.groups())
                        finally:
                            self.app.store.commit()
                except ApiError as error:
                    return Response(error.status, error.body())
                except ValueError as error:
                    return Response(400, bad_request(str(error)).body())
                if isinstance(result, Response):
                    return result
                return Response(200, result)
        return Response(404, not_found('Unknown control endpoint %s %s' % (request.method, request.raw_path)).body())

    # -- endpoints -------------------------------------------------------------------------------
    def info(self, request):
        return {
            'name': 'OVH API simulator',
            'version': __version__,
            'api': request.root + '/1.0',
            'tokenUrl': request.root + '/auth/oauth2/token',
            'advanceOnPoll': self.app.advance_on_poll,
            'instantDelivery': self.app.instant_delivery,
            'latencyMs': self.app.latency_ms,
            'persistent': bool(self.app.store.path),
        }

    def get_requests(self, request):
        entries = self.app.requests()
        after = request.query.get('after')
        if after is not None:
            if not after.isdigit():
                raise bad_request('after must be the id of a request (a non-negative integer)')
            entries = [entry for entry in entries if entry['id'] > int(after)]
        return entries

    def clear_requests(self, request):
        self.app.clear_requests()

    def get_faults(self, request):
        return self.app.faults.describe()

    def add_faults(self, request):
        if request.json is None:
            raise bad_request('a fault rule (or a list of rules) is required')
        return self.app.faults.add(request.json)

    def clear_faults(self, request):
        self.app.faults.clear()

    def reset(self, request):
        self.app.store.reset()
        self.app.faults.clear()
        self.app.catalogue = Catalogue(self.initial_catalogue)
        self.app.clear_requests()

    def state(self, request):
        store = self.app.store
        purge_expired(store)
        carts = []
        for cart in sorted(store.carts.values(), key=lambda cart: cart['created']):
            items = []
            for item_id in cart['items']:
                item = store.items[str(item_id)]
                items.append({
                    'itemId': item['itemId'], 'domain': item['domain'], 'duration': item['duration'],
                    'planCode': item['planCode'], 'pricingMode': item['pricingMode'],
                    'configurations': [dict(store.configurations[str(config_id)]) for config_id in item['configurations']],
                })
            carts.append({
                'cartId': cart['cartId'], 'description': cart['description'], 'expire': format_datetime(cart['expire']),
                'ovhSubsidiary': cart['ovhSubsidiary'], 'assignedTo': cart['assignedTo'], 'readOnly': cart['readOnly'],
                'orderId': cart['orderId'], 'items': items,
            })
        order_list = []
        for order in sorted(store.orders.values(), key=lambda order: order['orderId']):
            totals = orders.order_totals(order)
            order_list.append({
                'orderId': order['orderId'], 'cartId': order['cartId'], 'status': order['status'],
                'date': format_datetime(order['date']),
                'autoPayWithPreferredPaymentMethod': order['autoPayWithPreferredPaymentMethod'],
                'waiveRetractationPeriod': order['waiveRetractationPeriod'],
                'paymentMethodId': order['paymentMethodId'], 'paidWith': order['paidWith'],
                'prices': {name: float(value) for name, value in totals.items()},
                'domains': [delivery['domain'] for delivery in order['deliveries']],
                'delivered': order['delivered'],
                'history': [{'status': step['status'], 'date': format_datetime(step['date'])} for step in order['history']],
            })
        domains = []
        for name in sorted(store.domains):
            record = store.domains[name]
            domains.append({
                'domain': name, 'serviceId': record['serviceId'], 'owner': record['owner'], 'admin': record['admin'],
                'tech': record['tech'], 'nameServerType': record['nameServerType'],
                'nameServers': [server['nameServer'] for server in record['nameServers']],
                'expirationDate': format_datetime(record['expiration']), 'state': record['state'], 'orderId': record['orderId'],
                'renew': renewals.renew_settings(record),
            })
        return {
            'account': {'nichandle': 'sim1234-ovh', 'ovhSubsidiary': 'FR', 'currency': self.app.catalogue.currency},
            'now': format_datetime(store.now()),
            'clockOffset': store.data['clockOffset'],
            'carts': carts,
            'orders': order_list,
            'domains': domains,
            'contacts': [dict(record) for record in sorted(store.contacts.values(), key=lambda record: record['id'])],
            'paymentMethods': [dict(method) for method in store.payment_methods],
            # Consumer keys made with POST /auth/credential; never the key or its validation token.
            'credentials': [
                {'credentialId': record['credentialId'], 'applicationKey': record['applicationKey'], 'status': record['status'],
                 'rules': [dict(rule) for rule in record['rules']], 'redirection': record['redirection'],
                 'allowedIPs': record['allowedIPs'], 'creation': format_datetime(record['creation']),
                 'expiration': format_datetime(record['expiration']) if record['expiration'] is not None else None}
                for record in sorted(store.credentials.values(), key=lambda record: record['credentialId'])],
        }

    def tick(self, request):
        body = request.json if isinstance(request.json, dict) else {}
        steps = body.get('steps', 1)
        if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_TICKS:
            raise bad_request('steps must be an integer between 0 and %d' % MAX_TICKS)
        store = self.app.store
        for dummy in range(steps):
            for order in sorted(store.orders.values(), key=lambda order: order['orderId']):
                orders.advance(self.app, order)
        return {'orders': {str(order['orderId']): order['status'] for order in store.orders.values()}}

    def _clock(self):
        store = self.app.store
        return {'now': format_datetime(store.now()), 'epoch': int(store.now()), 'offset': store.data['clockOffset']}

    def get_clock(self, request):
        return self._clock()

    def set_clock(self, request):
        body = request.json if isinstance(request.json, dict) else {}
        store = self.app.store
        if 'offset' in body:
            store.data['clockOffset'] = float(_number(body['offset'], 'offset'))
        elif 'advance' in body:
            store.data['clockOffset'] += float(_number(body['advance'], 'advance'))
        else:
            raise bad_request('give "advance" (seconds to add) or "offset" (seconds from the real clock)')
        store.mark()
        return self._clock()

    def add_domain(self, request):
        body = request.json
        if not isinstance(body, dict) or not isinstance(body.get('domain'), str):
            raise bad_request('body: {"domain": "example.com", "nameServers": [...] (optional)}')
        domain = normalize_domain(body['domain'])
        if domain in self.app.store.domains:
            raise conflict('%s is already owned' % domain)
        name_servers = body.get('nameServers')
        if name_servers is not None and (not isinstance(name_servers, list) or not all(isinstance(h, str) for h in name_servers)):
            raise bad_request('nameServers must be a list of host names')
        record = orders.create_owned_domain(self.app, domain, nic_contact(), body.get('duration') or 'P1Y', name_servers)
        return render_domain(record)

    def remove_domain(self, request, name):
        store = self.app.store
        if name.lower() not in store.domains:
            raise not_found('%s is not owned' % name)
        del store.domains[name.lower()]
        store.mark()

    def add_past_orders(self, request):
        """Seed ``count`` orders of one new domain each, dated within the last ``days`` days."""
        body = request.json if isinstance(request.json, dict) else None
        if body is None:
            raise bad_request('body: {"count": N, "status": "delivered" or "mix": {"delivered": 90, ...} (optional), "days": 30, '
                              '"prefix": "past-order", "tlds": ["com", ...], "deliver": true}')
        unknown = sorted(set(body) - {'count', 'status', 'mix', 'days', 'prefix', 'tlds', 'deliver'})
        if unknown:
            raise bad_request('unknown field %s' % ', '.join(unknown))
        count, days = body.get('count'), body.get('days', 30)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_PAST_ORDERS:
            raise bad_request('count must be an integer between 1 and %d' % MAX_PAST_ORDERS)
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 365:
            raise bad_request('days must be an integer between 1 and 365')
        if 'status' in body and 'mix' in body:
            raise bad_request('give status or mix, not both')
        mix = {body['status']: 1} if 'status' in body else body.get('mix', PAST_ORDER_MIX)
        kinds = set(orders.PAST_STEPS) | {'expired'}
        if not isinstance(mix, dict) or not mix or any(kind not in kinds for kind in mix):
            raise bad_request('status and the keys of mix must be among %s' % ', '.join(sorted(kinds)))
        if any(isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0 for weight in mix.values()) \
                or not sum(mix.values()) > 0:
            raise bad_request('the weights of mix must be non-negative numbers, not all zero')
        prefix, tlds = body.get('prefix', 'past-order'), body.get('tlds', PAST_ORDER_TLDS)
        if not isinstance(prefix, str) or not isinstance(tlds, list) or not tlds or not all(isinstance(tld, str) for tld in tlds):
            raise bad_request('prefix must be a string and tlds a non-empty list of suffixes')
        deliver = body.get('deliver', True)
        if not isinstance(deliver, bool):
            raise bad_request('deliver must be true or false')
        for tld in tlds:  # checked before any order is made, so that a refusal seeds nothing
            sample = normalize_domain('%s-1.%s' % (prefix, tld))
            offer = self.app.catalogue.offer(sample)
            if offer is None or not offer['orderable']:
                raise bad_request('%s cannot be ordered, so it cannot have a past order' % sample)
        store = self.app.store
        now = store.now()
        first, last = now - days * DAY + 3600, now - 3600
        created, summary = [], {}
        for number, kind in enumerate(_spread(mix, count)):
            summary[kind] = summary.get(kind, 0) + 1
            date = int(first + (last - first) * (number + 0.5) / count)
            order_id = store.data['counters']['order'] + 1
            domain = normalize_domain('%s-%d.%s' % (prefix, order_id, tlds[number % len(tlds)]))
            if kind == 'expired':
                # Unpaid, and past its expiration date: half-way between its date and now.
                order = orders.past_order(self.app, domain, date, 'notPaid', expiration=date + (now - date) // 2)
            else:
                order = orders.past_order(self.app, domain, date, kind, deliver=deliver)
            created.append({'orderId': order['orderId'], 'domain': domain, 'status': order['status'],
                            'date': format_datetime(order['date']), 'expirationDate': format_datetime(order['expirationDate'])})
        return {'orders': created, 'kinds': summary}

    def seed_portfolio(self, request):
        return portfolio.seed(self.app, request.json)

    def _order(self, order_id):
        order = self.app.store.orders.get(order_id)
        if order is None:
            raise not_found('order %s does not exist' % order_id)
        return order

    def order_document(self, request, order_id):
        order = self._order(order_id)
        if request.query.get('orderPassword') != order['password']:
            raise not_found('order %s does not exist' % order_id)
        document = orders.render_billing_order(self.app, order, request.root)
        document['status'] = order['status']
        document['details'] = [orders.render_billing_detail(self.app, detail) for detail in order['details']]
        return document

    def set_order_status(self, request, order_id):
        order = self._order(order_id)
        status = (request.json or {}).get('status') if isinstance(request.json, dict) else None
        if status not in ENUMS['billing.order.OrderStatusEnum']:
            raise bad_request('status must be one of %s' % ', '.join(ENUMS['billing.order.OrderStatusEnum']))
        orders.set_status(self.app, order, status)
        return {'orderId': order['orderId'], 'status': order['status']}

    def get_payment_methods(self, request):
        return [dict(method) for method in self.app.store.payment_methods]

    def set_payment_methods(self, request):
        methods = request.json
        if not isinstance(methods, list):
            raise bad_request('body: a list of payment methods')
        cleaned = []
        for method in methods:
            if not isinstance(method, dict):
                raise bad_request('each payment method must be an object')
            method_id = method.get('paymentMethodId')
            if isinstance(method_id, bool) or not isinstance(method_id, int):
                raise bad_request('paymentMethodId must be an integer')
            status = method.get('status', 'VALID')
            if status not in ENUMS['me.payment.method.StatusEnum']:
                raise bad_request('status must be one of %s' % ', '.join(ENUMS['me.payment.method.StatusEnum']))
            cleaned.append({
                'paymentMethodId': method_id,
                'paymentMeanId': method.get('paymentMeanId', method_id + 100),
                'paymentType': str(method.get('paymentType', 'CREDIT_CARD')),
                'paymentSubType': method.get('paymentSubType'),
                'label': method.get('label'),
                'description': method.get('description'),
                'status': status,
                'default': bool(method.get('default', False)),
                'expirationDate': method.get('expirationDate'),
            })
        self.app.store.data['paymentMethods'] = cleaned
        self.app.store.mark()
        return cleaned

    def get_catalogue(self, request):
        return self.app.catalogue.dump()

    def set_tld_prices(self, request, tld):
        """Change the prices of an extension (``create``, ``renew``, ``transfer``, ``discount``), as
        OVHcloud changes its prices; ``POST /_sim/reset`` restores the catalogue the simulator started with."""
        data = self.app.catalogue.dump()
        if tld not in data['tlds']:
            raise not_found('The extension %s is not in the catalogue' % tld)
        body = request.json
        prices = ('create', 'renew', 'transfer', 'discount')
        if not isinstance(body, dict) or not body or set(body) - set(prices):
            raise bad_request('the body must set some of %s' % ', '.join(prices))
        data['tlds'][tld].update({key: str(value) for key, value in body.items()})
        self.app.catalogue = Catalogue(data)
        return data['tlds'][tld]

    def contract(self, request, slug):
        return Response(200, raw='Contract %s of the OVH API simulator. It binds no one.\n' % slug,
                        content_type='text/plain; charset=utf-8')
