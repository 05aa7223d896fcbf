# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""Cart helpers shared by the cart modules (ovh_cart, ovh_cart_domain, ovh_cart_config,
ovh_domain_offer_info): reading carts, items, offers and configurations, and turning the API's
objects into the plain dicts the modules return.

Nothing here imports ``AnsibleModule``: every function takes the shared client (and, where a step
is worth naming in an error, the module's ``step`` context manager factory).
"""

from __future__ import annotations

import contextlib
import datetime
import json

from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhError, OvhNotFoundError

MASK = '********'
# Configuration labels whose values are secrets: never returned, never shown in a diff.
SECRET_LABELS = frozenset(('AUTH_INFO',))
# Every configuration label the OVHcloud domain order guide documents.
DOCUMENTED_LABELS = (
    'OWNER_LEGAL_AGE', 'OWNER_CONTACT', 'ADMIN_ACCOUNT', 'TECH_ACCOUNT', 'DNS', 'AUTH_INFO',
    'ACCEPT_CONDITIONS', 'REASON', 'CLAIMS_NOTICE', 'PROTECTED_CODE', 'DOMAIN_CONFIG', 'KEEP_DNS',
)
# The pricing modes of an ordinary (not premium, not aftermarket) offer; 'default' is an older spelling.
STANDARD_PRICING_MODES = frozenset(('create-default', 'transfer-default', 'default'))
PRICE_LABELS = ('PRICE', 'RENEW', 'DISCOUNT', 'FEE', 'TOTAL')
LOOKUP_DESCRIPTION = 'ovhcloud.order offer lookup'
LOOKUP_LIFETIME = datetime.timedelta(minutes=30)


def _no_step(description):  # pylint: disable=unused-argument
    return contextlib.nullcontext()


# -- dates --------------------------------------------------------------------------------------
def utcnow() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def server_now(client) -> datetime.datetime:
    """The API's current time (local time corrected by the server clock delta)."""
    return utcnow() + datetime.timedelta(seconds=client.time_delta or 0)


def parse_datetime(value) -> datetime.datetime | None:
    """An ISO 8601 date and time as an aware datetime (UTC when it has no offset); None when unset.

    Raises ValueError for text that is not such a date."""
    if value is None or value == '':
        return None
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.endswith(('Z', 'z')):
            text = text[:-1] + '+00:00'
        parsed = datetime.datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


def format_datetime(value: datetime.datetime) -> str:
    return value.astimezone(datetime.timezone.utc).replace(microsecond=0).isoformat()


def same_instant(first, second) -> bool:
    try:
        return parse_datetime(first) == parse_datetime(second)
    except (TypeError, ValueError):
        return first == second


# -- prices -------------------------------------------------------------------------------------
def normalize_price(price) -> dict | None:
    """An ``order.Price`` as ``{value, currency, text}``."""
    if not isinstance(price, dict):
        return None
    return {'value': price.get('value'), 'currency': price.get('currencyCode'), 'text': price.get('text')}


def normalize_prices(prices) -> dict:
    """A list of ``order.cart.Price`` as a dict label → ``{value, currency, text}``."""
    result = {}
    for entry in prices or ():
        if isinstance(entry, dict) and entry.get('label'):
            result[entry['label']] = normalize_price(entry.get('price'))
    return result


def format_amount(value, currency) -> str:
    """``2500.00 EUR``: an amount for a message."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return '%.2f %s' % (value, currency or '')
    return '%s %s' % (value, currency or '')


def total_of(prices: dict):
    """(value, currency) of the TOTAL line of normalised prices, falling back to PRICE."""
    line = prices.get('TOTAL') or prices.get('PRICE') or {}
    return line.get('value'), line.get('currency')


# -- offers -------------------------------------------------------------------------------------
def is_premium(pricing_mode) -> bool:
    return bool(pricing_mode) and pricing_mode not in STANDARD_PRICING_MODES


def normalize_offer(domain: str, info: dict | None, owned=None) -> dict:
    """One ``order.cart.ProductInformation`` (or None when the API offered nothing) as a plain dict."""
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
        'action': info.get('action'),
        'pricing_mode': pricing_mode,
        'premium': is_premium(pricing_mode),
        'durations': list(info.get('duration') or []),
        'prices': prices,
        'price': price,
        'currency': currency,
        'required_configurations': configurations,
        'phase': info.get('phase'),
        'offer_id': info.get('offerId'),
    }


def describe_offer(offer: dict) -> str:
    return '%s (%s)' % (offer.get('action'), offer.get('pricing_mode'))


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


def is_owned(client, domain: str) -> bool:
    """Whether the account already holds the domain (``GET /domain/{name}``; 404 → False)."""
    try:
        client.get(api_path('/domain/{}', domain))
    except OvhNotFoundError:
        return False
    return True


def account_subsidiary(client) -> str:
    """The subsidiary of the account the credentials belong to (``GET /me``)."""
    me = client.get('/me') or {}
    subsidiary = me.get('ovhSubsidiary')
    if not subsidiary:
        raise OvhError('GET /me returned no ovhSubsidiary; set ovh_subsidiary')
    return subsidiary


def lookup_offers(client, domains, subsidiary: str, step=_no_step, now=None) -> tuple[list, list]:
    """Read the offers of ``domains`` through a temporary cart, deleted afterwards whatever happens.

    Returns (offers, warnings): one normalised offer per name (in order), and the warnings to show
    (a temporary cart that could not be deleted)."""
    with step('create a temporary cart to read offers'):
        expire = format_datetime((now or server_now(client)) + LOOKUP_LIFETIME)
        cart = client.post('/order/cart', body={'ovhSubsidiary': subsidiary, 'description': LOOKUP_DESCRIPTION, 'expire': expire})
    cart_id = cart['cartId']
    warnings = []
    try:
        with step('assign the temporary cart %s to the account' % cart_id):
            client.post(api_path('/order/cart/{}/assign', cart_id), safe=True)
        seen = {}
        for domain in domains:
            if domain not in seen:
                with step('read the offer for %s' % domain):
                    offer = pick_offer(get_offers(client, cart_id, domain))
                with step('find out whether the account holds %s' % domain):
                    owned = is_owned(client, domain)
                seen[domain] = normalize_offer(domain, offer, owned)
        return [dict(seen[domain]) for domain in domains], warnings
    finally:
        try:
            client.delete(api_path('/order/cart/{}', cart_id))
        except OvhNotFoundError:
            pass
        except OvhError as exc:
            warnings.append('Could not delete the temporary cart %s (it expires at %s): %s' % (cart_id, expire, exc))


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
    found = []
    now = now or server_now(client)
    for position, cart_id in enumerate(account_cart_ids(client, description)):
        cart = get_cart(client, cart_id)
        if cart is not None and cart.get('description') == description and is_usable(cart, now):
            found.append((position, cart))
    far_future = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)

    def newest(entry):
        try:
            expire = parse_datetime(entry[1].get('expire')) or far_future
        except ValueError:
            expire = far_future
        return expire, entry[0]

    return [entry[1] for entry in sorted(found, key=newest, reverse=True)]


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
        'items': list(cart.get('items') or []),
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
            'domain': detail.get('domain'),
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


# -- items --------------------------------------------------------------------------------------
def action_of(pricing_mode) -> str | None:
    """The action a pricing mode stands for (``transfer-aftermarket1`` → ``transfer``)."""
    if not pricing_mode:
        return None
    head = str(pricing_mode).split('-', 1)[0]
    return 'create' if head == 'default' else head


def item_domain(item: dict) -> str | None:
    settings = item.get('settings') or {}
    domain = settings.get('domain')
    return str(domain).rstrip('.').lower() if domain else None


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


def get_items(client, cart_id: str) -> list:
    """Every raw item of a cart."""
    items = []
    for item_id in client.get(api_path('/order/cart/{}/item', cart_id)) or ():
        try:
            items.append(client.get(api_path('/order/cart/{}/item/{}', cart_id, item_id)))
        except OvhNotFoundError:
            continue
    return items


# -- configurations -----------------------------------------------------------------------------
def get_required(client, cart_id: str, item_id) -> list:
    """The item's ``requiredConfiguration`` as ``[{label, type, required, fields}]``."""
    entries = client.get(api_path('/order/cart/{}/item/{}/requiredConfiguration', cart_id, item_id)) or ()
    return [{'label': entry.get('label'), 'type': entry.get('type'), 'required': bool(entry.get('required')), 'fields': entry.get('fields')}
            for entry in entries if isinstance(entry, dict)]


def get_configurations(client, cart_id: str, item_id) -> list:
    """The item's configurations as ``[{id, label, value}]`` (raw values: mask them before returning)."""
    result = []
    for configuration_id in client.get(api_path('/order/cart/{}/item/{}/configuration', cart_id, item_id)) or ():
        try:
            entry = client.get(api_path('/order/cart/{}/item/{}/configuration/{}', cart_id, item_id, configuration_id))
        except OvhNotFoundError:
            continue
        result.append({'id': entry.get('id', configuration_id), 'label': entry.get('label'), 'value': entry.get('value')})
    return result


def mask_value(label, value):
    return MASK if label in SECRET_LABELS and value is not None else value


def masked_configurations(configurations: list) -> list:
    return [dict(entry, value=mask_value(entry['label'], entry['value'])) for entry in configurations]


def configuration_value(label: str, value, option: str = 'configurations') -> str:
    """A configuration value as the API takes it: booleans as ``true``/``false``, a DNS list joined
    with ``;``, other lists and dicts (``DOMAIN_CONFIG``) as compact JSON, anything else as text."""
    if value is None:
        raise ValueError('%s.%s needs a value (use state=absent to remove a configuration)' % (option, label))
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (list, tuple)):
        if label == 'DNS':
            servers = [str(server).strip() for server in value if str(server).strip()]
            if not servers:
                raise ValueError('%s.DNS needs at least one name server (use state=absent to remove it)' % option)
            return ';'.join(servers)
        return json.dumps(list(value), separators=(',', ':'), sort_keys=True)
    if isinstance(value, dict):
        return json.dumps(value, separators=(',', ':'), sort_keys=True)
    return str(value)
