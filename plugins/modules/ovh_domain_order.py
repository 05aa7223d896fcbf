#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_domain_order
short_description: Order a list of domain names from OVHcloud in one cart and one order, safely
version_added: 0.1.0
description:
  - Plans and places the order of a list of domain names in one run, the way the
    P(ovhcloud.order.domain_order#role) role does, at close to the fewest API calls the order needs.
  - B(Plan.) Reads the account once - which domains it already holds (C(GET /domain/{name})), which
    have an open order (one pass over the orders of the last O(order_window) days) - then the
    offers of the other domains, and decides for each - V(already_owned), V(order_pending),
    V(would_order), or refused with the reason (not orderable, duration or action not offered, a
    premium or aftermarket name without O(allow_premium), a configuration it does not take or still
    lacks).
  - B(Guards.) Nothing is ordered when a domain is refused, when the items' total is above
    O(max_price) or in another O(currency), or when OVHcloud's own quote (the dry-run checkout) is.
    A run that ends without an order leaves no cart behind (the cart it created is deleted).
  - B(Order.) One cart, one item per domain, the configurations, then one checkout, never retried;
    after an ambiguous failure the order is looked up, never placed again. It is paid as O(auto_pay),
    O(payment_method_id) or O(payment_mean) say, and with O(wait_for) the module waits until it is
    delivered, with one line per poll (on standard error, as the poll happens when the task runs on the
    controller; none for a C(no_log) task).
  - B(Runs at once.) The run's cart is its claim on its domains, stored by OVHcloud, so that two runs
    started at the same time on different machines see each other - the cart's description names the
    domains, and of the runs that name a domain exactly one orders it; the others report it
    V(order_pending), naming the other run's cart, without failing. The cart of a run killed before its
    checkout stops counting 15 minutes after its creation (it expires). A run never writes to, nor
    deletes, a cart it did not create. See the README's "No double orders".
  - B(Unpaid orders.) When an open, unpaid order already names the domains and the run gives a payment
    option (O(auto_pay) pays with the account's default payment method), that order is paid - once,
    after the price and premium guards, and only when every domain it orders is in O(domains) - and
    nothing is ordered again (V(paid); in check mode V(would_pay)). Without a payment option the record
    says how to pay it.
  - A rerun after a success only reads (no POST, PUT or DELETE).
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
      - In check mode the account and the offers are read as in a real run, the prices are read from a
        temporary cart (deleted at once) holding the domains for their whole duration, and every guard
        is applied. Missing configurations are reported in RV(domains[].missing) instead of failing.
        Nothing is ordered.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
    details:
      - The diff lists the domains ordered (or that would be), and the cart and items changed.
      - An internationalised name is listed with the ASCII name that is ordered, for example
        C(straße.de (xn--strae-oqa.de)).
options:
  domains:
    description:
      - The domain names to order, each with its own settings.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - The domain name, such as V(example.com). Case, a trailing dot and internationalised names
            (V(bücher.example)) are accepted; names are compared and sent in lower case ASCII.
        type: str
        required: true
      duration:
        description: The registration period, V(P1Y) to V(P10Y).
        type: str
        default: P1Y
      action:
        description: V(create) or V(transfer); by default, what OVHcloud offers for the name.
        type: str
        choices: [create, transfer]
      pricing_mode:
        description: The pricing mode to order with, when OVHcloud offers several.
        type: str
      auth_info:
        description:
          - The transfer code of a transfer (the C(AUTH_INFO) configuration). Never shown.
        type: str
      dns_servers:
        description:
          - The name servers from delivery (the C(DNS) configuration); O(dns_servers) by default.
        type: list
        elements: str
      owner_contact:
        description:
          - The owner contact, V(/me/contact/N) or V(/domain/contact/N) (the C(OWNER_CONTACT)
            configuration); O(owner_contact) by default. Without one, OVHcloud makes one from the account.
        type: str
      owner:
        description:
          - The owner of this domain as contact fields, instead of O(domains[].owner_contact); O(owner)
            by default. See O(owner) for the fields.
        type: dict
      configurations:
        description:
          - Further configurations by label, such as C(ACCEPT_CONDITIONS) or C(REASON), for names whose
            registry asks for them. Booleans are sent as C(true)/C(false).
          - The labels are those of the OVHcloud domain order guide; C(AUTH_INFO), C(DNS) and
            C(OWNER_CONTACT) have their own fields above.
          - The value of C(PROTECTED_CODE) (the registry code of a reserved name, which OVHcloud masks in
            its answers) is never shown, as O(domains[].auth_info).
        type: dict
  owner_contact:
    description:
      - The owner contact of every domain that does not set its own, V(/me/contact/N) or V(/domain/contact/N).
      - Excludes O(owner).
    type: str
  owner:
    description:
      - The owner of every domain that does not set its own, as the fields of a domain contact -
        C(legal_form) (V(individual), V(corporation), V(association), V(administration),
        V(personalcorporation) or V(other)), C(first_name) and C(last_name) (an individual) or
        C(organisation_name) (otherwise), C(email), C(phone) (V(+33.123456789)), C(address) (C(line1),
        C(line2), C(line3), C(city), C(zip), C(province), C(country) as V(FR)), C(language) (V(fr_FR)),
        and, for registries that ask, C(nationality), C(gender), C(birth_day), C(birth_city),
        C(birth_zip), C(birth_country), C(vat), C(company_national_identification_number),
        C(national_identification_number), C(enterprise_id), C(website), C(cell_phone), C(fax). They are
        checked before any call.
      - Before any cart, the module finds the account's contact with these fields and asks OVHcloud's rules
        (C(POST /domain/configurationRule/check)) whether this owner may hold each domain; a domain the
        rules refuse is refused, naming the rule and the field to change. With an owner contact given by
        path, its fields are read and checked the same way. When no contact has these fields, one is
        created (not in check mode) once the run knows it orders the domain, and used as C(OWNER_CONTACT).
        See M(ovhcloud.order.ovh_domain_contact).
      - Excludes O(owner_contact).
    type: dict
  dns_servers:
    description: The name servers of every domain that does not set its own.
    type: list
    elements: str
  owner_legal_age:
    description:
      - Certifies that the owner of every domain is of legal age (the C(OWNER_LEGAL_AGE)
        configuration, which registries require). A legal statement, never made unless set.
    type: bool
    default: false
  allow_premium:
    description:
      - Allow premium and aftermarket names, whose price can be far higher than a standard registration.
    type: bool
    default: false
  ovh_subsidiary:
    description:
      - The OVHcloud subsidiary of the cart, such as V(FR); by default the account's (C(GET /me)).
    type: str
  order_window:
    description:
      - How many days back the account's orders are searched for an open order naming a domain.
      - The same option as O(ovhcloud.order.ovh_order_info#module:order_window).
      - The alias C(open_order_window) is deprecated and will be removed in 2.0.0.
    type: int
    default: 30
    aliases: [open_order_window]
  wait_for:
    description:
      - After a paid (or being paid) checkout, wait until the order is V(paid) or V(delivered) (and its
        domains are in C(GET /domain)). Paid orders found open by the scan, and orders this run paid, are
        waited for too.
      - The wait ends with a failure at the first poll that shows an order cannot get there - unpaid
        (nothing pays it; the message gives its URL and the options that pay it), expired, cancelled, or
        held by OVHcloud for documents.
    type: str
    choices: [none, paid, delivered]
    default: none
  wait_timeout:
    description:
      - The most seconds to wait in all. The order goes on when the wait ends; a rerun waits again.
      - The same option as O(ovhcloud.order.ovh_order_info#module:wait_timeout).
    type: int
    default: 1800
  poll_interval:
    description:
      - Seconds between two status polls while waiting (V(0) polls without a pause, for the simulator).
    type: float
    default: 30
  plan_path:
    description:
      - In check mode, write the plan of the order there as JSON (the format is described in the collection's
        docs, C(docs/docsite/domain_order_plan.schema.json)), and beside it a Markdown rendering for people (the
        same path with C(.md) instead of C(.json)), for a merge request or a CI job summary. The plan holds, per
        domain, its outcome, action, duration, pricing mode and price for the whole duration with and without
        tax, the configurations set (secrets masked) and the owner; OVHcloud's quoted total, the contracts, the
        payment, O(max_price) and the headroom under it, the account, the endpoint and the time of the quote.
      - Outside check mode, read the plan there and apply exactly that plan - before anything is paid or any
        cart exists, the run stops when the account, the endpoint, the domains and what happens to each, their
        durations or the payment differ from the plan, or the plan is older than O(plan_max_age); before the
        checkout it stops when an action or pricing mode differs, or OVHcloud's quote differs from the planned
        total by more than O(plan_price_tolerance). The message names each difference with both values.
        A run that has nothing left to order or pay applies nothing and compares nothing.
      - The file is written and read on the host the task runs on (the controller, for the shipped playbooks).
        A relative path is relative to the directory the module runs in - with the local connection, the
        playbook's directory; the P(ovhcloud.order.domain_order#role) role makes its variable absolute from
        the directory C(ansible-playbook) runs in.
    type: path
  plan:
    description:
      - An approved plan as data (what O(plan_path) holds), to apply outside check mode. Excludes O(plan_path).
    type: dict
  plan_max_age:
    description:
      - The oldest plan a real run applies, in hours since OVHcloud quoted it.
    type: float
    default: 72
  plan_price_tolerance:
    description:
      - How far OVHcloud's quote may be from the plan's total (on O(price_basis), in the order's currency)
        for the plan to apply. V(0), the default, accepts no difference.
    type: float
    default: 0
  name_prefix:
    description:
      - Put before the option names that messages mention, so that a role wrapping this module names
        its own variables (the P(ovhcloud.order.domain_order#role) role sets V(domain_order_)).
    type: str
    default: ''
notes:
  - The module is the engine of the P(ovhcloud.order.domain_order#role) role. The separate modules
    (M(ovhcloud.order.ovh_cart), M(ovhcloud.order.ovh_cart_domain), M(ovhcloud.order.ovh_cart_config),
    M(ovhcloud.order.ovh_checkout)) do the same steps one at a time, for flows of your own.
seealso:
  - module: ovhcloud.order.ovh_checkout
  - module: ovhcloud.order.ovh_order_info
'''

EXAMPLES = r'''
- name: Order domain names
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Order two names and a transfer, paid at checkout, and wait for the delivery
      ovhcloud.order.ovh_domain_order:
        domains:
          - name: example.com
          - name: example.fr
            duration: P2Y
          - name: example.net
            action: transfer
            auth_info: "{{ vault_example_net_auth_info }}"
        max_price: 60
        owner_legal_age: true
        auto_pay: true
        waive_retractation_period: true
        wait_for: delivered
      register: domain_order

    - name: Show what happened to each name
      ansible.builtin.debug:
        msg: "{{ domain_order.domains | map(attribute='outcome') | list }}"
'''

RETURN = r'''
domains:
  description: One record per domain, in the order of O(domains).
  returned: always
  type: list
  elements: dict
  contains:
    domain:
      description: The name in its ASCII form (as the API knows it).
      type: str
      sample: xn--bcher-kva.example
    domain_unicode:
      description: The name in its Unicode form.
      type: str
      sample: bücher.example
    outcome:
      description:
        - V(already_owned), V(order_pending) (an open order names it, or another run that runs at the
          same time orders it), V(would_pay) (check mode) or V(paid) (an unpaid order of an earlier run,
          paid by this run), V(would_order) (check mode), V(ordered), V(delivered) (after
          O(wait_for=delivered)) or V(refused).
      type: str
      sample: delivered
    reason:
      description:
        - Why a domain is refused; which order (or which other run's cart) is pending, and for an unpaid
          order how to pay it; or which order this run paid.
      type: str
      sample: null
    duration:
      description: The registration period asked.
      type: str
      sample: P2Y
    action:
      description: V(create) or V(transfer), from the offer.
      type: str
      sample: create
    pricing_mode:
      description: The offer's pricing mode.
      type: str
      sample: create-default
    order_id:
      description: The order that holds the domain, when there is one.
      type: int
      sample: 30000001
    status:
      description: That order's status.
      type: str
      sample: delivered
    paid:
      description: Whether OVHcloud has the payment.
      type: bool
      sample: true
    url:
      description: The order's URL, where an unpaid order can be paid.
      type: str
      sample: "https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=30000001&orderPassword=XXXX"
    price:
      description:
        - The domain's price for its whole O(domains[].duration), without tax (with its DNS zone lines),
          from its cart item or its order's detail lines.
      type: float
      sample: 14.98
    price_with_tax:
      description:
        - The same with tax. OVHcloud gives the tax of a whole order only, so it is spread over the
          domains in proportion to their prices (it can differ by a cent from an invoice line).
      type: float
      sample: 17.98
    currency:
      description: The currency of the prices.
      type: str
      sample: EUR
    owner_contact:
      description: The owner contact used (V(null) when OVHcloud makes one from the account, or in check mode for one to create).
      type: str
      sample: /domain/contact/50000001
    configurations:
      description: The configuration labels set (values are never returned).
      type: list
      elements: str
      sample: [DNS, OWNER_LEGAL_AGE]
    missing:
      description: The configuration labels the registry requires that were not given.
      type: list
      elements: str
      sample: []
order:
  description: The order this run placed; V(null) when none was.
  returned: always
  type: dict
  sample:
    order_id: 30000001
    status: checking
    paid: true
    payment: auto_pay
    url: "https://www.ovh.com/cgi-bin/order/display-order.cgi?orderId=30000001&orderPassword=XXXX"
    prices: {with_tax: {value: 30.56, currency: EUR, text: "30.56 €"}}
    domains: [example.com, example.fr]
    contracts: []
cart:
  description:
    - The cart this run created and checked out (C(cart_id), C(description)); V(null) when the run placed no order.
  returned: always
  type: dict
  sample: {cart_id: 6f2a0a4e-93c6-4d4b-9d5a-0c4b6f1d2e3f, description: ovhcloud.order claim 1 open example.com,example.fr}
quote:
  description: OVHcloud's quote of the order (the dry-run checkout; in check mode, the temporary cart's summary).
  returned: always
  type: dict
  sample: {with_tax: {value: 30.56, currency: EUR, text: "30.56 €"}, without_tax: {value: 25.47, currency: EUR, text: "25.47 €"}}
contacts:
  description:
    - The owner contacts this run created (or, in check mode, would create), with the domains they own
      (C(owner_contact) is V(null) for one to create).
  returned: always
  type: list
  elements: dict
  sample: [{owner_contact: /domain/contact/50000001, created: true, domains: [example.berlin]}]
scanned_at:
  description: When the account was read (the API's time); see O(ovhcloud.order.ovh_checkout#module:open_orders_since).
  returned: always
  type: str
  sample: "2026-12-01T10:00:00+00:00"
polls:
  description: With O(wait_for), the statuses seen per order id, as RV(ovhcloud.order.ovh_order_info#module:polls).
  returned: always
  type: dict
  sample: {"30000001": [{elapsed: 0.0, status: checking}, {elapsed: 30.0, status: delivered, missing_domains: []}]}
summary:
  description: What the run did, for a person - a header, one line per domain, the new order.
  returned: always
  type: list
  elements: str
  sample:
    - "2 domain(s), 2 in this order, 25.47 EUR without tax (30.56 EUR with tax), each domain for its whole duration."
    - "example.com                    delivered      order 30000001   10.49 EUR  (P1Y, 12.59 EUR with tax)"
    - "example.fr                     delivered      order 30000001   14.98 EUR  (P2Y, 17.97 EUR with tax)"
    - "Order 30000001: 30.56 EUR with tax (25.47 without), paid."
plan:
  description:
    - In check mode, the plan of the order (what O(plan_path) writes); see O(plan_path).
  returned: in check mode
  type: dict
  sample:
    format: ovhcloud.order/domain-order-plan
    version: 1
    created_at: "2026-12-02T10:00:00+00:00"
    account: {nichandle: xx1234-ovh, subsidiary: FR}
    endpoint: https://eu.api.ovh.com/1.0
    domains:
      - {name: example.com, name_unicode: example.com, outcome: would_order, action: create, duration: P1Y,
         pricing_mode: create-default, price: {without_tax: 10.49, with_tax: 12.59, currency: EUR}, order_id: null,
         configurations: {OWNER_LEGAL_AGE: "true"}, owner: the account holder, reason: null}
    total: {without_tax: 10.49, tax: 2.1, with_tax: 12.59, currency: EUR}
    contracts: [{name: General Terms and Conditions, url: "https://example.net/terms"}]
    payment: {mode: auto_pay, payment_method_id: null, payment_mean: null, payment_mean_id: null}
    waive_retractation_period: true
    max_price: {value: 60, basis: with_tax, currency: null, headroom: 47.41}
plan_markdown:
  description: In check mode, the plan as Markdown.
  returned: in check mode
  type: str
  sample: "### Domain order plan\n..."
plan_differences:
  description: When a real run refused to apply a plan, each difference, with the planned and the current value.
  returned: when a plan was refused
  type: list
  elements: str
  sample: ["total with tax: planned 12.59 EUR, now 15.11 EUR (plan_price_tolerance 0)"]
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 17
'''

from ansible_collections.ovhcloud.order.plugins.module_utils._checkout import checkout_argument_spec, checkout_options_problem
from ansible_collections.ovhcloud.order.plugins.module_utils._format import contact_fields
from ansible_collections.ovhcloud.order.plugins.module_utils._domain import validate_subsidiary
from ansible_collections.ovhcloud.order.plugins.module_utils._domain_order import DomainOrder
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule, deprecated_alias
from ansible_collections.ovhcloud.order.plugins.module_utils._validation import domain_requests, number

DOMAIN_OPTIONS = {
    'name': {'type': 'str', 'required': True},
    'duration': {'type': 'str', 'default': 'P1Y'},
    'action': {'type': 'str', 'choices': ['create', 'transfer']},
    'pricing_mode': {'type': 'str'},
    'auth_info': {'type': 'str', 'no_log': True},
    'dns_servers': {'type': 'list', 'elements': 'str'},
    'owner_contact': {'type': 'str'},
    'owner': {'type': 'dict'},
    'configurations': {'type': 'dict'},
}


class OvhDomainOrder(OvhModule):
    argument_spec = dict(
        checkout_argument_spec(),
        domains={'type': 'list', 'elements': 'dict', 'required': True, 'options': DOMAIN_OPTIONS},
        owner_contact={'type': 'str'},
        owner={'type': 'dict'},
        dns_servers={'type': 'list', 'elements': 'str'},
        owner_legal_age={'type': 'bool', 'default': False},
        allow_premium={'type': 'bool', 'default': False},
        ovh_subsidiary={'type': 'str'},
        order_window={'type': 'int', 'default': 30, 'aliases': ['open_order_window'], 'deprecated_aliases': [deprecated_alias('open_order_window')]},
        wait_for={'type': 'str', 'choices': ['none', 'paid', 'delivered'], 'default': 'none'},
        wait_timeout={'type': 'int', 'default': 1800},
        poll_interval={'type': 'float', 'default': 30},
        name_prefix={'type': 'str', 'default': ''},
        plan_path={'type': 'path'},
        plan={'type': 'dict'},
        plan_max_age={'type': 'float', 'default': 72},
        plan_price_tolerance={'type': 'float', 'default': 0},
    )
    # The payment options' constraints are checked in validate(), so that a role's messages name its variables.
    requests: list = []

    def validate(self):
        params = self.params
        prefix = params['name_prefix']
        problem = checkout_options_problem(params, prefix)
        if problem:
            self.fail(problem)
        try:
            owner = None
            if params['owner'] is not None:
                if params['owner_contact']:
                    raise ValueError('%sowner and %sowner_contact are two ways to give the owner; set only one of them' % (prefix, prefix))
                owner = contact_fields(params['owner'], prefix + 'owner')
            defaults = {'owner_contact': params['owner_contact'], 'dns_servers': params['dns_servers'], 'owner': owner,
                        'owner_option': prefix + 'owner'}
            self.requests = domain_requests(params['domains'], prefix + 'domains', defaults)
            if params['ovh_subsidiary']:
                params['ovh_subsidiary'] = validate_subsidiary(params['ovh_subsidiary'], prefix + 'ovh_subsidiary')
            number(params['order_window'], self.option_label('order_window'), minimum=1)
            number(params['wait_timeout'], self.option_label('wait_timeout'), minimum=0)
            number(params['poll_interval'], prefix + 'poll_interval', minimum=0)
            number(params['plan_max_age'], prefix + 'plan_max_age', above=0)
            number(params['plan_price_tolerance'], prefix + 'plan_price_tolerance', minimum=0)
            if params['plan'] is not None and params['plan_path']:
                raise ValueError('%splan and %splan_path are two ways to give the plan; set only one of them' % (prefix, prefix))
            if params['plan'] is not None and self.check_mode:
                raise ValueError('%splan is applied by a real run; in check mode, %splan_path writes a plan' % (prefix, prefix))
        except ValueError as exc:
            self.fail(str(exc))
        for request in self.requests:
            if request['lookalike']:
                self.warn(request['lookalike'])
            if 'AUTH_INFO' in request['labels']:
                self.module.no_log_values.add(request['labels']['AUTH_INFO'])

    def run(self):
        order = DomainOrder(self.client, self.requests, self.params, self.tracker, self.step, self.warn, self.check_mode, self.progress)
        return order.run()


def main():
    OvhDomainOrder.execute()


if __name__ == '__main__':
    main()
