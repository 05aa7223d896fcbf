# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The wait of an order run (``wait_for``): which orders it waits for (the new one when it is being
paid, paid open orders of the account, orders the run paid), one status read a poll with a progress
line each, and the message when the wait ends before the order is there."""

from __future__ import annotations

import time

from ansible_collections.ovhcloud.order.plugins.module_utils import _account_domains as account_domains
from ansible_collections.ovhcloud.order.plugins.module_utils import _order as order_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhStop
from ansible_collections.ovhcloud.order.plugins.module_utils._summary import seconds_text


class OrderWait:
    """``options``: ``wait_for``, ``wait_timeout``, ``poll_interval`` and the payment options (named
    in the advice, with the role's ``name_prefix``)."""

    def __init__(self, client, reader, options, step, progress):
        self.client = client
        self.reader = reader
        self.options = options
        self.step = step
        self.progress = progress

    def orders_to_wait_for(self, records, order) -> list:
        """(order id, its domains) of the new order when it is being paid, and of the paid open
        orders found by the scan (or paid by this run): what ``wait_for`` waits for."""
        targets = {}
        if order is not None and (order.get('paid') or order.get('payment') in ('auto_pay', 'payment_method', 'payment_mean')):
            targets[order['order_id']] = list(order.get('domains') or [])
        for record in records:
            if record['outcome'] in ('order_pending', 'paid') and record['paid'] and record['order_id'] is not None:
                targets.setdefault(record['order_id'], []).append(record['domain'])
        return sorted(targets.items())

    def wait(self, result, order) -> None:
        """Wait (``wait_for``: paid or delivered) for the orders of :meth:`orders_to_wait_for`, within
        ``wait_timeout`` seconds in all; the records of their domains become ``delivered``."""
        target = self.options['wait_for']
        started = time.monotonic()
        timeout = self.options.get('wait_timeout', 1800)
        for order_id, domains in self.orders_to_wait_for(result['domains'], order):
            remaining = max(0.0, timeout - (time.monotonic() - started))
            with self.step('wait for order %s to be %s' % (order_id, target)):
                outcome = order_utils.wait_for_order(
                    self.reader, order_id, target, remaining, self.options.get('poll_interval', 30),
                    list_domains=(lambda: account_domains.list_domains(self.client)) if target == 'delivered' else None, domains=domains,
                    on_poll=lambda oid, poll: self.progress('order %s: %s after %ss' % (oid, poll['status'], poll['elapsed'])),
                    unpaid_advice=self.unpaid_advice())
            result['polls'][str(order_id)] = outcome.polls
            for record in result['domains']:
                if record['order_id'] == order_id:
                    record['status'] = outcome.status
                    record['paid'] = outcome.status in order_utils.PAID_STATUSES
                    if outcome.ok and target == 'delivered':
                        record['outcome'] = 'delivered'
            if not outcome.ok:
                raise OvhStop(self.wait_message(order_id, outcome, timeout), **result)

    def unpaid_advice(self) -> str:
        options = self.options
        return ('Pay it at {url}, or run the same playbook again with %s, %s or %s=true: it pays order {id} and never orders twice.'
                % (planner.option_name(options, 'payment_method_id'), planner.option_name(options, 'payment_mean'),
                   planner.option_name(options, 'auto_pay')))

    def wait_message(self, order_id, outcome, timeout) -> str:
        if outcome.ended == 'timeout':
            return ('Order %s is not %s after %s s (%s); its last status is %s. The order is placed and goes on without Ansible: run the '
                    'same playbook again to wait for it (it never orders twice), or follow it with ansible-playbook ovhcloud.order.order_status '
                    '-e order_id=%s. %s' % (order_id, self.options['wait_for'], seconds_text(timeout), planner.option_name(self.options, 'wait_timeout'),
                                            outcome.status, order_id, outcome.advice))
        if outcome.ended in ('cancelled', 'documents'):
            return outcome.message + ' Run the same playbook again once that is done: it never orders twice.'
        return outcome.text()
