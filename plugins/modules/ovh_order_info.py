#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_order_info
short_description: Read OVHcloud orders, and wait until one is paid or delivered
version_added: 0.1.0
description:
  - Reads one order of the account (O(order_id)), or the orders of the last O(order_window) days whose
    detail lines name a domain (O(domain), or several at once with O(domains)), newest first.
  - With O(order_id) it reads the order and its status (at once); its detail lines and the payment
    means of an unpaid order only with O(details=true). With O(domain) or O(domains), every order of
    the window is looked at once; with O(open_only=true) only the open ones are returned, at the cost
    of one status call per order (the detail lines of an order are only read when it can still be open).
  - With O(wait_for), it polls the status of the order (with O(domain), the newest order naming it)
    every O(poll_interval) seconds until it is paid or delivered, for at most O(wait_timeout) seconds.
    Each poll reads the status only. For V(delivered) it also waits until every domain of the order
    is listed by C(GET /domain), because OVHcloud may report an order delivered a little before the
    domain can be managed.
  - Its action plugin shows one line per poll with the order's status, on standard error (so that a JSON
    stdout callback is not disturbed), and none for a C(no_log) task. When the task runs on the
    controller (the usual play on V(localhost) with the local connection) each line shows as the poll
    happens; on another host the lines show when the module ends. The polls are in RV(polls) too.
  - The wait ends at the first poll that shows the order cannot become what O(wait_for) asks, with a
    failure that says what to do - an unpaid order (V(notPaid); nothing pays an order while it is waited
    for; the message gives its URL and the payment options that pay it), an unpaid order past its
    expiration date, V(cancelled), V(cancelling) and V(documentsRequested). RV(ended) names the case.
    A timeout names the last status seen.
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.attributes
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details:
      - The module changes nothing; it runs (and waits) the same way in check mode.
  diff_mode:
    support: none
options:
  order_id:
    description:
      - The order to read, as returned by M(ovhcloud.order.ovh_checkout) in RV(ovhcloud.order.ovh_checkout#module:order.order_id).
      - Exactly one of O(order_id) and O(domain) is required.
    type: int
  domain:
    description:
      - Read the orders of the last O(order_window) days whose detail lines name this domain (lower case, no
        trailing dot; an internationalised name is converted to its ASCII form).
    type: str
  domains:
    description:
      - Without O(order_id), read the orders of the last O(order_window) days that name any of these domains,
        scanning the account once for all of them.
      - With O(order_id), the domains that order is for; waiting for V(delivered) then checks them in
        C(GET /domain) without reading the order's detail lines.
    type: list
    elements: str
  open_only:
    description:
      - With O(domain) or O(domains), return only the orders that are still open (not delivered, not
        cancelled, not unpaid past their expiration date). This is the check made before ordering, and
        it is cheap - one status call per order of the window, detail lines only for open orders.
    type: bool
    default: false
  details:
    description:
      - With O(order_id), also read the order's detail lines (RV(orders[].details), RV(orders[].domains))
        and, for an unpaid order, the payment means it accepts. Orders found by domain always have them.
    type: bool
    default: false
  order_window:
    description:
      - With O(domain) or O(domains), how many days back to look for orders.
      - The same option as O(ovhcloud.order.ovh_domain_order#module:order_window).
      - The alias C(since) is deprecated and will be removed in 2.0.0.
    type: int
    default: 30
    aliases: [since]
  wait_for:
    description:
      - V(none) reads and returns at once.
      - V(paid) waits until OVHcloud has the payment (status V(checking), V(delivering) or V(delivered)).
      - V(delivered) waits until the order is delivered and its domains are in C(GET /domain).
      - With O(domain), the wait is for the newest order naming it; when there is none, the module fails.
    type: str
    choices: [none, paid, delivered]
    default: none
  wait_timeout:
    description:
      - The most seconds to wait with O(wait_for).
      - The same option as O(ovhcloud.order.ovh_domain_order#module:wait_timeout).
      - The alias C(timeout) is deprecated and will be removed in 2.0.0. Until then the timeout of each
        HTTP request, called C(timeout) in the other modules of the collection, is O(request_timeout) here,
        and a C(timeout) set in C(module_defaults) for C(group/ovhcloud.order.ovh) also sets this wait
        (with a deprecation warning); set this module's defaults separately under
        C(ovhcloud.order.ovh_order_info) if that is not wanted.
    type: int
    default: 1800
    aliases: [timeout]
  poll_interval:
    description:
      - Seconds between two status polls while waiting.
    type: float
    default: 30
  request_timeout:
    description:
      - Seconds to wait for each HTTP request to connect and to answer (the C(timeout) connection
        option of the other modules of the collection).
    type: float
    default: 180
notes:
  - To pay an unpaid order, run M(ovhcloud.order.ovh_checkout) again on its cart with O(ovhcloud.order.ovh_checkout#module:payment_method_id)
    or O(ovhcloud.order.ovh_checkout#module:payment_mean), or pay it at its RV(orders[].url).
seealso:
  - module: ovhcloud.order.ovh_checkout
'''

EXAMPLES = r'''
- name: Follow OVHcloud orders
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Wait until the order is delivered and the domain exists
      ovhcloud.order.ovh_order_info:
        order_id: "{{ checkout.order.order_id }}"
        wait_for: delivered
        wait_timeout: 1800
        poll_interval: 30

    - name: Read an order with its detail lines
      ovhcloud.order.ovh_order_info:
        order_id: "{{ checkout.order.order_id }}"
        details: true
      register: order_status

    - name: Find the open orders that name any of these domains, in one scan
      ovhcloud.order.ovh_order_info:
        domains: [example.com, example.net, example.org]
        open_only: true
      register: open_orders

    - name: List the orders of the last 90 days that name example.com
      ovhcloud.order.ovh_order_info:
        domain: example.com
        order_window: 90
      register: example_orders
'''

RETURN = r'''
orders:
  description:
    - The orders read, newest first (one with O(order_id)); after a wait, as the wait left them.
  returned: always
  type: list
  elements: dict
  contains:
    order_id:
      description: The order identifier.
      type: int
      sample: 123456789
    date:
      description: When the order was made (ISO 8601).
      type: str
      sample: "2026-11-30T10:00:00+01:00"
    expiration_date:
      description: When the order expires if it is not paid (ISO 8601).
      type: str
      sample: "2026-12-14T10:00:00+01:00"
    status:
      description: The order status (C(billing.order.OrderStatusEnum)).
      type: str
      sample: delivered
    open:
      description: Whether the order is still in progress (not delivered, cancelled or expired unpaid).
      type: bool
      sample: false
    paid:
      description: Whether OVHcloud has the payment (status V(checking), V(delivering) or V(delivered)).
      type: bool
      sample: true
    url:
      description: The purchase order's URL.
      type: str
      sample: "https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=123456789&orderPassword=XXXX"
    prices:
      description: The totals with and without tax, and the tax, each as C(value), C(currency) and C(text).
      type: dict
      sample:
        with_tax: {value: 10.79, currency: EUR, text: "10.79 €"}
        without_tax: {value: 8.99, currency: EUR, text: "8.99 €"}
        tax: {value: 1.8, currency: EUR, text: "1.80 €"}
    details:
      description:
        - The detail lines (domain, description, detail type, quantity, unit and total price).
        - V(null) for an order read by O(order_id) without O(details=true).
      type: list
      elements: dict
      sample:
        - domain: example.com
          description: .com domain name creation
          detail_type: DURATION
          quantity: 1
          unit_price: {value: 8.99, currency: EUR, text: "8.99 €"}
          total_price: {value: 8.99, currency: EUR, text: "8.99 €"}
    domains:
      description:
        - The domain names the detail lines name (with O(order_id) and O(domains), the domains given).
        - V(null) for an order read by O(order_id) without O(details=true) or O(domains).
      type: list
      elements: str
      sample: [example.com]
    payment_means:
      description: For an unpaid (and unexpired) order, the registered payment means it accepts; otherwise V(null).
      type: list
      elements: str
      sample: [ovhAccount, fidelityAccount]
scanned_at:
  description: When the orders were listed (the API's time, ISO 8601); give it to
    O(ovhcloud.order.ovh_checkout#module:open_orders_since) so that the checkout only looks at newer orders.
  returned: always
  type: str
  sample: "2026-12-01T10:00:00+00:00"
polls:
  description: The statuses seen while waiting, one entry per poll, with the seconds since the wait began
    (and, once delivered, the domains not yet in C(GET /domain)). Empty with O(wait_for=none).
  returned: always
  type: list
  elements: dict
  sample:
    - {elapsed: 0.0, status: checking}
    - {elapsed: 30.0, status: delivering}
    - {elapsed: 60.1, status: delivered, missing_domains: []}
ended:
  description:
    - When a wait failed, why - V(timeout), V(unpaid) (nothing pays the order), V(expired) (unpaid past
      its expiration date), V(cancelled) or V(documents) (OVHcloud asks for documents).
  returned: when a wait failed
  type: str
  sample: unpaid
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 6
'''

import datetime

from ansible_collections.ovhcloud.order.plugins.module_utils import _account_domains as account_domains
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._clock import format_datetime, parse_datetime
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import normalize_domain
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule, deprecated_alias
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import number


class OvhOrderInfo(OvhModule):
    argument_spec = {
        'order_id': {'type': 'int'},
        'domain': {'type': 'str'},
        'domains': {'type': 'list', 'elements': 'str'},
        'open_only': {'type': 'bool', 'default': False},
        'details': {'type': 'bool', 'default': False},
        'order_window': {'type': 'int', 'default': 30, 'aliases': ['since'], 'deprecated_aliases': [deprecated_alias('since')]},
        'wait_for': {'type': 'str', 'choices': ['none', 'paid', 'delivered'], 'default': 'none'},
        'wait_timeout': {'type': 'int', 'default': 1800, 'aliases': ['timeout'], 'deprecated_aliases': [deprecated_alias('timeout')]},
        'poll_interval': {'type': 'float', 'default': 30},
    }
    # 'timeout', the wait's deprecated alias until 2.0.0, is not the HTTP timeout here: that is 'request_timeout'.
    connection_renames = {'timeout': 'request_timeout'}
    module_kwargs = {'mutually_exclusive': [('order_id', 'domain'), ('domain', 'domains')], 'required_one_of': [('order_id', 'domain', 'domains')]}

    domains = None

    def validate(self):
        params = self.params
        try:
            if params['domain'] is not None:
                self.domains = [normalize_domain(params['domain'])]
            elif params['domains'] is not None:
                if not params['domains']:
                    raise ValueError('domains must name at least one domain name')
                self.domains = sorted({normalize_domain(name, 'domains[%d]' % index) for index, name in enumerate(params['domains'])})
            number(params['poll_interval'], self.option_label('poll_interval'), above=0)
        except ValueError as exc:
            self.fail(str(exc))
        if params['order_id'] is not None and params['order_id'] <= 0:
            self.fail('order_id must be a positive order number, got %s' % params['order_id'])
        if params['order_window'] <= 0:
            self.fail('%s must be a positive number of days, got %s' % (self.option_label('order_window'), params['order_window']))
        if params['wait_timeout'] < 0:
            self.fail('%s must be zero or a positive number of seconds, got %s' % (self.option_label('wait_timeout'), params['wait_timeout']))

    def run(self):
        reader = order_utils.OrderReader(self.client)
        scanned_at = format_datetime(reader.now)
        by_id = self.params['order_id'] is not None
        details = self.params['details'] or not by_id
        if by_id:
            ids = [self.params['order_id']]
        else:
            ids = self.find(reader)
        polls = []
        if self.params['wait_for'] != 'none':
            if not ids:
                self.fail('No order of the last %d days names %s: there is nothing to wait for' % (self.params['order_window'], ', '.join(self.domains)),
                          orders=[], polls=[])
            polls = self.wait(reader, ids[0])
        with self.step('read the order%s %s' % ('s' if len(ids) > 1 else '', ', '.join(map(str, ids)))):
            try:
                last = polls[-1]['status'] if polls else None
                orders = [reader.describe(order_id, status=last if order_id == ids[0] else None, details=details) for order_id in ids]
            except OvhNotFoundError:
                if not by_id:
                    raise
                self.fail('Order %s does not exist in this account (GET /me/order/%s answers 404)' % (ids[0], ids[0]), orders=[], polls=[])
        if by_id and self.domains is not None and not details:
            orders[0]['domains'] = list(self.domains)
        orders.sort(key=self.newest_first, reverse=True)
        return {'changed': False, 'orders': orders, 'polls': polls, 'scanned_at': scanned_at}

    def find(self, reader) -> list:
        since = reader.now - datetime.timedelta(days=self.params['order_window'])
        with self.step('find the orders of the last %d days naming %s' % (self.params['order_window'], ', '.join(self.domains))):
            if self.params['open_only']:
                return [record['order_id'] for record in reader.scan(since)[1] if set(record['domains']) & set(self.domains)]
            return reader.naming(self.domains, since)

    @staticmethod
    def newest_first(order):
        try:
            date = parse_datetime(order['date'])
        except (TypeError, ValueError):
            date = None
        return (date or datetime.datetime.min.replace(tzinfo=datetime.timezone.utc), order['order_id'])

    def wait(self, reader, order_id) -> list:
        target = self.params['wait_for']
        with self.step('wait for order %s to be %s' % (order_id, target)):
            try:
                outcome = order_utils.wait_for_order(
                    reader, order_id, target, self.params['wait_timeout'], self.params['poll_interval'],
                    list_domains=(lambda: account_domains.list_domains(self.client)) if target == 'delivered' else None,
                    domains=self.domains if self.params['order_id'] is not None else None, on_poll=self.show_poll)
            except OvhNotFoundError:
                self.fail('Order %s does not exist in this account (GET /me/order/%s/status answers 404)' % (order_id, order_id),
                          orders=[], polls=[])
        if not outcome.ok:
            with self.step('read order %s' % order_id):
                order = reader.describe(order_id, status=outcome.status, details=False)
            self.fail(outcome.text(), orders=[order], polls=outcome.polls, ended=outcome.ended)
        return outcome.polls

    def show_poll(self, order_id, poll):
        line = 'order %s: %s after %ss' % (order_id, poll['status'], poll['elapsed'])
        if poll.get('missing_domains'):
            line += ' (not yet in GET /domain: %s)' % ', '.join(poll['missing_domains'])
        self.progress(line)


def main():
    OvhOrderInfo.execute()


if __name__ == '__main__':
    main()
