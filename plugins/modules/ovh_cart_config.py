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
  - The transfer code (O(configurations.AUTH_INFO)) is never shown - not in the results, the diff,
    error messages or the task's arguments at any verbosity.
author:
  - ovhcloud.order contributors (@ovhcloud-order)
extends_documentation_fragment:
  - ovhcloud.order.ovh
  - ovhcloud.order.ovh.attributes
attributes:
  check_mode:
    description: Can run in check mode and then reports what it would change, without changing it.
    support: full
    details:
      - In check mode the item and its configurations are read and the changes are predicted;
        configurations that would be created are returned with RV(configurations[].id=null).
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
    type: int
    required: true
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
        description: The registry code that unlocks a reserved name.
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
    - Every configuration of the item after the change (in check mode, as predicted).
    - The value of V(AUTH_INFO) is always V(********).
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
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 7
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._client import api_path
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule

LABEL_SPECS = {
    'OWNER_LEGAL_AGE': {'type': 'bool'},
    'ACCEPT_CONDITIONS': {'type': 'bool'},
    'KEEP_DNS': {'type': 'bool'},
    'DNS': {'type': 'list', 'elements': 'str'},
    'DOMAIN_CONFIG': {'type': 'raw'},
    'AUTH_INFO': {'type': 'str', 'no_log': True},
}


def label_options():
    """One sub-option per documented label (AUTH_INFO no_log, so Ansible masks it everywhere)."""
    return {label: dict(LABEL_SPECS.get(label, {'type': 'str'})) for label in cart_utils.DOCUMENTED_LABELS}


def by_label(configurations):
    """Masked label → value (a list when a label has several configurations), for the diff."""
    result = {}
    for entry in configurations:
        value = cart_utils.mask_value(entry['label'], entry['value'])
        if entry['label'] in result:
            previous = result[entry['label']]
            result[entry['label']] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            result[entry['label']] = value
    return result


class OvhCartConfig(OvhModule):
    argument_spec = {
        'cart_id': {'type': 'str', 'required': True},
        'item_id': {'type': 'int', 'required': True},
        'configurations': {'type': 'dict', 'default': {}, 'options': label_options()},
        'state': {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'},
        'require_complete': {'type': 'bool', 'default': False},
    }

    wanted: dict = {}

    def validate(self):
        given = {label: value for label, value in (self.params['configurations'] or {}).items() if value is not None}
        if self.params['state'] == 'absent':
            if not given:
                self.fail('configurations must give the labels to remove (with any value, for example true), among: %s'
                          % ', '.join(cart_utils.DOCUMENTED_LABELS))
            self.wanted = dict.fromkeys(given)
            return
        try:
            self.wanted = {label: cart_utils.configuration_value(label, value) for label, value in given.items()}
        except ValueError as exc:
            self.fail(str(exc))
        for label in cart_utils.SECRET_LABELS:
            if self.wanted.get(label):
                self.module.no_log_values.add(self.wanted[label])

    def run(self):
        cart_id, item_id = self.params['cart_id'], self.params['item_id']
        with self.step('read the configurations that item %s of cart %s takes' % (item_id, cart_id)):
            accepted = cart_utils.get_required(self.client, cart_id, item_id)
        labels = [entry['label'] for entry in accepted]
        required = [entry['label'] for entry in accepted if entry['required']]
        if self.params['state'] == 'present':
            refused = [label for label in self.wanted if label not in labels]
            if refused:
                self.fail('configurations.%s: item %s of cart %s does not take %s; it takes %s'
                          % (refused[0], item_id, cart_id, ', '.join(refused), ', '.join(labels) or 'no configuration'))
        with self.step('read the configurations of item %s of cart %s' % (item_id, cart_id)):
            current = cart_utils.get_configurations(self.client, cart_id, item_id)
        for entry in current:
            if entry['label'] in cart_utils.SECRET_LABELS and entry['value']:
                self.module.no_log_values.add(entry['value'])
        to_delete, to_create = self.plan(current)
        result = [entry for entry in current if entry not in to_delete]
        for entry in to_delete:
            if not self.check_mode:
                with self.step('delete the %s configuration %s of item %s' % (entry['label'], entry['id'], item_id)):
                    try:
                        self.client.delete(api_path('/order/cart/{}/item/{}/configuration/{}', cart_id, item_id, entry['id']))
                    except OvhNotFoundError:
                        pass
        for label, value in to_create:
            entry = {'id': None, 'label': label, 'value': value}
            if not self.check_mode:
                with self.step('set the %s configuration of item %s' % (label, item_id)):
                    created = self.client.post(api_path('/order/cart/{}/item/{}/configuration', cart_id, item_id), body={'label': label, 'value': value})
                entry['id'] = (created or {}).get('id')
            result.append(entry)
        self.tracker.add('configurations', by_label(current), by_label(result))
        present = {entry['label'] for entry in result}
        outcome = {'configurations': cart_utils.masked_configurations(result), 'required': required,
                   'missing': [label for label in required if label not in present]}
        if self.params['require_complete'] and outcome['missing']:
            self.fail('item %s of cart %s still lacks the required configuration%s %s; set %s in configurations'
                      % (item_id, cart_id, 's' if len(outcome['missing']) > 1 else '', ', '.join(outcome['missing']),
                         ' and '.join(outcome['missing'])), changed=self.tracker.changed, **outcome)
        return outcome

    def plan(self, current):
        """(configurations to delete, (label, value) pairs to create) to reach the wanted state."""
        to_delete, to_create = [], []
        for label, value in self.wanted.items():
            entries = [entry for entry in current if entry['label'] == label]
            keep = None
            if self.params['state'] == 'present':
                keep = next((entry for entry in entries if entry['value'] == value), None)
                if keep is None:
                    to_create.append((label, value))
            to_delete.extend(entry for entry in entries if entry is not keep)
        return to_delete, to_create


def main():
    OvhCartConfig.execute()


if __name__ == '__main__':
    main()
