#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_cart_config
short_description: Set the configurations of a domain name in an OVHcloud order cart
version_added: 0.1.0
description:
  - Sets, replaces or removes the configurations (owner contact, DNS servers, transfer code, legal
    age, ...) of a cart item added by M(ovhcloud.order.ovh_cart_domain).
  - It reads the item's C(requiredConfiguration) first, and fails before any change when a label is
    not one the item accepts.
  - Idempotent per label - the same value makes no call; another value replaces the configuration
    (the old one is deleted, then the new one created); an item never keeps two configurations with
    one label (duplicates found in the cart are removed).
  - The transfer code (O(configurations.AUTH_INFO)) and the registry code (O(configurations.PROTECTED_CODE)),
    which OVHcloud masks in its own answers, are never shown - not in the results, the diff, warnings,
    error messages or the task's arguments at any verbosity.
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
      - In check mode the item and its configurations are read and the changes are predicted;
        configurations that would be created are returned with RV(configurations[].id=null).
      - On the cart M(ovhcloud.order.ovh_cart) would create (V(check-mode-planned-cart)), with the items
        M(ovhcloud.order.ovh_cart_domain) would add, the configurations given are checked and returned as
        what would be set; nothing is read.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
    details:
      - The diff shows the item's configurations by label, with the transfer code masked.
options:
  cart_id:
    description:
      - The cart, as returned by M(ovhcloud.order.ovh_cart).
    type: str
    required: true
  item_id:
    description:
      - The cart item of the domain name, as returned by M(ovhcloud.order.ovh_cart_domain) in
        RV(ovhcloud.order.ovh_cart_domain#module:item.item_id).
      - Exactly one of O(item_id) and O(items) is required.
    type: int
  items:
    description:
      - Several items of the same cart in one run, each with its own configurations (for example the
        RV(ovhcloud.order.ovh_cart_domain#module:cart_items) of a bulk M(ovhcloud.order.ovh_cart_domain)).
        The items are read and configured concurrently, and every label is checked against every
        item before anything changes.
      - O(state) and O(require_complete) apply to every item. The result is in RV(item_configurations).
    type: list
    elements: dict
    suboptions:
      item_id:
        description: The cart item.
        type: int
        required: true
      configurations:
        description:
          - The configurations of this item, by label, as in O(configurations).
          - V(AUTH_INFO) and V(PROTECTED_CODE) are never shown.
        type: dict
        default: {}
        suboptions:
          OWNER_LEGAL_AGE:
            description: As O(configurations.OWNER_LEGAL_AGE).
            type: bool
          OWNER_CONTACT:
            description: As O(configurations.OWNER_CONTACT).
            type: str
          ADMIN_ACCOUNT:
            description: As O(configurations.ADMIN_ACCOUNT).
            type: str
          TECH_ACCOUNT:
            description: As O(configurations.TECH_ACCOUNT).
            type: str
          DNS:
            description: As O(configurations.DNS).
            type: list
            elements: str
          AUTH_INFO:
            description: As O(configurations.AUTH_INFO). Never shown.
            type: str
          ACCEPT_CONDITIONS:
            description: As O(configurations.ACCEPT_CONDITIONS).
            type: bool
          REASON:
            description: As O(configurations.REASON).
            type: str
          CLAIMS_NOTICE:
            description: As O(configurations.CLAIMS_NOTICE).
            type: str
          PROTECTED_CODE:
            description: As O(configurations.PROTECTED_CODE). Never shown.
            type: str
          DOMAIN_CONFIG:
            description: As O(configurations.DOMAIN_CONFIG).
            type: raw
          KEEP_DNS:
            description: As O(configurations.KEEP_DNS).
            type: bool
  configurations:
    description:
      - The configurations, by label. Labels left out (or set to V(null)) are not touched.
      - With O(state=present), each label given is set to its value. Values are sent as text -
        booleans as V(true)/V(false), a list of name servers for O(configurations.DNS) joined with
        C(;), a dict for O(configurations.DOMAIN_CONFIG) as JSON.
      - With O(state=absent), every configuration with a label given (with any value, for example
        V(true)) is removed.
      - Which labels an item takes depends on the extension and the action; the module reads them
        from the item's C(requiredConfiguration) and fails on one it does not list.
    type: dict
    default: {}
    suboptions:
      OWNER_LEGAL_AGE:
        description: Certifies that the owner is of legal age. Always required for a domain name.
        type: bool
      OWNER_CONTACT:
        description:
          - The owner contact, as the path of an API resource such as V(/me/contact/1234) or
            V(/domain/contact/12345). Without it, OVHcloud makes one from the account.
        type: str
      ADMIN_ACCOUNT:
        description: The NIC handle of the administrative contact, such as V(xx1234-ovh); the account's by default.
        type: str
      TECH_ACCOUNT:
        description: The NIC handle of the technical contact; the account's by default.
        type: str
      DNS:
        description:
          - The name servers to use from delivery, as a list (or a string already joined with C(;)).
        type: list
        elements: str
      AUTH_INFO:
        description:
          - The transfer (authorisation) code given by the current registrar, for a transfer.
          - Never shown in the module's output.
        type: str
      ACCEPT_CONDITIONS:
        description: Accepts the registry's special conditions, when the extension has some.
        type: bool
      REASON:
        description: The reason for the registration, when the registry asks for one (reserved names).
        type: str
      CLAIMS_NOTICE:
        description:
          - Acknowledges a trademark claim on the name (the trademark holder is notified, and the name
            can be taken back without refund).
        type: str
      PROTECTED_CODE:
        description: The registry code that unlocks a reserved name. Never shown.
        type: str
      DOMAIN_CONFIG:
        description: Registry-specific settings some extensions need, as a dict (sent as JSON) or JSON text.
        type: raw
      KEEP_DNS:
        description: For an incoming transfer, keep the name servers declared at the current registrar.
        type: bool
  state:
    description:
      - V(present) sets the configurations given; V(absent) removes them.
    type: str
    choices: [present, absent]
    default: present
  require_complete:
    description:
      - When V(true), fail (after making the changes; in check mode, after predicting them) if a
        configuration that the item requires is still missing, naming every missing label.
    type: bool
    default: false
seealso:
  - module: ovhcloud.order.ovh_cart_domain
  - module: ovhcloud.order.ovh_checkout
'''

EXAMPLES = r'''
- name: Configure the domain names of an order
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Configure a new registration
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ order_cart.cart.cart_id }}"
        item_id: "{{ order_item.item.item_id }}"
        configurations:
          OWNER_LEGAL_AGE: true
          OWNER_CONTACT: /domain/contact/12345
          DNS:
            - dns200.anycast.me
            - ns200.anycast.me
        require_complete: true

    - name: Give the transfer code of an incoming transfer
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ order_cart.cart.cart_id }}"
        item_id: "{{ transfer_item.item.item_id }}"
        configurations:
          OWNER_LEGAL_AGE: true
          AUTH_INFO: "{{ vault_transfer_code }}"

    - name: Configure two items of a bulk ovh_cart_domain run in one task
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ order_cart.cart.cart_id }}"
        items:
          - item_id: "{{ order_items.cart_items[0].item_id }}"
            configurations:
              OWNER_LEGAL_AGE: true
          - item_id: "{{ order_items.cart_items[1].item_id }}"
            configurations:
              OWNER_LEGAL_AGE: true
              DNS: [dns200.anycast.me, ns200.anycast.me]
        require_complete: true

    - name: Let OVHcloud choose the name servers again
      ovhcloud.order.ovh_cart_config:
        cart_id: "{{ order_cart.cart.cart_id }}"
        item_id: "{{ order_item.item.item_id }}"
        configurations:
          DNS: []
        state: absent
'''

RETURN = r'''
configurations:
  description:
    - With O(item_id), every configuration of the item after the change (in check mode, as predicted);
      with O(items), empty (see RV(item_configurations)).
    - The value of V(AUTH_INFO) and of V(PROTECTED_CODE) is always V(********).
  returned: always
  type: list
  elements: dict
  contains:
    label:
      description: The label.
      type: str
      sample: DNS
    value:
      description: The value, as text.
      type: str
      sample: dns200.anycast.me;ns200.anycast.me
    id:
      description: The configuration identifier; V(null) in check mode for one that would be created.
      type: int
      sample: 987654
  sample:
    - {label: OWNER_LEGAL_AGE, value: "true", id: 987653}
    - {label: AUTH_INFO, value: "********", id: 987654}
required:
  description: The labels the item requires (from its C(requiredConfiguration)).
  returned: always
  type: list
  elements: str
  sample: [OWNER_LEGAL_AGE]
missing:
  description: The required labels that have no configuration after the change.
  returned: always
  type: list
  elements: str
  sample: []
item_configurations:
  description:
    - One entry per item, in the order of O(items) (with O(item_id), a list of one), with its
      C(item_id), C(configurations), C(required) and C(missing) as above.
  returned: always
  type: list
  elements: dict
  sample:
    - {item_id: 123456789, configurations: [{label: OWNER_LEGAL_AGE, value: "true", id: 987653}], required: [OWNER_LEGAL_AGE], missing: []}
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 7
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently
from ansible_collections.ovhcloud.order.plugins.module_utils._format import DOCUMENTED_LABELS, configuration_value
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule

LABEL_SPECS = {
    'OWNER_LEGAL_AGE': {'type': 'bool'},
    'ACCEPT_CONDITIONS': {'type': 'bool'},
    'KEEP_DNS': {'type': 'bool'},
    'DNS': {'type': 'list', 'elements': 'str'},
    'DOMAIN_CONFIG': {'type': 'raw'},
    'AUTH_INFO': {'type': 'str', 'no_log': True},
    'PROTECTED_CODE': {'type': 'str', 'no_log': True},
}


def label_options():
    """One sub-option per documented label (the secret ones, AUTH_INFO and PROTECTED_CODE, no_log, so Ansible masks them everywhere)."""
    return {label: dict(LABEL_SPECS.get(label, {'type': 'str'})) for label in DOCUMENTED_LABELS}


class OvhCartConfig(OvhModule):
    argument_spec = {
        'cart_id': {'type': 'str', 'required': True},
        'item_id': {'type': 'int'},
        'configurations': {'type': 'dict', 'default': {}, 'options': label_options()},
        'items': {'type': 'list', 'elements': 'dict', 'options': {
            'item_id': {'type': 'int', 'required': True},
            'configurations': {'type': 'dict', 'default': {}, 'options': label_options()},
        }},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
        'require_complete': {'type': 'bool', 'default': False},
    }
    module_kwargs = {'mutually_exclusive': [('item_id', 'items')], 'required_one_of': [('item_id', 'items')]}

    wanted: dict = {}

    def validate(self):
        params = self.params
        entries = [(params['item_id'], params['configurations'], 'configurations')] if params['item_id'] is not None else \
            [(entry['item_id'], entry['configurations'], 'items[%d].configurations' % index) for index, entry in enumerate(params['items'] or [])]
        if not entries:
            self.fail('items must list at least one item')
        self.wanted = {}
        for item_id, configurations, option in entries:
            if item_id in self.wanted:
                self.fail('items: item %s is listed twice' % item_id)
            self.wanted[item_id] = self.wanted_labels(configurations, option)

    def wanted_labels(self, configurations, option) -> dict:
        given = {label: value for label, value in (configurations or {}).items() if value is not None}
        if self.params['state'] == 'absent':
            if not given:
                self.fail('%s must give the labels to remove (with any value, for example true), among: %s'
                          % (option, ', '.join(DOCUMENTED_LABELS)))
            return dict.fromkeys(given)
        try:
            wanted = {label: configuration_value(label, value, option) for label, value in given.items()}
        except ValueError as exc:
            self.fail(str(exc))
        for label in cart_utils.SECRET_LABELS:
            if wanted.get(label):
                self.module.no_log_values.add(wanted[label])
        return wanted

    def run(self):
        cart_id = self.params['cart_id']
        ids = list(self.wanted)
        problem = cart_utils.planned_cart_problem(cart_id, self.check_mode)
        if problem:
            self.fail(problem)
        if cart_utils.is_planned_cart(cart_id):
            # Check mode on the cart ovh_cart would create: what would be set, without reading anything.
            removing = self.params['state'] == 'absent'
            outcomes = [{'item_id': item_id, 'configurations': [] if removing else [{'id': None, 'label': label, 'value': value}
                                                                                    for label, value in self.wanted[item_id].items()],
                         'required': [], 'missing': []} for item_id in ids]
            return self.result(cart_id, ids, {item_id: [] for item_id in ids}, outcomes)
        which = 'items %s of cart %s take' % (', '.join(map(str, ids)), cart_id) if len(ids) > 1 else 'item %s of cart %s takes' % (ids[0], cart_id)
        with self.step('read the configurations that %s' % which):
            accepted = dict(zip(ids, map_concurrently(lambda item_id: cart_utils.get_required(self.client, cart_id, item_id), ids)))
        if self.params['state'] == 'present':
            for item_id, wanted in self.wanted.items():
                labels = [entry['label'] for entry in accepted[item_id]]
                refused = [label for label in wanted if label not in labels]
                if refused:
                    self.fail('configurations.%s: item %s of cart %s does not take %s; it takes %s'
                              % (refused[0], item_id, cart_id, ', '.join(refused), ', '.join(labels) or 'no configuration'))
        with self.step('read the configurations of item%s %s of cart %s' % ('s' if len(ids) > 1 else '', ', '.join(map(str, ids)), cart_id)):
            current = dict(zip(ids, map_concurrently(lambda item_id: cart_utils.get_configurations(self.client, cart_id, item_id), ids)))
        for entries in current.values():
            for entry in entries:
                if entry['label'] in cart_utils.SECRET_LABELS and entry['value']:
                    self.module.no_log_values.add(entry['value'])
        outcomes = map_concurrently(lambda item_id: self.configure(cart_id, item_id, current[item_id], accepted[item_id]), ids)
        return self.result(cart_id, ids, current, outcomes)

    def configure(self, cart_id, item_id, current, accepted) -> dict:
        to_delete, to_create = cart_utils.plan_configurations(current, self.wanted[item_id], remove=self.params['state'] == 'absent')
        result = [entry for entry in current if entry not in to_delete]
        if self.check_mode:
            result += [{'id': None, 'label': label, 'value': value} for label, value in to_create]
        else:
            labels = sorted({entry['label'] for entry in to_delete} | {label for label, _value in to_create})
            with self.step('set the configurations of item %s (%s)' % (item_id, ', '.join(labels))):
                result += cart_utils.apply_configurations(self.client, cart_id, item_id, to_delete, to_create)
        required = [entry['label'] for entry in accepted if entry['required']]
        present = {entry['label'] for entry in result}
        return {'item_id': item_id, 'configurations': result, 'required': required, 'missing': [label for label in required if label not in present]}

    def result(self, cart_id, ids, current, outcomes) -> dict:
        single = self.params['item_id'] is not None
        if single:
            self.tracker.add('configurations', cart_utils.configurations_by_label(current[ids[0]]),
                             cart_utils.configurations_by_label(outcomes[0]['configurations']))
        else:
            self.tracker.add('items', {item_id: cart_utils.configurations_by_label(current[item_id]) for item_id in ids},
                             {outcome['item_id']: cart_utils.configurations_by_label(outcome['configurations']) for outcome in outcomes})
        shown = [dict(outcome, configurations=cart_utils.masked_configurations(outcome['configurations'])) for outcome in outcomes]
        result = {'configurations': shown[0]['configurations'] if single else [], 'required': shown[0]['required'] if single else [],
                  'missing': shown[0]['missing'] if single else sorted({label for outcome in shown for label in outcome['missing']}),
                  'item_configurations': shown}
        incomplete = [outcome for outcome in shown if outcome['missing']]
        if self.params['require_complete'] and incomplete:
            missing = sorted({label for outcome in incomplete for label in outcome['missing']})
            self.fail('%s of cart %s still lack%s the required configuration%s %s; set %s in configurations'
                      % (' and '.join('item %s' % outcome['item_id'] for outcome in incomplete), cart_id, 's' if len(incomplete) == 1 else '',
                         's' if len(missing) > 1 else '', ', '.join(missing), ' and '.join(missing)), changed=self.tracker.changed, **result)
        return result


def main():
    OvhCartConfig.execute()


if __name__ == '__main__':
    main()
