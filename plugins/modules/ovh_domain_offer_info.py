#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_domain_offer_info
short_description: Read what OVHcloud offers for domain names, with prices
version_added: 0.1.0
description:
  - For each domain name, tells whether it can be ordered, how (create or transfer, standard,
    premium or aftermarket), for which durations, at which prices, with which configurations, and
    whether the account already holds it.
  - OVHcloud only gives offers within a cart, so the module creates one temporary cart (assigned to
    the account, described V(ovhcloud.order offer lookup), expiring after 30 minutes), reads every
    offer through it and deletes it before returning, also when something fails.
  - Nothing lasting changes, so the module runs the same in check mode; that is what lets a
    C(--check) run of an order show real prices.
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.timeout
  - ovhcloud.order.ovh.attributes
attributes:
  check_mode:
    description: Can run in check mode and then reports what it would change, without changing it.
    support: full
    details:
      - The module behaves the same in check mode; its temporary cart is created and deleted within the task.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: N/A
    details:
      - The module changes nothing.
options:
  domains:
    description:
      - The domain names to look up, such as V(example.com). Upper case, a trailing dot and
        internationalised names (V(bücher.example)) are accepted; names are normalised to lower
        case ASCII (punycode).
    type: list
    elements: str
    required: true
  ovh_subsidiary:
    description:
      - The OVHcloud subsidiary whose offers and prices to read, such as V(FR), V(GB) or V(CA).
      - By default the subsidiary of the account, read from C(GET /me).
    type: str
seealso:
  - module: ovhcloud.order.ovh_cart_domain
'''

EXAMPLES = r'''
- name: Check domain names before ordering them
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Read the offers
      ovhcloud.order.ovh_domain_offer_info:
        domains:
          - example.com
          - example.fr
      register: domain_offers

    - name: Show the names that can be registered at the standard price
      ansible.builtin.debug:
        msg: "{{ item.domain }}: {{ item.price }} {{ item.currency }}"
      loop: "{{ domain_offers.offers | selectattr('orderable') | rejectattr('premium') | list }}"
'''

RETURN = r'''
offers:
  description: One offer per name of O(domains), in the same order.
  returned: always
  type: list
  elements: dict
  contains:
    domain:
      description: The normalised domain name.
      type: str
      sample: example.com
    owned:
      description: Whether the account already holds the domain (C(GET /domain/{name}) answers).
      type: bool
      sample: false
    orderable:
      description: Whether the domain can be ordered now.
      type: bool
      sample: true
    action:
      description: What an order would do, V(create) or V(transfer); V(null) when nothing is offered.
      type: str
      sample: create
    pricing_mode:
      description:
        - The pricing mode of the offer, such as V(create-default), V(create-premium),
          V(transfer-default) or V(transfer-aftermarket1).
      type: str
      sample: create-default
    premium:
      description: True for any pricing mode other than V(create-default) and V(transfer-default) (premium and aftermarket names).
      type: bool
      sample: false
    durations:
      description: The registration periods offered.
      type: list
      elements: str
      sample: [P1Y, P2Y, P3Y]
    prices:
      description: The offer's price lines by label (V(PRICE), V(RENEW), V(DISCOUNT), V(FEE), V(TOTAL)), each with its value, currency and text.
      type: dict
      sample:
        PRICE: {value: 9.99, currency: EUR, text: "9.99 €"}
        TOTAL: {value: 9.99, currency: EUR, text: "9.99 €"}
    price:
      description: The value of the V(TOTAL) price line (without tax).
      type: float
      sample: 9.99
    currency:
      description: The currency of RV(offers[].price).
      type: str
      sample: EUR
    required_configurations:
      description: The configurations the offer asks for (label, type, whether required, fields).
      type: list
      elements: dict
      sample:
        - {label: OWNER_LEGAL_AGE, type: bool, required: true, fields: null}
        - {label: DNS, type: string, required: false, fields: null}
    phase:
      description: The registry phase of the extension, such as V(ga).
      type: str
      sample: ga
    offer_id:
      description: The offer identifier, when the API gives one.
      type: str
      sample: null
    plan_code:
      description:
        - The plan code the name is ordered with - the offer's own when the API gives one, else the
          public suffix OVHcloud sells the name under (V(com) for C(example.com), V(co.uk) for C(shop.co.uk)).
      type: str
      sample: com
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 6
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import normalize_domain, validate_subsidiary
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule


class OvhDomainOfferInfo(OvhModule):
    argument_spec = {
        'domains': {'type': 'list', 'elements': 'str', 'required': True},
        'ovh_subsidiary': {'type': 'str'},
    }

    domains: list = []
    subsidiary = None

    def validate(self):
        if not self.params['domains']:
            self.fail('domains must name at least one domain name')
        try:
            self.domains = [normalize_domain(name, 'domains') for name in self.params['domains']]
            if self.params['ovh_subsidiary'] is not None:
                self.subsidiary = validate_subsidiary(self.params['ovh_subsidiary'])
        except ValueError as exc:
            self.fail(str(exc))

    def run(self):
        subsidiary = self.subsidiary
        if subsidiary is None:
            with self.step("read the account's subsidiary"):
                subsidiary = cart_utils.account_subsidiary(self.client)
        offers, warnings = cart_utils.lookup_offers(self.client, self.domains, subsidiary, step=self.step)
        for warning in warnings:
            self.module.warn(warning)
        return {'changed': False, 'offers': offers}


def main():
    OvhDomainOfferInfo.execute()


if __name__ == '__main__':
    main()
