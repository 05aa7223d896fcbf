# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Carts, offers, items and item configurations: reading and changing them through the client, and
turning the API's objects into the plain dicts the modules return.

Nothing here imports ``AnsibleModule``: every function takes the shared client (and, where a step
is worth naming in an error, a ``step`` context manager factory). Reads of independent objects
(one per domain, per item, per configuration) go through :func:`_concurrency.map_concurrently`.
"""

from __future__ import annotations

import contextlib
import datetime

from ansible_collections.ovhcloud.order.plugins.module_utils._account_domains import get_domain
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime, server_now, utcnow
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import canonical_domain, plan_code_for
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._format import normalize_price

MASK = '********'
# Configuration labels whose values are secrets, the ones OVHcloud masks in its own answers (the
# transfer code, the registry's code for a reserved name): never returned, shown in a diff, a
# warning or a message, nor in the task's ``invocation`` (see _module.OvhAnsibleModule).
SECRET_LABELS = frozenset(('AUTH_INFO', 'PROTECTED_CODE'))
# The pricing modes of an ordinary (not premium, not aftermarket) offer; 'default' is an older spelling.
STANDARD_PRICING_MODES = frozenset(('create-default', 'transfer-default', 'default'))
PRICE_LABELS = ('PRICE', 'RENEW', 'DISCOUNT', 'FEE', 'TOTAL')
LOOKUP_DESCRIPTION = 'ovhcloud.order offer lookup'
LOOKUP_LIFETIME = datetime.timedelta(minutes=30)


# The cart_id ovh_cart returns in check mode for a cart it would create: the other cart modules take it
# in check mode (and say what they would do), never in a real run.
PLANNED_CART_ID = 'check-mode-planned-cart'


def is_planned_cart(cart_id) -> bool:
    return cart_id == PLANNED_CART_ID


def planned_cart_problem(cart_id, check_mode) -> str | None:
    """Why a module cannot work on ``cart_id`` (None when it can)."""
    if is_planned_cart(cart_id) and not check_mode:
        return ('cart_id %s is what ovh_cart returns in check mode for a cart it would create; it exists only in check mode: run the '
                'play without --check so that ovh_cart creates the cart' % cart_id)
    return None


def no_step(description):  # pylint: disable=unused-argument
    return contextlib.nullcontext()


# -- prices -------------------------------------------------------------------------------------
def normalize_prices(prices) -> dict:
    """A list of ``order.cart.Price`` as a dict label → ``{value, currency, text}``."""
    result = {}
    for entry in prices or ():
        if isinstance(entry, dict) and entry.get('label'):
            result[entry['label']] = normalize_price(entry.get('price'))
    return result


def total_of(prices: dict):
    """(value, currency) of the TOTAL line of normalised prices, falling back to PRICE."""
    line = prices.get('TOTAL') or prices.get('PRICE') or {}
    return line.get('value'), line.get('currency')


# -- offers -------------------------------------------------------------------------------------
def is_premium(pricing_mode) -> bool:
    return bool(pricing_mode) and pricing_mode not in STANDARD_PRICING_MODES


def normalize_offer(domain: str, info: dict | None, owned=None) -> dict:
    """One ``order.cart.ProductInformation`` (or None when the API offered nothing) as a plain dict.

    Its prices are those of the offer's first duration (``durations[0]``)."""
    info = info or {}
    prices = normalize_prices(info.get('prices'))
    price, currency = total_of(prices)
    pricing_mode = info.get('pricingMode')
    configurations = []
    for entry in info.get('configurations') or ():
        configurations.append({'label': entry.get('label'), 'type': entry.get('type'), 'required': bool(entry.get('required')),
                               'fields': entry.get('fields')})
    return {
        'domain': domain,
        'owned': owned,
        'orderable': bool(info.get('orderable')),
        'action': info.get('action') or action_of(pricing_mode),
        'pricing_mode': pricing_mode,
        'premium': is_premium(pricing_mode),
        'durations': list(info.get('duration') or []),
        'prices': prices,
        'price': price,
        'currency': currency,
        'required_configurations': configurations,
        'phase': info.get('phase'),
        'offer_id': info.get('offerId'),
        'plan_code': info.get('planCode') or plan_code_for(domain),
    }


def pick_offer(offers: list) -> dict | None:
    """The offer that stands for a domain when nothing narrows the choice: the first orderable one."""
    for offer in offers:
        if offer.get('orderable'):
            return offer
    return offers[0] if offers else None


def get_offers(client, cart_id: str, domain: str) -> list:
    """The raw offers (``order.cart.ProductInformation``) of a domain in a cart."""
    offers = client.get(api_path('/order/cart/{}/domain', cart_id), query={'domain': domain})
    if isinstance(offers, dict):
        offers = [offers]
    return [offer for offer in offers or () if isinstance(offer, dict)]


def read_offers(client, cart_id: str, domains) -> dict:
    """Every normalised offer of each domain (one call per domain, concurrently): domain → list."""
    domains = list(dict.fromkeys(domains))
    found = map_concurrently(lambda domain: get_offers(client, cart_id, domain), domains)
    return {domain: [normalize_offer(domain, raw) for raw in raws] for domain, raws in zip(domains, found)}


def is_owned(client, domain: str) -> bool:
    """Whether the account already holds the domain (``GET /domain/{name}``; 404 → False)."""
    try:
        get_domain(client, domain)
    except OvhNotFoundError:
        return False
    return True


def owned_domains(client, domains) -> set:
    """The domains of ``domains`` the account holds (one ``GET /domain/{name}`` each, concurrently)."""
    domains = list(dict.fromkeys(domains))
    return {domain for domain, owned in zip(domains, map_concurrently(lambda domain: is_owned(client, domain), domains)) if owned}


def account(client) -> dict:
    """The account the credentials belong to (``GET /me``, a ``nichandle.Nichandle``)."""
    return client.get('/me') or {}


def account_subsidiary(client) -> str:
    """The subsidiary of the account the credentials belong to (``GET /me``)."""
    me = account(client)
    subsidiary = me.get('ovhSubsidiary')
    if not subsidiary:
        raise OvhError('GET /me returned no ovhSubsidiary; set ovh_subsidiary')
    return subsidiary


@contextlib.contextmanager
def temporary_cart(client, subsidiary: str, step=no_step, warnings=None, now=None):
    """A cart assigned to the account for reading offers and prices, deleted on exit whatever happens
    (a failed deletion is added to ``warnings``: the cart expires after 30 minutes anyway)."""
    with step('create a temporary cart to read offers'):
        expire = format_datetime((now or server_now(client)) + LOOKUP_LIFETIME)
        cart = create_cart(client, subsidiary, LOOKUP_DESCRIPTION, expire, assign=False)
    cart_id = cart['cartId']
    try:
        with step('assign the temporary cart %s to the account' % cart_id):
            assign_cart(client, cart_id)
        yield cart
    finally:
        try:
            delete_cart(client, cart_id)
        except OvhError as exc:
            if warnings is not None:
                warnings.append('Could not delete the temporary cart %s (it expires at %s): %s' % (cart_id, expire, exc))


def lookup_offers(client, domains, subsidiary: str, step=no_step, now=None) -> tuple[list, list]:
    """Read the offers of ``domains`` through a temporary cart, deleted afterwards whatever happens.

    Returns (offers, warnings): one normalised offer per name (in order), and the warnings to show
    (a temporary cart that could not be deleted)."""
    warnings = []
    unique = list(dict.fromkeys(domains))
    with temporary_cart(client, subsidiary, step, warnings, now) as cart:
        with step('read the offer for %s' % ', '.join(unique)):
            offers = read_offers(client, cart['cartId'], unique)
        with step('find out whether the account holds %s' % ', '.join(unique)):
            owned = owned_domains(client, unique)
    seen = {domain: dict(pick_offer(offers[domain]) or normalize_offer(domain, None), owned=domain in owned) for domain in unique}
    return [dict(seen[domain]) for domain in domains], warnings


# -- carts --------------------------------------------------------------------------------------
def get_cart(client, cart_id: str) -> dict | None:
    """The raw cart, or None when it does not exist (any more)."""
    try:
        return client.get(api_path('/order/cart/{}', cart_id))
    except OvhNotFoundError:
        return None


def account_cart_ids(client, description: str | None = None) -> list:
    """The ids of the carts assigned to the account, optionally filtered by description."""
    query = {'description': description} if description is not None else None
    return list(client.get('/order/cart', query=query) or [])


def is_usable(cart: dict, now=None) -> bool:
    """Unexpired and not read-only (not yet checked out)."""
    if cart.get('readOnly'):
        return False
    try:
        expire = parse_datetime(cart.get('expire'))
    except ValueError:
        return True
    return expire is None or expire > (now or utcnow())


def find_carts(client, description: str, now=None) -> list:
    """The account's usable carts with exactly this description, newest first (latest expiry; for
    equal expiries, the one listed last)."""
    now = now or server_now(client)
    ids = account_cart_ids(client, description)
    carts = map_concurrently(lambda cart_id: get_cart(client, cart_id), ids)
    found = [(position, cart) for position, cart in enumerate(carts)
             if cart is not None and cart.get('description') == description and is_usable(cart, now)]
    far_future = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)

    def newest(entry):
        try:
            expire = parse_datetime(entry[1].get('expire')) or far_future
        except ValueError:
            expire = far_future
        return expire, entry[0]

    return [entry[1] for entry in sorted(found, key=newest, reverse=True)]


def create_cart(client, subsidiary: str, description: str | None = None, expire: str | None = None, assign: bool = True,
                step=no_step) -> dict:
    """``POST /order/cart`` (then ``assign``): the new raw cart."""
    body = {'ovhSubsidiary': subsidiary}
    if description is not None:
        body['description'] = description
    if expire is not None:
        body['expire'] = expire
    with step('create a cart'):
        cart = client.post('/order/cart', body=body)
    if assign:
        with step('assign the new cart %s to the account' % cart['cartId']):
            assign_cart(client, cart['cartId'])
    return cart


def assign_cart(client, cart_id: str) -> None:
    """``POST /order/cart/{cartId}/assign``: the cart becomes the account's (retried: assigning twice is harmless)."""
    client.post(api_path('/order/cart/{}/assign', cart_id), safe=True)


def update_cart(client, cart_id: str, changes: dict):
    """``PUT /order/cart/{cartId}`` with the fields that change (``description``, ``expire``): the cart as answered."""
    return client.put(api_path('/order/cart/{}', cart_id), body=changes)


def delete_cart(client, cart_id: str) -> bool:
    """Delete a cart; False when it was already gone."""
    try:
        client.delete(api_path('/order/cart/{}', cart_id))
    except OvhNotFoundError:
        return False
    return True


def normalize_cart(cart: dict | None, assigned=None, summary=None) -> dict | None:
    """An ``order.cart.Cart`` as the ``cart`` the modules return."""
    if cart is None:
        return None
    result = {
        'cart_id': cart.get('cartId'),
        'description': cart.get('description'),
        'expire': cart.get('expire'),
        'read_only': bool(cart.get('readOnly')),
        'assigned': assigned,
        'item_ids': list(cart.get('items') or []),
    }
    if summary is not None:
        result['summary'] = summary
    return result


def normalize_summary(order: dict | None) -> dict | None:
    """An ``order.Order`` (cart summary or checkout preview) as totals and detail lines."""
    if not isinstance(order, dict):
        return None
    prices = order.get('prices') or {}
    details = []
    for detail in order.get('details') or ():
        details.append({
            'description': detail.get('description'),
            'domain': canonical_domain(detail.get('domain')),
            'detail_type': detail.get('detailType'),
            'quantity': detail.get('quantity'),
            'cart_item_id': detail.get('cartItemID'),
            'unit_price': normalize_price(detail.get('unitPrice')),
            'total_price': normalize_price(detail.get('totalPrice')),
        })
    return {
        'with_tax': normalize_price(prices.get('withTax')),
        'without_tax': normalize_price(prices.get('withoutTax')),
        'tax': normalize_price(prices.get('tax')),
        'details': details,
    }


def cart_summary(client, cart_id: str):
    """``GET /order/cart/{cartId}/summary``: the cart as an order would be (an ``order.Order``), as answered."""
    return client.get(api_path('/order/cart/{}/summary', cart_id))


def get_summary(client, cart_id: str) -> dict | None:
    return normalize_summary(cart_summary(client, cart_id))


# -- items --------------------------------------------------------------------------------------
def action_of(pricing_mode) -> str | None:
    """The action a pricing mode stands for (``transfer-aftermarket1`` → ``transfer``)."""
    if not pricing_mode:
        return None
    head = str(pricing_mode).split('-', 1)[0]
    return 'create' if head == 'default' else head


def item_domain(item: dict) -> str | None:
    return canonical_domain((item.get('settings') or {}).get('domain'))


def normalize_item(item: dict | None) -> dict | None:
    """An ``order.cart.Item`` as the ``item`` the modules return."""
    if item is None:
        return None
    settings = item.get('settings') or {}
    return {
        'item_id': item.get('itemId'),
        'domain': item_domain(item),
        'duration': item.get('duration'),
        'action': action_of(settings.get('pricingMode')),
        'pricing_mode': settings.get('pricingMode'),
        'plan_code': settings.get('planCode'),
        'prices': normalize_prices(item.get('prices')),
        'configurations': list(item.get('configurations') or []),
    }


def get_items(client, cart_id: str, item_ids=None) -> list:
    """Every raw item of a cart (``item_ids`` saves listing them when the cart was just read)."""
    if item_ids is None:
        item_ids = client.get(api_path('/order/cart/{}/item', cart_id)) or ()

    def read(item_id):
        try:
            return client.get(api_path('/order/cart/{}/item/{}', cart_id, item_id))
        except OvhNotFoundError:
            return None

    return [item for item in map_concurrently(read, list(item_ids)) if item is not None]


def add_body(domain: str, duration: str, offer: dict) -> dict:
    """The ``POST /order/cart/{cartId}/domain`` body for a domain, from the offer chosen for it."""
    return {'domain': domain, 'duration': duration, 'planCode': offer.get('plan_code') or plan_code_for(domain),
            'pricingMode': offer['pricing_mode'], 'quantity': 1}


def add_item(client, cart_id: str, body: dict) -> dict:
    """Add one domain to a cart: the new item, normalised (its prices are those of its duration)."""
    item = normalize_item(client.post(api_path('/order/cart/{}/domain', cart_id), body=body))
    item['domain'] = item['domain'] or body['domain']
    return item


def remove_item(client, cart_id: str, item_id) -> bool:
    try:
        client.delete(api_path('/order/cart/{}/item/{}', cart_id, item_id))
    except OvhNotFoundError:
        return False
    return True


def renewal_options(client, domain: str):
    """``GET /order/cartServiceOption/domain/{name}``: the service options (renewals) of a held domain, as answered."""
    return client.get(api_path('/order/cartServiceOption/domain/{}', domain))


def add_renewal(client, domain: str, body: dict):
    """``POST /order/cartServiceOption/domain/{name}``: a renewal option added to the cart ``body['cartId']``;
    the new raw item. Never retried (each POST adds an item)."""
    return client.post(api_path('/order/cartServiceOption/domain/{}', domain), body=body)


def predicted_item(domain: str, duration: str, offer: dict, body: dict) -> dict:
    """The item a check-mode run would add (no id; the offer's prices, which are for its first duration)."""
    return {'item_id': None, 'domain': domain, 'duration': duration, 'action': offer['action'] or action_of(offer['pricing_mode']),
            'pricing_mode': offer['pricing_mode'], 'plan_code': body['planCode'], 'prices': offer['prices'], 'configurations': []}


def item_matches(item: dict, duration: str, pricing_mode: str | None) -> bool:
    """Whether an existing item already orders a domain as wanted (same duration and pricing mode)."""
    return item['duration'] == duration and (not pricing_mode or not item['pricing_mode'] or item['pricing_mode'] == pricing_mode)


def plan_items(existing: list, wanted: dict) -> tuple[dict, list]:
    """What to keep and what to remove so that a cart holds one matching item per wanted domain.

    ``existing``: normalised items; ``wanted``: domain → (duration, pricing_mode or None), or None
    for a domain whose items must all go. Returns (domain → kept item, items to remove); a wanted
    domain without a kept item must be added."""
    keep, remove = {}, []
    for item in existing:
        domain = item['domain']
        if domain not in wanted:
            continue
        target = wanted[domain]
        if target is not None and domain not in keep and item_matches(item, target[0], target[1]):
            keep[domain] = item
        else:
            remove.append(item)
    return keep, remove


# -- configurations -----------------------------------------------------------------------------
def normalize_requirements(entries) -> list:
    return [{'label': entry.get('label'), 'type': entry.get('type'), 'required': bool(entry.get('required')), 'fields': entry.get('fields')}
            for entry in entries or () if isinstance(entry, dict)]


def get_required(client, cart_id: str, item_id) -> list:
    """The item's ``requiredConfiguration`` as ``[{label, type, required, fields}]``."""
    return normalize_requirements(client.get(api_path('/order/cart/{}/item/{}/requiredConfiguration', cart_id, item_id)))


def get_configurations(client, cart_id: str, item_id, configuration_ids=None) -> list:
    """The item's configurations as ``[{id, label, value}]`` (raw values: mask them before returning).

    ``configuration_ids`` (the item's ``configurations``) saves listing them."""
    if configuration_ids is None:
        configuration_ids = client.get(api_path('/order/cart/{}/item/{}/configuration', cart_id, item_id)) or ()

    def read(configuration_id):
        try:
            entry = client.get(api_path('/order/cart/{}/item/{}/configuration/{}', cart_id, item_id, configuration_id))
        except OvhNotFoundError:
            return None
        return {'id': entry.get('id', configuration_id), 'label': entry.get('label'), 'value': entry.get('value')}

    return [entry for entry in map_concurrently(read, list(configuration_ids)) if entry is not None]


def mask_value(label, value):
    return MASK if label in SECRET_LABELS and value is not None else value


def masked_configurations(configurations: list) -> list:
    return [dict(entry, value=mask_value(entry['label'], entry['value'])) for entry in configurations]


def configurations_by_label(configurations) -> dict:
    """Masked label → value (a list when a label has several configurations): the diff's view."""
    result = {}
    for entry in configurations:
        value = mask_value(entry['label'], entry['value'])
        if entry['label'] in result:
            previous = result[entry['label']]
            result[entry['label']] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            result[entry['label']] = value
    return result


def plan_configurations(current: list, wanted: dict, remove: bool = False) -> tuple[list, list]:
    """(configurations to delete, (label, value) pairs to create) so that an item has ``wanted``.

    ``wanted``: label → value (text). A label with the same value is kept; another value is replaced;
    duplicates of a label are removed. With ``remove``, every configuration of the labels goes."""
    to_delete, to_create = [], []
    for label, value in wanted.items():
        entries = [entry for entry in current if entry['label'] == label]
        keep = None
        if not remove:
            keep = next((entry for entry in entries if entry['value'] == value), None)
            if keep is None:
                to_create.append((label, value))
        to_delete.extend(entry for entry in entries if entry is not keep)
    return to_delete, to_create


def apply_configurations(client, cart_id: str, item_id, to_delete: list, to_create: list) -> list:
    """Delete, then create, an item's configurations; returns the created ``[{id, label, value}]``."""
    for entry in to_delete:
        try:
            client.delete(api_path('/order/cart/{}/item/{}/configuration/{}', cart_id, item_id, entry['id']))
        except OvhNotFoundError:
            pass
    created = []
    for label, value in to_create:
        answer = client.post(api_path('/order/cart/{}/item/{}/configuration', cart_id, item_id), body={'label': label, 'value': value})
        created.append({'id': (answer or {}).get('id'), 'label': label, 'value': value})
    return created
