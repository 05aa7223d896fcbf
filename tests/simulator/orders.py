# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Prices, the order built from a cart, checkout validation, order progress and delivery.

An order goes ``notPaid`` -> (payment) -> ``checking`` -> ``delivering`` -> ``delivered``; each step
after the payment happens on ``POST /_sim/tick`` (or, with ``--advance-on-poll``, on each
``GET /me/order/{orderId}/status``). On delivery each ordered domain becomes an owned domain with a
new owner contact, as OVH does.
"""

import secrets
import uuid

from . import renewals, rules
from .catalogue import Decimal, money
from .contacts import contact_for_rules, nic_contact
from .errors import bad_request, forbidden
from .state import NIC
from .timeutil import add_years, format_datetime

DAY = 86400
RETRACTION_DAYS = 14
PROGRESS = {'checking': 'delivering', 'delivering': 'delivered'}
BOOLEAN_TRUE = ('true', '1')
SECRET_LABELS = ('AUTH_INFO', 'PROTECTED_CODE')
PREVIOUS_REGISTRAR_NAME_SERVERS = ['ns1.previous-registrar.example', 'ns2.previous-registrar.example']


# -- prices ----------------------------------------------------------------------------------------
def price(value, currency):
    """An ``order.Price``."""
    amount = money(value)
    symbol = '\u20ac' if currency == 'EUR' else currency
    return {
        'currencyCode': currency,
        'priceInUcents': int(amount * 100000000),
        'text': '%s %s' % (amount, symbol),
        'value': float(amount),
    }


def cart_prices(catalogue, offer, duration):
    """The ``order.cart.Price[]`` of an offer for a duration (``None`` when the name is not sold)."""
    amounts = catalogue.amounts(offer, duration)
    if amounts is None:
        return None
    return [{'label': label, 'price': price(amounts[label], catalogue.currency), 'promotions': None}
            for label in ('PRICE', 'DISCOUNT', 'FEE', 'TOTAL', 'RENEW')]


def _years(duration):
    return int(duration[1:-1])


def _plural(years):
    return '%d year%s' % (years, '' if years == 1 else 's')


def item_offer(app, item):
    """The catalogue offer behind a cart item (prices do not depend on ownership); for the renewal of
    an owned domain (``renewals.py``), its renewal in the shape of an offer."""
    if item.get('family') == renewals.RENEW_FAMILY:
        return renewals.renewal_offer(app, item['domain'])
    return app.catalogue.offer(item['domain'], owned=False)


def quote(app, items):
    """The detail lines and totals of an order for cart items (amounts as Decimal)."""
    catalogue = app.catalogue
    lines = []
    for item in items:
        offer = item_offer(app, item)
        amounts = catalogue.amounts(offer, item['duration'])
        years = _years(item['duration'])
        domain = item['domain']
        if offer['kind'] == 'renew':
            description = 'Renewal of the domain name %s for %s' % (domain, _plural(years))
        elif offer['kind'] == 'aftermarket':
            description = 'Purchase of the domain name %s on the aftermarket (%s included)' % (domain, _plural(years))
        elif offer['action'] == 'transfer':
            description = 'Transfer of the domain name %s (%s included)' % (domain, _plural(years))
        elif offer['kind'] == 'premium':
            description = 'Registration of the premium domain name %s for %s' % (domain, _plural(years))
        else:
            description = 'Registration of the domain name %s for %s' % (domain, _plural(years))
        original = amounts['PRICE'] + amounts['FEE']
        plan = {'code': offer['planCode'], 'duration': item['duration'], 'pricingMode': item['pricingMode'],
                'product': {'name': 'domain'}, 'quantity': 1}
        lines.append({
            'cartItemID': item['itemId'], 'kind': 'domain', 'description': description,
            'detailType': {'transfer': 'TRANSFER', 'renew': 'RENEW'}.get(offer['action'], 'DURATION'), 'domain': domain,
            'unitPrice': original, 'originalTotalPrice': original, 'reductionTotalPrice': amounts['DISCOUNT'],
            'totalPrice': amounts['TOTAL'], 'plan': plan, 'tld': offer['tld'],
        })
        if offer['kind'] == 'renew':  # the DNS zone goes on without an order line
            continue
        zone_plan = {'code': 'zone', 'duration': item['duration'], 'pricingMode': 'default',
                     'product': {'name': 'dns-zone'}, 'quantity': 1}
        for detail_type, text in (('INSTALLATION', 'DNS zone %s - installation' % domain),
                                  ('DURATION', 'DNS zone %s - %s' % (domain, _plural(years)))):
            lines.append({
                'cartItemID': item['itemId'], 'kind': 'zone', 'description': text, 'detailType': detail_type, 'domain': domain,
                'unitPrice': money(0), 'originalTotalPrice': money(0), 'reductionTotalPrice': money(0),
                'totalPrice': money(0), 'plan': zone_plan, 'tld': offer['tld'],
            })
    without_tax = sum((line['totalPrice'] for line in lines), money(0))
    tax = money(without_tax * catalogue.tax_rate)
    totals = {
        'withoutTax': without_tax,
        'tax': tax,
        'withTax': without_tax + tax,
        'originalWithoutTax': sum((line['originalTotalPrice'] for line in lines), money(0)),
        'reduction': sum((line['reductionTotalPrice'] for line in lines), money(0)),
    }
    return {'lines': lines, 'totals': totals}


def contracts(app, items, root):
    seen, result = set(), []
    for item in items:
        for contract in item_offer(app, item)['contracts']:
            if contract['slug'] in seen:
                continue
            seen.add(contract['slug'])
            result.append({
                'content': '%s. These are the terms of the OVH API simulator: they are not a real contract.' % contract['name'],
                'name': contract['name'],
                'url': '%s/_sim/contracts/%s' % (root, contract['slug']),
            })
    return result


def render_order(app, priced, order_id=None, url=None, contract_list=None):
    """An ``order.Order`` (summary, dry-run checkout or real checkout)."""
    currency = app.catalogue.currency
    details = []
    for line in priced['lines']:
        reductions = []
        if line['reductionTotalPrice'] > 0:
            reductions.append({
                'context': 'promotion',
                'description': 'First year discount on .%s' % line['tld'],
                'price': price(line['reductionTotalPrice'], currency),
                'reductionDescription': '%s %s off the first year' % (money(line['reductionTotalPrice']), currency),
                'type': 'fixed_amount',
                'value': price(line['reductionTotalPrice'], currency),
            })
        details.append({
            'cartItemID': line['cartItemID'],
            'description': line['description'],
            'detailType': line['detailType'],
            'domain': line['domain'],
            'originalTotalPrice': price(line['originalTotalPrice'], currency),
            'quantity': 1,
            'reductionTotalPrice': price(line['reductionTotalPrice'], currency),
            'reductions': reductions,
            'totalPrice': price(line['totalPrice'], currency),
            'unitPrice': price(line['unitPrice'], currency),
        })
    totals = priced['totals']
    return {
        'contracts': contract_list or [],
        'details': details,
        'orderId': order_id,
        'prices': {name: price(value, currency) for name, value in totals.items()},
        'url': url,
    }


# -- checkout ---------------------------------------------------------------------------------------
def _is_true(value):
    return str(value).strip().lower() in BOOLEAN_TRUE


def resolve_contact(app, value):
    """The stored contact named by an ``OWNER_CONTACT`` value such as ``/me/contact/123``, or ``None``."""
    parts = (value or '').strip().rstrip('/').split('/')
    if len(parts) == 4 and parts[0] == '' and parts[1] in ('me', 'domain') and parts[2] == 'contact' and parts[3].isdigit():
        return app.store.contacts.get(parts[3])
    return None


def check_cart(app, cart, identity):
    """Everything the checkout validates; returns the deliveries the order will carry."""
    store, catalogue = app.store, app.catalogue
    if cart['readOnly']:
        raise bad_request('This cart has already been checked out (order %s); create a new cart' % cart.get('orderId'))
    if cart.get('assignedTo') != identity.nic:
        raise forbidden('You are not allowed')
    if not cart['items']:
        raise bad_request('Your cart is empty')
    deliveries = []
    for item_id in cart['items']:
        item = store.items[str(item_id)]
        if item.get('family') == renewals.RENEW_FAMILY:
            deliveries.append(renewals.check_item(app, item))
            continue
        domain = item['domain']
        offer = catalogue.offer(domain, owned=domain in store.domains)
        if not offer['orderable']:
            raise bad_request('The domain name %s cannot be ordered: %s' % (domain, offer['reason']))
        configurations = [store.configurations[str(config_id)] for config_id in item['configurations']]
        counts = {}
        for configuration in configurations:
            counts[configuration['label']] = counts.get(configuration['label'], 0) + 1
        duplicated = sorted(label for label, count in counts.items() if count > 1)
        if duplicated:
            raise bad_request('Item %d (%s): the configuration %s is set more than once; delete the extra ones'
                              % (item['itemId'], domain, ', '.join(duplicated)), {'duplicated': ', '.join(duplicated)})
        required = [label for label, needed in offer['configurations'] if needed]
        missing = [label for label in required if label not in counts]
        if missing:
            raise bad_request('Item %d (%s): missing required configuration: %s' % (item['itemId'], domain, ', '.join(missing)),
                              {'missing': ', '.join(missing)})
        values = {configuration['label']: configuration['value'] for configuration in configurations}
        violations = {}
        if 'OWNER_LEGAL_AGE' in required and not _is_true(values.get('OWNER_LEGAL_AGE')):
            violations['OWNER_LEGAL_AGE'] = 'Field "OWNER_LEGAL_AGE" should be true'
        if 'OWNER_CONTACT' in values:
            owner = resolve_contact(app, values['OWNER_CONTACT'])
            if owner is None:
                raise bad_request('Item %d (%s): the OWNER_CONTACT %s does not exist' % (item['itemId'], domain, values['OWNER_CONTACT']))
            owner = contact_for_rules(owner)
        else:
            owner = nic_contact()
        # The same rules as POST /domain/configurationRule/check, with the cart's data.
        violations.update(rules.eligibility_violations(offer, offer['action'], owner, _is_true(values.get('ACCEPT_CONDITIONS')),
                                                       values.get('AUTH_INFO'), domain in store.domains))
        if violations:
            raise rules.domdoc_error(violations, store.now())
        if 'AUTH_INFO' in required and values.get('AUTH_INFO') != catalogue.auth_info_code:
            raise bad_request('Item %d (%s): the transfer authorization code (AUTH_INFO) is not valid for this domain name'
                              % (item['itemId'], domain))
        if 'PROTECTED_CODE' in required and values.get('PROTECTED_CODE') != catalogue.protected_code:
            raise bad_request('Item %d (%s): the registry code (PROTECTED_CODE) is not valid for this domain name'
                              % (item['itemId'], domain))
        deliveries.append({
            'itemId': item['itemId'], 'domain': domain, 'kind': offer['kind'], 'action': offer['action'],
            'duration': item['duration'], 'configurations': values, 'owner': owner,
        })
    return deliveries


def default_payment_method(app):
    for method in app.store.payment_methods:
        if method.get('default') and method.get('status') == 'VALID':
            return method
    return None


def _stored_details(store, priced, deliveries):
    """The detail lines an order stores for a quote: amounts as strings, a new ``orderDetailId`` each,
    and the configurations of the domain lines (secrets masked)."""
    values_by_item = {delivery['itemId']: delivery['configurations'] for delivery in deliveries}
    details = []
    for line in priced['lines']:
        detail = {key: str(value) if isinstance(value, Decimal) else value for key, value in line.items()}
        detail['orderDetailId'] = store.next_id('orderDetail')
        values = values_by_item.get(line['cartItemID'], {}) if line['kind'] == 'domain' else {}
        detail['configurations'] = [{'label': label, 'value': '********' if label in SECRET_LABELS else value}
                                    for label, value in sorted(values.items())]
        details.append(detail)
    return details


def create_order(app, cart, deliveries, auto_pay, waive_retraction):
    """Create the order of a validated cart; returns the stored order."""
    store = app.store
    now = store.now()
    items = [store.items[str(item_id)] for item_id in cart['items']]
    priced = quote(app, items)
    order_id = store.next_id('order')
    details = _stored_details(store, priced, deliveries)
    method = default_payment_method(app) if auto_pay else None
    order = {
        'orderId': order_id,
        'cartId': cart['cartId'],
        'date': now,
        'expirationDate': now + 30 * DAY,
        'retractionDate': None if waive_retraction else now + RETRACTION_DAYS * DAY,
        'password': secrets.token_hex(5),
        'status': 'checking' if method else 'notPaid',
        'autoPayWithPreferredPaymentMethod': bool(auto_pay),
        'waiveRetractationPeriod': bool(waive_retraction),
        'paymentMethodId': method['paymentMethodId'] if method else None,
        'paidWith': 'autoPayWithPreferredPaymentMethod' if method else None,
        'totals': {name: str(value) for name, value in priced['totals'].items()},
        'details': details,
        'deliveries': deliveries,
        'delivered': False,
        'history': [{'status': 'notPaid', 'date': now}],
    }
    if method:
        order['history'].append({'status': 'checking', 'date': now})
    store.orders[str(order_id)] = order
    cart['readOnly'] = True
    cart['orderId'] = order_id
    store.mark()
    if method:
        deliver_at_once(app, order)
    return order


def order_totals(order):
    return {name: Decimal(value) for name, value in order['totals'].items()}


def order_url(order, root, pdf=False):
    url = '%s/_sim/orders/%d?orderPassword=%s' % (root, order['orderId'], order['password'])
    return url + '&format=pdf' if pdf else url


# -- progress and delivery --------------------------------------------------------------------------
def set_status(app, order, status):
    store = app.store
    if order['status'] == status:
        return
    order['status'] = status
    order['history'].append({'status': status, 'date': store.now()})
    if status == 'delivered' and not order['delivered']:
        deliver(app, order)
    store.mark()


def advance(app, order):
    """Move a paid order one step towards ``delivered``; returns whether it moved."""
    following = PROGRESS.get(order['status'])
    if following is None:
        return False
    set_status(app, order, following)
    return True


def mark_paid(app, order, method_id, paid_with):
    order['paymentMethodId'] = method_id
    order['paidWith'] = paid_with
    set_status(app, order, 'checking')
    deliver_at_once(app, order)


def deliver_at_once(app, order):
    """With ``--instant-delivery``, a paid order goes through every step to ``delivered`` at once."""
    if getattr(app, 'instant_delivery', False):
        while advance(app, order):
            pass


def create_owned_domain(app, domain, owner, duration='P1Y', name_servers=None, admin=NIC, tech=NIC, order_id=None):
    """Register ``domain`` as owned by the account, with a new owner contact copied from ``owner``."""
    store = app.store
    now = store.now()
    contact_id = store.next_id('contact')
    record = dict(owner)
    record['address'] = dict(owner.get('address') or {})
    record['id'] = contact_id
    store.contacts[str(contact_id)] = record
    hosted = not name_servers
    hosts = name_servers or app.catalogue.default_name_servers
    store.domains[domain] = {
        'domain': domain,
        'serviceId': store.next_id('service'),
        'iamId': str(uuid.uuid4()),
        'creation': now,
        'expiration': add_years(now, int(duration[1:-1])),
        'lastUpdate': now,
        'nameServerType': 'hosted' if hosted else 'external',
        'nameServers': [{'id': store.next_id('nameServer'), 'nameServer': host} for host in hosts],
        'owner': contact_id,
        'admin': admin,
        'tech': tech,
        'billing': NIC,
        'offer': 'gold',
        'state': 'ok',
        'transferLockStatus': 'locked',
        'orderId': order_id,
    }
    store.mark()
    return store.domains[domain]


def deliver(app, order):
    for delivery in order['deliveries']:
        if delivery['kind'] == 'renew':
            renewals.deliver(app, delivery, order)
            continue
        values = delivery['configurations']
        name_servers = None
        if values.get('DNS'):
            name_servers = [host.strip().lower().rstrip('.') for host in values['DNS'].split(';') if host.strip()]
        elif delivery['action'] == 'transfer' and _is_true(values.get('KEEP_DNS', 'false')):
            name_servers = list(PREVIOUS_REGISTRAR_NAME_SERVERS)
        create_owned_domain(app, delivery['domain'], delivery['owner'], delivery['duration'], name_servers,
                            values.get('ADMIN_ACCOUNT') or NIC, values.get('TECH_ACCOUNT') or NIC, order['orderId'])
    order['delivered'] = True


# -- past orders (POST /_sim/orders) ---------------------------------------------------------------
# The statuses an order passes through on its way to each status, after ``notPaid``.
PAST_STEPS = {
    'notPaid': [], 'unknown': ['unknown'], 'cancelled': ['cancelled'], 'cancelling': ['cancelling'],
    'checking': ['checking'], 'delivering': ['checking', 'delivering'], 'delivered': ['checking', 'delivering', 'delivered'],
    'documentsRequested': ['checking', 'documentsRequested'],
}
PAID_STEPS = ('checking', 'delivering', 'delivered', 'documentsRequested')


def past_order(app, domain, date, status, expiration=None, deliver=True):
    """Store an order of one domain, made at ``date`` (epoch seconds) and now at ``status``, as if a
    cart holding that domain (a registration for the offer's first duration, ``OWNER_LEGAL_AGE`` set)
    had been checked out then, with both checkout flags true.

    Orders that went past ``notPaid`` were paid with the default payment method (id 1 when it is not
    there); ``notPaid``, ``cancelled``, ``cancelling`` and ``unknown`` ones were never paid. Each step
    of the history is dated one minute after the previous one (never after now). ``expiration`` is
    the ``expirationDate`` (default: 30 days after ``date``). A ``delivered`` order with ``deliver``
    makes its domain an owned domain of the account, as a real delivery does (unless it is owned
    already). Returns the stored order."""
    store = app.store
    if status not in PAST_STEPS:
        raise bad_request('status must be one of %s' % ', '.join(sorted(PAST_STEPS)))
    offer = app.catalogue.offer(domain, owned=False)
    if offer is None or not offer['orderable']:
        raise bad_request('%s cannot be ordered, so it cannot have a past order' % domain)
    item = {'itemId': store.next_id('item'), 'domain': domain, 'duration': offer['durations'][0], 'pricingMode': offer['pricingMode']}
    deliveries = [{
        'itemId': item['itemId'], 'domain': domain, 'kind': offer['kind'], 'action': offer['action'],
        'duration': item['duration'], 'configurations': {'OWNER_LEGAL_AGE': 'true'}, 'owner': nic_contact(),
    }]
    priced = quote(app, [item])
    steps = PAST_STEPS[status]
    paid = bool(steps) and steps[0] in PAID_STEPS
    method = default_payment_method(app) if paid else None
    now = store.now()
    order = {
        'orderId': store.next_id('order'),
        'cartId': None,
        'date': date,
        'expirationDate': date + 30 * DAY if expiration is None else expiration,
        'retractionDate': None,
        'password': secrets.token_hex(5),
        'status': steps[-1] if steps else 'notPaid',
        'autoPayWithPreferredPaymentMethod': True,
        'waiveRetractationPeriod': True,
        'paymentMethodId': (method['paymentMethodId'] if method else 1) if paid else None,
        'paidWith': 'autoPayWithPreferredPaymentMethod' if paid else None,
        'totals': {name: str(value) for name, value in priced['totals'].items()},
        'details': _stored_details(store, priced, deliveries),
        'deliveries': deliveries,
        'delivered': False,
        'history': [{'status': name, 'date': min(date + 60 * number, now)} for number, name in enumerate(['notPaid'] + steps)],
    }
    store.orders[str(order['orderId'])] = order
    if order['status'] == 'delivered' and deliver and domain not in store.domains:
        create_owned_domain(app, domain, nic_contact(), item['duration'], order_id=order['orderId'])
    order['delivered'] = order['status'] == 'delivered'
    store.mark()
    return order


# -- rendering of /me/order ------------------------------------------------------------------------
def render_billing_order(app, order, root):
    currency = app.catalogue.currency
    totals = order_totals(order)
    return {
        'date': format_datetime(order['date']),
        'expirationDate': format_datetime(order['expirationDate']),
        'orderId': order['orderId'],
        'password': order['password'],
        'pdfUrl': order_url(order, root, pdf=True),
        'priceWithTax': price(totals['withTax'], currency),
        'priceWithoutTax': price(totals['withoutTax'], currency),
        'retractionDate': format_datetime(order['retractionDate']) if order['retractionDate'] else None,
        'tax': price(totals['tax'], currency),
        'url': order_url(order, root),
    }


def render_billing_detail(app, detail):
    currency = app.catalogue.currency
    return {
        'cancelled': False,
        'description': detail['description'],
        'detailType': detail['detailType'],
        'domain': detail['domain'],
        'orderDetailId': detail['orderDetailId'],
        'quantity': '1',
        'totalPrice': price(detail['totalPrice'], currency),
        'unitPrice': price(detail['unitPrice'], currency),
    }


def render_item_detail(detail):
    return {
        'order': {
            'action': None,
            'configurations': list(detail['configurations']),
            'plan': dict(detail['plan']),
            'type': 'plan',
        }
    }
