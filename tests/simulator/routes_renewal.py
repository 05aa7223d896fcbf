# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Routes of what comes after the order: a domain's renewal settings (``/domain/{serviceName}/serviceInfos``),
its renewal options in a cart (``/order/cartServiceOption/domain``) and the domain tasks
(``/domain/{serviceName}/task``, ``/me/task/domain``). See ``renewals.py``."""

from . import renewals
from .errors import bad_request, object_not_found
from .routes_cart import get_cart, render_item


def _task_id(ctx):
    value = ctx.params['id']
    if not value.isdigit():
        raise bad_request('Invalid value for path parameter id: %s is not a long' % value)
    return int(value)


# -- serviceInfos ------------------------------------------------------------------------------------
def read_service_infos(ctx):
    return renewals.service_infos(ctx.app, renewals.owned_record(ctx.app, ctx.params['serviceName']))


def update_service_infos(ctx):
    renewals.update_service_infos(ctx.app, renewals.owned_record(ctx.app, ctx.params['serviceName']), ctx.body)


# -- renewal options ---------------------------------------------------------------------------------
def list_option_services(ctx):
    owner = ctx.query.get('whoisOwner')
    return sorted(name for name, record in ctx.store.domains.items() if owner is None or str(record['owner']) == owner)


def read_options(ctx):
    return renewals.option_definitions(ctx.app, renewals.owned_record(ctx.app, ctx.params['serviceName']))


def add_option(ctx):
    body, store = ctx.body, ctx.store
    record = renewals.owned_record(ctx.app, ctx.params['serviceName'])
    domain = record['domain']
    cart = get_cart(ctx, body['cartId'])
    if cart['readOnly']:
        raise bad_request('This cart has already been checked out (order %s): it is read-only' % cart.get('orderId'))
    options = renewals.option_definitions(ctx.app, record)
    option = next((entry for entry in options if entry['planCode'] == body['planCode']), None)
    if option is None:
        offered = ', '.join(entry['planCode'] for entry in options) or 'none'
        raise bad_request('Invalid planCode %s for %s: the options of this service are %s' % (body['planCode'], domain, offered))
    durations = [entry['duration'] for entry in option['prices'] if entry['pricingMode'] == body['pricingMode']]
    if not durations:
        raise bad_request('Pricing mode %s is not available for the option %s of %s' % (body['pricingMode'], body['planCode'], domain))
    if body['duration'] not in durations:
        raise bad_request('Invalid duration %s for the renewal of %s: allowed durations are %s' % (body['duration'], domain, ', '.join(durations)))
    if body['quantity'] != 1:
        raise bad_request('Invalid quantity %s: a domain name is renewed with quantity 1' % body['quantity'])
    for item_id in cart['items']:
        if store.items[str(item_id)]['domain'] == domain:
            raise bad_request('The domain name %s is already in this cart (item %s)' % (domain, item_id))
    item_id = store.next_id('item')
    store.items[str(item_id)] = {
        'itemId': item_id, 'cartId': cart['cartId'], 'domain': domain, 'duration': body['duration'], 'planCode': body['planCode'],
        'pricingMode': body['pricingMode'], 'configurations': [], 'family': renewals.RENEW_FAMILY,
    }
    cart['items'].append(item_id)
    store.mark()
    return render_item(ctx, store.items[str(item_id)])


# -- tasks -------------------------------------------------------------------------------------------
def list_domain_tasks(ctx):
    record = renewals.owned_record(ctx.app, ctx.params['serviceName'])
    return renewals.task_ids([record], ctx.query.get('function'), ctx.query.get('status'))


def read_domain_task(ctx):
    record = renewals.owned_record(ctx.app, ctx.params['serviceName'])
    dummy, task = renewals.find_task([record], _task_id(ctx))
    if task is None:
        raise object_not_found('id', ctx.params['id'])
    return renewals.render_task(record, task)


def list_account_tasks(ctx):
    name = ctx.query.get('domain')
    records = [record for domain, record in sorted(ctx.store.domains.items()) if name is None or domain == name.lower()]
    return renewals.task_ids(records, ctx.query.get('function'), ctx.query.get('status'))


def read_account_task(ctx):
    record, task = renewals.find_task(ctx.store.domains.values(), _task_id(ctx))
    if task is None:
        raise object_not_found('id', ctx.params['id'])
    return renewals.render_task(record, task)


def register(router):
    add = router.add
    add('GET', '/domain/{serviceName}/serviceInfos', read_service_infos)
    add('PUT', '/domain/{serviceName}/serviceInfos', update_service_infos, body='services.Service')
    add('GET', '/domain/{serviceName}/task', list_domain_tasks, query={'function': 'string', 'status': 'domain.OperationStatusEnum'})
    add('GET', '/domain/{serviceName}/task/{id}', read_domain_task)
    add('GET', '/me/task/domain', list_account_tasks,
        query={'domain': 'string', 'function': 'domain.OperationFunctionEnum', 'status': 'domain.OperationStatusEnum'})
    add('GET', '/me/task/domain/{id}', read_account_task)
    add('GET', '/order/cartServiceOption/domain', list_option_services, query={'whoisOwner': 'string'})
    add('GET', '/order/cartServiceOption/domain/{serviceName}', read_options)
    add('POST', '/order/cartServiceOption/domain/{serviceName}', add_option, body='order.cartServiceOption.DomainPost')
