# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The yardstick of `make bench`: the OVHcloud guide's own minimal domain order, with python-ovh.

    OVH_ENDPOINT=http://127.0.0.1:PORT/1.0 OVH_APPLICATION_KEY=... OVH_APPLICATION_SECRET=... \\
    OVH_CONSUMER_KEY=... python scripts/bench/reference_order.py [--max-price 50] one.com two.fr:P2Y

Every domain goes in one cart, and nothing is done that the guide does not do:

    POST /order/cart (ovhSubsidiary FR)            POST /order/cart/{cartId}/assign
    per domain:  GET  .../domain?domain=NAME       (the offer: must be orderable)
                 POST .../domain                   (domain, duration)
                 GET  .../item/{itemId}/requiredConfiguration
                 POST .../item/{itemId}/configuration   OWNER_LEGAL_AGE=true
    GET  .../checkout (the dry run: the price)     POST .../checkout (auto pay, retraction waived)
    GET  /me/order/{orderId}/status, again at once, until delivered

python-ovh adds one GET /auth/time for its clock. For one domain that is 12 calls with the
simulator's --advance-on-poll (three status reads). No lookup of existing orders or domains, no
retry: the floor of what ordering a domain costs. OVH_ENDPOINT is a python-ovh endpoint name or a
base URL. Prints one JSON line: cart, order, status, price, number of status polls.
"""

import argparse
import json
import os
import sys

import ovh

MAX_POLLS = 1000


def client_from_environment():
    endpoint = os.environ.get('OVH_ENDPOINT', '')
    if '://' in endpoint:  # python-ovh 1.2 knows endpoint names only
        ovh.client.ENDPOINTS['bench'] = endpoint.rstrip('/')
        endpoint = 'bench'
    return ovh.Client(endpoint=endpoint, application_key=os.environ.get('OVH_APPLICATION_KEY'),
                      application_secret=os.environ.get('OVH_APPLICATION_SECRET'),
                      consumer_key=os.environ.get('OVH_CONSUMER_KEY'))


def parse_domains(values):
    """``name`` or ``name:P2Y`` -> ``[(name, duration)]``."""
    domains = []
    for value in values:
        name, dummy, duration = value.partition(':')
        domains.append((name.strip().lower(), duration or 'P1Y'))
    return domains


def order(client, domains, max_price=None):
    cart_id = client.post('/order/cart', ovhSubsidiary='FR')['cartId']
    client.post('/order/cart/%s/assign' % cart_id)
    for name, duration in domains:
        offers = client.get('/order/cart/%s/domain' % cart_id, domain=name)
        if not offers or not offers[0].get('orderable'):
            raise SystemExit('%s cannot be ordered: %s' % (name, json.dumps(offers)))
        item_id = client.post('/order/cart/%s/domain' % cart_id, domain=name, duration=duration)['itemId']
        required = client.get('/order/cart/%s/item/%d/requiredConfiguration' % (cart_id, item_id))
        labels = [entry['label'] for entry in required if entry.get('required')]
        unknown = [label for label in labels if label != 'OWNER_LEGAL_AGE']
        if unknown:
            raise SystemExit('%s needs configurations this script does not give: %s' % (name, ', '.join(unknown)))
        client.post('/order/cart/%s/item/%d/configuration' % (cart_id, item_id), label='OWNER_LEGAL_AGE', value='true')
    quote = client.get('/order/cart/%s/checkout' % cart_id)
    price = quote['prices']['withTax']['value']
    if max_price is not None and price > max_price:
        raise SystemExit('the order costs %.2f with tax, above %.2f: nothing ordered' % (price, max_price))
    placed = client.post('/order/cart/%s/checkout' % cart_id, autoPayWithPreferredPaymentMethod=True, waiveRetractationPeriod=True)
    order_id = placed['orderId']
    for polls in range(1, MAX_POLLS + 1):
        status = client.get('/me/order/%d/status' % order_id)
        if status == 'delivered':
            break
        if status in ('cancelled', 'cancelling', 'documentsRequested'):
            raise SystemExit('order %d is %s' % (order_id, status))
    else:
        raise SystemExit('order %d is still %s after %d status reads' % (order_id, status, MAX_POLLS))
    return {'cart_id': cart_id, 'order_id': order_id, 'status': status, 'price_with_tax': price, 'polls': polls,
            'domains': [name for name, dummy in domains]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('domains', nargs='+', metavar='NAME[:DURATION]')
    parser.add_argument('--max-price', type=float, help='refuse an order costing more, with tax')
    args = parser.parse_args(argv)
    result = order(client_from_environment(), parse_domains(args.domains), args.max_price)
    sys.stdout.write(json.dumps(result) + '\n')


if __name__ == '__main__':
    main()
