#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_domain_renew
short_description: Renew listed OVHcloud domains for a given duration, in one cart and one order, under the order's money guards
version_added: 0.2.0
description:
  - Renews each domain of O(domains) for the duration the task names for it, all in one cart and one
    order, checked out exactly as M(ovhcloud.order.ovh_checkout) does - OVHcloud's dry-run quote first,
    O(max_price) on the whole renewal, the consents as explicit options, the checkout sent once and
    never retried, and the orders looked up after an ambiguous failure instead.
  - A domain is renewed only when it is due - its expiry date falls before today plus
    O(renew_if_expires_within) days when that is set, else before today plus its duration (it is not
    yet held for the duration asked). A renewal adds the duration to the expiry date, so a rerun
    after the delivery finds nothing due; before the delivery, the open renewal order shows the
    renewal is under way (outcome V(renewal_pending)) and nothing is ordered again.
  - Every domain is checked before any cart exists - held by the account, renewable, not past its
    expiry date, and the duration one OVHcloud offers for it (its renewal options and
    C(possibleRenewPeriod)); one refusal stops the task with nothing renewed.
  - In check mode, prices the renewal with OVHcloud's dry run on a temporary cart, deleted at once,
    and shows each domain's new expiry date; no order is created.
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.timeout
  - ovhcloud.order.ovh.checkout
  - ovhcloud.order.ovh.attributes
attributes:
  check_mode:
    description: Can run in check mode and then reports what it would change, without changing it.
    support: full
    details:
      - The renewal is priced by OVHcloud's dry run on a temporary cart that is deleted before the task ends.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
    details:
      - The expiry dates before and after, and the order with its price.
options:
  domains:
    description:
      - The domains to renew, each with its duration (or O(duration)). A domain without a duration is
        refused; nothing is ever renewed for a duration the task does not name.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - The domain name, such as V(example.com) (case, a trailing dot and internationalised names are accepted).
        type: str
        required: true
      duration:
        description:
          - How long to renew it for; it must be one of the durations OVHcloud offers for the domain.
        type: str
        choices: [P1Y, P2Y, P3Y, P4Y, P5Y, P6Y, P7Y, P8Y, P9Y, P10Y]
  duration:
    description:
      - The duration of the domains of O(domains) that do not give their own.
    type: str
    choices: [P1Y, P2Y, P3Y, P4Y, P5Y, P6Y, P7Y, P8Y, P9Y, P10Y]
  renew_if_expires_within:
    description:
      - Renew only the domains whose expiry date is at most this many days away, so that a scheduled
        run renews only what is due. A whole number, 0 or more, and at most the days of the shortest
        duration asked (365 for V(P1Y)) - a longer window would renew a domain again on the next run.
    type: int
seealso:
  - module: ovhcloud.order.ovh_domain_info
  - module: ovhcloud.order.ovh_domain_renewal_policy
  - module: ovhcloud.order.ovh_order_info
'''

EXAMPLES = r'''
- name: Renew what expires within 30 days, for one year, paid with the default payment method
  ovhcloud.order.ovh_domain_renew:
    duration: P1Y
    renew_if_expires_within: 30
    domains:
      - name: example.com
      - name: example.fr
      - name: example.net
        duration: P2Y
    max_price: 80
    auto_pay: true
  register: renewal

- name: Follow the renewal order until it is delivered
  ovhcloud.order.ovh_order_info:
    order_id: "{{ renewal.order.order_id }}"
    wait_for: delivered
  when: renewal.order is not none
'''

RETURN = r'''
domains:
  description: One record per domain, in the order of O(domains).
  returned: always
  type: list
  elements: dict
  contains:
    domain: {description: The domain name in its ASCII form., type: str, sample: example.com}
    domain_unicode: {description: The domain name in its Unicode form., type: str, sample: example.com}
    duration: {description: The duration asked., type: str, sample: P1Y}
    outcome:
      description:
        - V(renewed) (in the order of RV(order)), V(would_renew) (check mode), V(not_due),
          V(renewal_pending) (an open order renews it already) or V(refused).
        - In the result of a failed task, V(due) - due, but not renewed (see C(msg)).
      type: str
      sample: renewed
    reason: {description: Why it is not renewed (V(null) when it is)., type: str, sample: "expires on 2027-03-01, already held for P1Y from today"}
    expiration_date: {description: The expiry date before the renewal., type: str, sample: "2026-12-10"}
    days_left: {description: Days until that date., type: int, sample: 12}
    new_expiration_date: {description: The expiry date once the renewal is delivered., type: str, sample: "2027-12-10"}
    price: {description: "The renewal for the whole duration, without tax.", type: float, sample: 13.99}
    price_with_tax: {description: "The same with tax, from OVHcloud's quote.", type: float, sample: 16.79}
    currency: {description: The currency of the prices., type: str, sample: EUR}
    order_id: {description: The order that renews it (new or open)., type: int, sample: 30000042}
    status: {description: The status of that order., type: str, sample: notPaid}
cart:
  description: The cart of the renewal (not in check mode), V(null) when nothing was due.
  returned: always
  type: dict
  sample: {cart_id: 9b4a7f52-1234-4321-8765-0123456789ab, description: ovhcloud.order claim 1 open example.com}
quote:
  description: OVHcloud's dry-run quote of the whole renewal (as ovhcloud.order.ovh_checkout returns it), V(null) when nothing was due.
  returned: always
  type: dict
order:
  description: The renewal order (V(null) in check mode and when nothing was due).
  returned: always
  type: dict
  sample: {order_id: 30000042, status: notPaid, paid: false, payment: none, url: "https://...", prices: {}, domains: [example.com]}
summary:
  description: What the run did, a line per domain.
  returned: always
  type: list
  elements: str
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 12
'''

from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import checkout_argument_spec, checkout_options_problem
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import DOMAIN_DURATIONS
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule
from ansible_collections.ovhcloud.order.plugins.module_utils._renewal import DomainRenewal, check_window, renewal_requests


class OvhDomainRenew(OvhModule):
    argument_spec = dict(
        checkout_argument_spec(),
        domains={'type': 'list', 'elements': 'dict', 'required': True,
                 'options': {'name': {'type': 'str', 'required': True}, 'duration': {'type': 'str', 'choices': list(DOMAIN_DURATIONS)}}},
        duration={'type': 'str', 'choices': list(DOMAIN_DURATIONS)},
        renew_if_expires_within={'type': 'int'},
    )

    requests: list = []

    def validate(self):
        problem = checkout_options_problem(self.params)
        if problem:
            self.fail(problem)
        try:
            self.requests = renewal_requests(self.params['domains'], self.params['duration'])
            check_window(self.params['renew_if_expires_within'], self.requests)
        except ValueError as exc:
            self.fail(str(exc))

    def run(self):
        options = {name: self.params[name] for name in checkout_argument_spec()}
        options['renew_if_expires_within'] = self.params['renew_if_expires_within']
        return DomainRenewal(self.client, self.requests, options, self.tracker, self.step, self.warn, self.check_mode).run()


def main():
    OvhDomainRenew.execute()


if __name__ == '__main__':
    main()
