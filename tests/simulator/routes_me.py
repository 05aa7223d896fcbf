# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/me``: the account, its orders and their payment, its payment methods and its contacts."""

from . import orders
from .catalogue import money
from .contacts import ME_ADDRESS_REQUIRED, ME_REQUIRED, merge_contact, render_me_contact
from .errors import bad_request, object_not_found
from .state import ACCOUNT

# Legacy payment means (billing.ReusablePaymentMeanEnum) and the payment method types they designate.
MEAN_TYPES = {
    'creditCard': 'CREDIT_CARD', 'CREDIT_CARD': 'CREDIT_CARD',
    'paypal': 'PAYPAL', 'PAYPAL': 'PAYPAL',
    'bankAccount': 'SEPA_DIRECT_DEBIT', 'SEPA_DIRECT_DEBIT': 'SEPA_DIRECT_DEBIT',
}
LEGACY_MEANS = {'CREDIT_CARD': 'creditCard', 'PAYPAL': 'paypal', 'SEPA_DIRECT_DEBIT': 'bankAccount', 'BANK_ACCOUNT': 'bankAccount'}
CREDIT_MEANS = ('fidelityAccount', 'ovhAccount')
PAYMENT_CREATION_DATE = '2024-01-02T03:04:05+00:00'


def read_me(ctx):
    return dict(ACCOUNT, currency=dict(ACCOUNT['currency']))


# -- orders ----------------------------------------------------------------------------------------
def get_order(ctx):
    order = ctx.store.orders.get(str(ctx.params['orderId']))
    if order is None:
        raise object_not_found('orderId', ctx.params['orderId'])
    return order


def get_detail(ctx, order):
    for detail in order['details']:
        if detail['orderDetailId'] == ctx.params['orderDetailId']:
            return detail
    raise object_not_found('orderDetailId', ctx.params['orderDetailId'])


def list_orders(ctx):
    date_from = ctx.typed_query('date.from', 'datetime')
    date_to = ctx.typed_query('date.to', 'datetime')
    result = []
    for order in sorted(ctx.store.orders.values(), key=lambda order: order['orderId']):
        if date_from is not None and order['date'] < date_from:
            continue
        if date_to is not None and order['date'] > date_to:
            continue
        result.append(order['orderId'])
    return result


def read_order(ctx):
    return orders.render_billing_order(ctx.app, get_order(ctx), ctx.root)


def order_status(ctx):
    order = get_order(ctx)
    status = order['status']
    if ctx.app.advance_on_poll:
        orders.advance(ctx.app, order)
    return status


def order_details(ctx):
    return [detail['orderDetailId'] for detail in get_order(ctx)['details']]


def order_detail(ctx):
    return orders.render_billing_detail(ctx.app, get_detail(ctx, get_order(ctx)))


def order_detail_extension(ctx):
    return orders.render_item_detail(get_detail(ctx, get_order(ctx)))


def _payable(order):
    if order['status'] != 'notPaid':
        if order['status'] in ('cancelled', 'cancelling'):
            raise bad_request('The order %d is cancelled' % order['orderId'])
        raise bad_request('The order %d has already been paid' % order['orderId'])


def available_payment_means(ctx):
    order = get_order(ctx)
    if order['status'] != 'notPaid':
        return []
    means = []
    for method in ctx.store.payment_methods:
        mean = LEGACY_MEANS.get(method['paymentType'])
        if method['status'] == 'VALID' and mean and mean not in means:
            means.append(mean)
    if orders.order_totals(order)['withTax'] == 0:
        means.append('fidelityAccount')
    return [{'paymentMean': mean} for mean in means]


def pay_with_registered_mean(ctx):
    order = get_order(ctx)
    _payable(order)
    mean, mean_id = ctx.body['paymentMean'], ctx.body.get('paymentMeanId')
    if mean in CREDIT_MEANS:
        amount = orders.order_totals(order)['withTax']
        if amount > 0:
            raise bad_request('Your %s balance (0.00 %s) is too low to pay the order %d (%s %s)'
                              % (mean, ctx.catalogue.currency, order['orderId'], money(amount), ctx.catalogue.currency))
        orders.mark_paid(ctx.app, order, None, mean)
        return None
    if mean not in MEAN_TYPES:
        raise bad_request('The payment mean %s cannot be used to pay the order %d' % (mean, order['orderId']))
    if mean_id is None:
        raise bad_request("The input provided isn't valid: 'paymentMeanId' is required with the payment mean %s" % mean)
    for method in ctx.store.payment_methods:
        if method['paymentMeanId'] == mean_id and method['paymentType'] == MEAN_TYPES[mean]:
            if method['status'] != 'VALID':
                raise bad_request('The payment mean %s %d cannot be used: its status is %s' % (mean, mean_id, method['status']))
            orders.mark_paid(ctx.app, order, method['paymentMethodId'], mean)
            return None
    raise bad_request('No registered payment mean %s with id %d' % (mean, mean_id))


def pay(ctx):
    order = get_order(ctx)
    _payable(order)
    method_id = ctx.body['paymentMethod'].get('id')
    if method_id is None:
        raise bad_request("The input provided isn't valid: 'paymentMethod.id' is a required property")
    method = next((method for method in ctx.store.payment_methods if method['paymentMethodId'] == method_id), None)
    if method is None:
        raise bad_request('The payment method %d does not exist' % method_id)
    if method['status'] != 'VALID':
        raise bad_request('The payment method %d cannot be used: its status is %s' % (method_id, method['status']))
    orders.mark_paid(ctx.app, order, method_id, 'paymentMethod')


# -- payment methods -------------------------------------------------------------------------------
def render_payment_method(method):
    return {
        'billingContactId': None,
        'creationDate': PAYMENT_CREATION_DATE,
        'default': bool(method.get('default')),
        'description': method.get('description'),
        'expirationDate': method.get('expirationDate'),
        'formSessionId': None,
        'icon': {'data': None, 'name': method.get('paymentSubType') or method['paymentType'], 'url': None},
        'integration': None,
        'label': method.get('label'),
        'lastUpdate': PAYMENT_CREATION_DATE,
        'merchantId': None,
        'oneclick': None,
        'paymentMeanId': method.get('paymentMeanId'),
        'paymentMethodId': method['paymentMethodId'],
        'paymentSubType': method.get('paymentSubType'),
        'paymentType': method['paymentType'],
        'status': method['status'],
    }


def list_payment_methods(ctx):
    default = ctx.typed_query('default', 'boolean')
    status = ctx.typed_query('status', 'me.payment.method.StatusEnum')
    payment_type = ctx.query.get('paymentType')
    return [method['paymentMethodId'] for method in ctx.store.payment_methods
            if (default is None or bool(method.get('default')) == default)
            and (status is None or method['status'] == status)
            and (payment_type is None or method['paymentType'] == payment_type)]


def read_payment_method(ctx):
    for method in ctx.store.payment_methods:
        if method['paymentMethodId'] == ctx.params['paymentMethodId']:
            return render_payment_method(method)
    raise object_not_found('paymentMethodId', ctx.params['paymentMethodId'])


# -- contacts --------------------------------------------------------------------------------------
def check_me_contact(data):
    """The fields that ``me.contact.Contact`` cannot do without (non-nullable in the schema)."""
    for name in ME_REQUIRED:
        if data.get(name) in (None, ''):
            raise bad_request("The input provided isn't valid: '%s' is a required property" % name, {'field': name})
    for name in ME_ADDRESS_REQUIRED:
        if data['address'].get(name) in (None, ''):
            raise bad_request("The input provided isn't valid: 'address.%s' is a required property" % name, {'field': 'address.' + name})


def get_contact(ctx):
    record = ctx.store.contacts.get(str(ctx.params['contactId']))
    if record is None:
        raise object_not_found('contactId', ctx.params['contactId'])
    return record


def list_contacts(ctx):
    return sorted(record['id'] for record in ctx.store.contacts.values())


def create_contact(ctx):
    check_me_contact(ctx.body)
    contact_id = ctx.store.next_id('contact')
    record = merge_contact({'id': contact_id}, ctx.body)
    ctx.store.contacts[str(contact_id)] = record
    ctx.store.mark()
    return render_me_contact(record)


def read_contact(ctx):
    return render_me_contact(get_contact(ctx))


def update_contact(ctx):
    record = get_contact(ctx)
    merged = merge_contact(dict(record), ctx.body)
    check_me_contact(merged)
    record.update(merged)
    ctx.store.mark()
    return render_me_contact(record)


def register(router):
    add = router.add
    add('GET', '/me', read_me)
    add('GET', '/me/order', list_orders, query={'date.from': 'datetime', 'date.to': 'datetime'})
    add('GET', '/me/order/{orderId}', read_order)
    add('GET', '/me/order/{orderId}/status', order_status)
    add('GET', '/me/order/{orderId}/details', order_details)
    add('GET', '/me/order/{orderId}/details/{orderDetailId}', order_detail)
    add('GET', '/me/order/{orderId}/details/{orderDetailId}/extension', order_detail_extension)
    add('GET', '/me/order/{orderId}/availableRegisteredPaymentMean', available_payment_means)
    add('POST', '/me/order/{orderId}/payWithRegisteredPaymentMean', pay_with_registered_mean,
        body='me.order.PayWithRegisteredPaymentMeanBody')
    add('POST', '/me/order/{orderId}/pay', pay, body='me.order.PayBody')
    add('GET', '/me/payment/method', list_payment_methods,
        query={'default': 'boolean', 'status': 'me.payment.method.StatusEnum', 'paymentType': 'string'})
    add('GET', '/me/payment/method/{paymentMethodId}', read_payment_method)
    add('GET', '/me/contact', list_contacts)
    add('POST', '/me/contact', create_contact, body='me.contact.Contact')
    add('GET', '/me/contact/{contactId}', read_contact)
    add('PUT', '/me/contact/{contactId}', update_contact, body='me.contact.Contact')
