# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/order/cart``: carts, domain offers, items, item configurations, summary and checkout."""

import json
import re
import uuid

from . import orders
from .catalogue import LABEL_TYPES, normalize_domain
from .errors import bad_request, object_not_found
from .timeutil import format_datetime, parse_datetime

CART_LIFETIME = 86400
_NIC_RE = re.compile(r'^[a-z0-9]+(-[a-z0-9]+)*-ovh$', re.IGNORECASE)
_HOST_RE = re.compile(r'^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\.?$', re.IGNORECASE)
_BOOLEAN_VALUES = ('true', 'false', '1', '0')


# -- helpers ---------------------------------------------------------------------------------------
def purge_expired(store):
    now = store.now()
    for cart_id in [cart_id for cart_id, cart in store.carts.items() if cart['expire'] <= now]:
        delete_cart(store, cart_id)


def delete_cart(store, cart_id):
    cart = store.carts.pop(cart_id)
    for item_id in cart['items']:
        item = store.items.pop(str(item_id), None)
        for config_id in (item or {}).get('configurations', []):
            store.configurations.pop(str(config_id), None)
    store.mark()


def get_cart(ctx, cart_id=None):
    """The cart of the path (404 when unknown or expired: an expired cart disappears)."""
    store = ctx.store
    cart_id = cart_id or ctx.params['cartId']
    cart = store.carts.get(cart_id)
    if cart is not None and cart['expire'] <= store.now():
        delete_cart(store, cart_id)
        cart = None
    if cart is None:
        raise object_not_found('cartId', cart_id)
    return cart


def writable_cart(ctx):
    cart = get_cart(ctx)
    if cart['readOnly']:
        raise bad_request('This cart has already been checked out (order %s): it is read-only' % cart.get('orderId'))
    return cart


def get_item(ctx, cart):
    item_id = ctx.params['itemId']
    if item_id not in cart['items']:
        raise object_not_found('itemId', item_id)
    return ctx.store.items[str(item_id)]


def get_configuration(ctx, item):
    config_id = ctx.params['configurationId']
    if config_id not in item['configurations']:
        raise object_not_found('configurationId', config_id)
    return ctx.store.configurations[str(config_id)]


def render_cart(cart):
    return {
        'cartId': cart['cartId'],
        'description': cart['description'],
        'expire': format_datetime(cart['expire']),
        'items': list(cart['items']),
        'readOnly': cart['readOnly'],
    }


def render_item(ctx, item):
    offer = orders.item_offer(ctx.app, item)
    return {
        'cartId': item['cartId'],
        'configurations': list(item['configurations']),
        'duration': item['duration'],
        'itemId': item['itemId'],
        'offerId': offer['offerId'],
        'options': [],
        'parentItemId': None,
        'prices': orders.cart_prices(ctx.catalogue, offer, item['duration']),
        'productId': 'domain',
        # OVH also returns the domain name here, although the schema's ItemSettings lacks it.
        'settings': {'domain': item['domain'], 'planCode': item['planCode'], 'pricingMode': item['pricingMode'], 'quantity': 1},
    }


def render_configuration(configuration):
    return {'id': configuration['id'], 'label': configuration['label'], 'value': configuration['value']}


def _expire(value, now):
    epoch = parse_datetime(value)
    if epoch <= now:
        raise bad_request('Invalid expiration date %s: it must be in the future' % value)
    return epoch


# -- carts -----------------------------------------------------------------------------------------
def create_cart(ctx):
    body, store = ctx.body, ctx.store
    now = store.now()
    cart_id = str(uuid.uuid4())
    store.carts[cart_id] = {
        'cartId': cart_id,
        'description': body.get('description', ''),
        'expire': _expire(body['expire'], now) if 'expire' in body else now + CART_LIFETIME,
        'created': now,
        'ovhSubsidiary': body['ovhSubsidiary'],
        'items': [],
        'readOnly': False,
        'assignedTo': None,
        'orderId': None,
    }
    store.mark()
    return render_cart(store.carts[cart_id])


def list_carts(ctx):
    store = ctx.store
    purge_expired(store)
    description = ctx.query.get('description')
    carts = [cart for cart in store.carts.values()
             if cart.get('assignedTo') == ctx.identity.nic and (description is None or cart['description'] == description)]
    return [cart['cartId'] for cart in sorted(carts, key=lambda cart: cart['created'])]


def read_cart(ctx):
    return render_cart(get_cart(ctx))


def update_cart(ctx):
    cart = writable_cart(ctx)
    if 'description' in ctx.body:
        cart['description'] = ctx.body['description']
    if 'expire' in ctx.body:
        cart['expire'] = _expire(ctx.body['expire'], ctx.store.now())
    ctx.store.mark()
    return render_cart(cart)


def remove_cart(ctx):
    cart = get_cart(ctx)
    delete_cart(ctx.store, cart['cartId'])


def assign_cart(ctx):
    cart = get_cart(ctx)
    account_subsidiary = 'FR'
    if cart['ovhSubsidiary'] != account_subsidiary:
        raise bad_request('This cart was created for the %s subsidiary but your account belongs to %s'
                          % (cart['ovhSubsidiary'], account_subsidiary))
    if cart.get('assignedTo') != ctx.identity.nic:
        cart['assignedTo'] = ctx.identity.nic
        ctx.store.mark()


# -- domain offers and items -------------------------------------------------------------------------
def product_information(ctx, offer):
    first_duration = offer['durations'][0]
    return {
        'action': offer['action'],
        'configurations': [ctx.catalogue.requirement(label, required) for label, required in offer['configurations']],
        'deliveryTime': '',
        'duration': list(offer['durations']),
        'offer': offer['offer'],
        'offerId': offer['offerId'],
        'orderable': offer['orderable'],
        'phase': offer['phase'],
        'prices': orders.cart_prices(ctx.catalogue, offer, first_duration),
        'pricingMode': offer['pricingMode'],
        'productId': 'domain',
        'quantityMax': 1,
    }


def domain_offers(ctx):
    get_cart(ctx)
    name = ctx.query.get('domain')
    if not name:
        raise bad_request("The input provided isn't valid: 'domain' is a required parameter")
    domain = normalize_domain(name)
    offer = ctx.catalogue.offer(domain, owned=domain in ctx.store.domains)
    if offer is None:
        return []
    return [product_information(ctx, offer)]


def add_domain(ctx):
    cart = writable_cart(ctx)
    body, store = ctx.body, ctx.store
    domain = normalize_domain(body['domain'])
    offer = ctx.catalogue.offer(domain, owned=domain in store.domains)
    if offer is None:
        raise bad_request('The domain name %s cannot be ordered: its extension is not sold' % domain)
    if not offer['orderable']:
        raise bad_request('The domain name %s cannot be ordered: %s' % (domain, offer['reason']))
    duration = body.get('duration') or offer['durations'][0]
    if duration not in offer['durations']:
        raise bad_request('Invalid duration %s for %s: allowed durations are %s' % (duration, domain, ', '.join(offer['durations'])))
    quantity = body.get('quantity')
    if quantity is not None and quantity != 1:
        raise bad_request('Invalid quantity %s: a domain name can only be ordered with quantity 1' % quantity)
    plan_code = body.get('planCode')
    if plan_code is not None and plan_code != offer['planCode']:
        raise bad_request('Invalid planCode %s for %s: the plan of this domain name is %s' % (plan_code, domain, offer['planCode']))
    pricing_mode = body.get('pricingMode')
    if pricing_mode is not None and pricing_mode != offer['pricingMode']:
        raise bad_request('Pricing mode %s is not available for %s (available: %s)' % (pricing_mode, domain, offer['pricingMode']))
    offer_id = body.get('offerId')
    if offer_id is not None and offer_id != offer['offerId']:
        raise bad_request('Invalid offerId %s for %s' % (offer_id, domain))
    for item_id in cart['items']:
        if store.items[str(item_id)]['domain'] == domain:
            raise bad_request('The domain name %s is already in this cart (item %s)' % (domain, item_id))
    item_id = store.next_id('item')
    store.items[str(item_id)] = {
        'itemId': item_id,
        'cartId': cart['cartId'],
        'domain': domain,
        'duration': duration,
        'planCode': offer['planCode'],
        'pricingMode': offer['pricingMode'],
        'configurations': [],
    }
    cart['items'].append(item_id)
    store.mark()
    return render_item(ctx, store.items[str(item_id)])


def list_items(ctx):
    return list(get_cart(ctx)['items'])


def read_item(ctx):
    return render_item(ctx, get_item(ctx, get_cart(ctx)))


def update_item(ctx):
    item = get_item(ctx, writable_cart(ctx))
    offer = orders.item_offer(ctx.app, item)
    duration = ctx.body.get('duration')
    if duration is not None:
        if duration not in offer['durations']:
            raise bad_request('Invalid duration %s for %s: allowed durations are %s'
                              % (duration, item['domain'], ', '.join(offer['durations'])))
        item['duration'] = duration
    quantity = ctx.body.get('quantity')
    if quantity is not None and quantity != 1:
        raise bad_request('Invalid quantity %s: a domain name can only be ordered with quantity 1' % quantity)
    ctx.store.mark()
    return render_item(ctx, item)


def remove_item(ctx):
    cart = writable_cart(ctx)
    item = get_item(ctx, cart)
    for config_id in item['configurations']:
        ctx.store.configurations.pop(str(config_id), None)
    cart['items'].remove(item['itemId'])
    del ctx.store.items[str(item['itemId'])]
    ctx.store.mark()


def required_configuration(ctx):
    item = get_item(ctx, get_cart(ctx))
    offer = orders.item_offer(ctx.app, item)
    return [ctx.catalogue.requirement(label, required) for label, required in offer['configurations']]


# -- configurations ----------------------------------------------------------------------------------
def _check_configuration_value(ctx, label, value):
    kind = LABEL_TYPES[label]
    if kind == 'bool':
        if value.strip().lower() not in _BOOLEAN_VALUES:
            raise bad_request('Invalid value for the configuration %s: a boolean ("true" or "false") is expected' % label)
    elif kind == '/me/contact':
        if orders.resolve_contact(ctx.app, value) is None:
            raise bad_request('Invalid value for the configuration %s: %s is not an existing contact '
                              '(expected /me/contact/<id> or /domain/contact/<id>)' % (label, value))
    elif kind == 'Nichandle':
        if not _NIC_RE.match(value.strip()):
            raise bad_request('Invalid value for the configuration %s: %s is not a nichandle (xx1234-ovh)' % (label, value))
    elif kind == 'json':
        try:
            json.loads(value)
        except ValueError:
            raise bad_request('Invalid value for the configuration %s: a JSON document is expected' % label)
    elif label == 'DNS':
        hosts = value.split(';')
        if not 1 <= len(hosts) <= 13 or not all(_HOST_RE.match(host) for host in hosts):
            raise bad_request('Invalid value for the configuration DNS: expected name servers separated by ";" without spaces, '
                              'e.g. dns1.example.net;dns2.example.net')
    elif not value.strip():
        raise bad_request('Invalid value for the configuration %s: the value is empty' % label)


def add_configuration(ctx):
    item = get_item(ctx, writable_cart(ctx))
    label, value = ctx.body['label'], ctx.body['value']
    offer = orders.item_offer(ctx.app, item)
    allowed = [entry[0] for entry in offer['configurations']]
    if label not in allowed:
        raise bad_request('The configuration %s is not expected for item %d (%s); expected: %s'
                          % (label, item['itemId'], item['domain'], ', '.join(allowed)))
    _check_configuration_value(ctx, label, value)
    config_id = ctx.store.next_id('configuration')
    ctx.store.configurations[str(config_id)] = {'id': config_id, 'itemId': item['itemId'], 'label': label, 'value': value}
    item['configurations'].append(config_id)
    ctx.store.mark()
    return render_configuration(ctx.store.configurations[str(config_id)])


def list_configurations(ctx):
    item = get_item(ctx, get_cart(ctx))
    label = ctx.query.get('label')
    return [config_id for config_id in item['configurations']
            if label is None or ctx.store.configurations[str(config_id)]['label'] == label]


def read_configuration(ctx):
    return render_configuration(get_configuration(ctx, get_item(ctx, get_cart(ctx))))


def remove_configuration(ctx):
    item = get_item(ctx, writable_cart(ctx))
    configuration = get_configuration(ctx, item)
    item['configurations'].remove(configuration['id'])
    del ctx.store.configurations[str(configuration['id'])]
    ctx.store.mark()


# -- summary and checkout ----------------------------------------------------------------------------
def _items(ctx, cart):
    return [ctx.store.items[str(item_id)] for item_id in cart['items']]


def summary(ctx):
    cart = get_cart(ctx)
    return orders.render_order(ctx.app, orders.quote(ctx.app, _items(ctx, cart)))


def checkout_preview(ctx):
    cart = get_cart(ctx)
    orders.check_cart(ctx.app, cart, ctx.identity)
    items = _items(ctx, cart)
    return orders.render_order(ctx.app, orders.quote(ctx.app, items), contract_list=orders.contracts(ctx.app, items, ctx.root))


def checkout(ctx):
    cart = get_cart(ctx)
    deliveries = orders.check_cart(ctx.app, cart, ctx.identity)
    items = _items(ctx, cart)
    order = orders.create_order(ctx.app, cart, deliveries, ctx.body.get('autoPayWithPreferredPaymentMethod', False),
                                ctx.body.get('waiveRetractationPeriod', False))
    return orders.render_order(ctx.app, orders.quote(ctx.app, items), order_id=order['orderId'],
                               url=orders.order_url(order, ctx.root), contract_list=orders.contracts(ctx.app, items, ctx.root))


def register(router):
    add = router.add
    add('GET', '/order/cart', list_carts, query={'description': 'string'})
    add('POST', '/order/cart', create_cart, auth=False, body='order.cart.Creation')
    add('GET', '/order/cart/{cartId}', read_cart, auth=False)
    add('PUT', '/order/cart/{cartId}', update_cart, auth=False, body='order.cart.Update')
    add('DELETE', '/order/cart/{cartId}', remove_cart)
    add('POST', '/order/cart/{cartId}/assign', assign_cart)
    add('GET', '/order/cart/{cartId}/domain', domain_offers, query={'domain': 'string'})
    add('POST', '/order/cart/{cartId}/domain', add_domain, body='order.cart.GenericDomainCreation')
    add('GET', '/order/cart/{cartId}/item', list_items, auth=False)
    add('GET', '/order/cart/{cartId}/item/{itemId}', read_item, auth=False)
    add('PUT', '/order/cart/{cartId}/item/{itemId}', update_item, auth=False, body='order.cart.ItemUpdate')
    add('DELETE', '/order/cart/{cartId}/item/{itemId}', remove_item, auth=False)
    add('GET', '/order/cart/{cartId}/item/{itemId}/requiredConfiguration', required_configuration, auth=False)
    add('GET', '/order/cart/{cartId}/item/{itemId}/configuration', list_configurations, auth=False, query={'label': 'string'})
    add('POST', '/order/cart/{cartId}/item/{itemId}/configuration', add_configuration, auth=False,
        body='order.cart.ItemConfigurationCreation')
    add('GET', '/order/cart/{cartId}/item/{itemId}/configuration/{configurationId}', read_configuration, auth=False)
    add('DELETE', '/order/cart/{cartId}/item/{itemId}/configuration/{configurationId}', remove_configuration, auth=False)
    add('GET', '/order/cart/{cartId}/summary', summary, auth=False)
    add('GET', '/order/cart/{cartId}/checkout', checkout_preview)
    add('POST', '/order/cart/{cartId}/checkout', checkout, body='order.cart.Checkout', body_optional=True)
