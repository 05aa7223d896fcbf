#!/usr/bin/python
# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: ovh_domain_contact
short_description: Find or create the owner contact of domain names at OVHcloud
version_added: 0.1.0
description:
  - Makes sure a domain contact (C(/domain/contact)) with the given fields exists, and returns its
    id and the path to give as the C(OWNER_CONTACT) configuration of an order
    (O(ovhcloud.order.ovh_domain_order#module:owner_contact), or M(ovhcloud.order.ovh_cart_config)).
  - Without O(contact_id), an existing contact whose fields all match the ones given (case aside; fields
    not given are not compared) is reused; only when there is none is a contact created. A rerun
    sends no POST or PUT. When several match, the oldest is reused (OVHcloud copies the owner contact
    of each domain it delivers, so the same person may appear more than once).
  - With O(contact_id), that contact is updated so that it has the fields given (C(PUT), only the
    fields that differ). OVHcloud refuses some changes to a contact that owns a domain already (for
    generic extensions, the name, organisation and e-mail, which would change the owner).
  - The fields are checked before any call - the e-mail address, the phone numbers in OVHcloud's
    C(+CC.NUMBER) form, the country codes, and the fields each legal form needs (first and last name
    of an individual, the organisation's name otherwise, an address with line, city, country and, in
    most countries, a postal code).
  - The contacts API is C(/domain/contact), which OVHcloud's contacts guide names for domain owners -
    it shares its ids with C(/me/contact) and adds the fields registries ask for (nationality, birth
    data, national identification numbers).
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
      - In check mode the contacts are read and the module reports the contact it would create
        (RV(contact_id=null)) or the changes it would make; it creates and changes nothing.
  diff_mode:
    description: Reports the differences between the state before and after the task (with C(--diff)).
    support: full
options:
  contact_id:
    description:
      - Update this contact (as returned in RV(contact_id)) instead of finding one by its fields.
    type: int
  legal_form:
    description: The owner's legal form.
    type: str
    required: true
    choices: [administration, association, corporation, individual, other, personalcorporation]
  first_name:
    description: The first name; required for an individual.
    type: str
  last_name:
    description: The last name; required for an individual.
    type: str
  organisation_name:
    description: The organisation's name; required unless O(legal_form=individual).
    type: str
  email:
    description: The e-mail address registries write to.
    type: str
    required: true
  phone:
    description: The phone number, as OVHcloud writes it, V(+33.123456789).
    type: str
  cell_phone:
    description: A mobile phone number, in the same form.
    type: str
  fax:
    description: A fax number, in the same form.
    type: str
  address:
    description: The postal address.
    type: dict
    required: true
    suboptions:
      line1:
        description: The first address line.
        type: str
        required: true
      line2:
        description: A second line.
        type: str
      line3:
        description: A third line.
        type: str
      city:
        description: The city; some registries require one (V(Berlin) for C(.berlin)).
        type: str
        required: true
      zip:
        description: The postal code; required except in countries without one.
        type: str
      province:
        description: The province or state.
        type: str
      country:
        description: The country, as a two-letter code (ISO 3166-1) such as V(FR).
        type: str
        required: true
      other_details:
        description: Further address details.
        type: str
  language:
    description: The contact's language, such as V(fr_FR) or V(en_GB) (C(nichandle.LanguageEnum)).
    type: str
  nationality:
    description: The nationality, as a two-letter country code.
    type: str
  gender:
    description: V(female) or V(male), for registries that ask.
    type: str
    choices: [female, male]
  birth_day:
    description: The date of birth, V(YYYY-MM-DD), for registries that ask (C(.it), C(.es)...).
    type: str
  birth_city:
    description: The city of birth.
    type: str
  birth_zip:
    description: The postal code of the city of birth.
    type: str
  birth_country:
    description: The country of birth, as a two-letter code.
    type: str
  vat:
    description: The VAT number of an organisation.
    type: str
  company_national_identification_number:
    description: The organisation's national identification number (SIREN and the like).
    type: str
  national_identification_number:
    description: The person's national identification number, for registries that ask.
    type: str
  enterprise_id:
    description: An enterprise identifier, for registries that ask.
    type: str
  website:
    description: The owner's website.
    type: str
seealso:
  - module: ovhcloud.order.ovh_domain_order
  - module: ovhcloud.order.ovh_cart_config
'''

EXAMPLES = r'''
- name: Order domain names for a company
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/ovhcloud.order.ovh:
      endpoint: ovh-eu
      application_key: "{{ ovh_application_key }}"
      application_secret: "{{ ovh_application_secret }}"
      consumer_key: "{{ ovh_consumer_key }}"
  tasks:
    - name: Find or create the company's owner contact
      ovhcloud.order.ovh_domain_contact:
        legal_form: corporation
        organisation_name: Example SAS
        email: domains@example.com
        phone: "+33.123456789"
        language: fr_FR
        address:
          line1: 1 rue de l'Exemple
          city: Paris
          zip: "75001"
          country: FR
      register: owner

    - name: Order with that owner
      ovhcloud.order.ovh_domain_order:
        domains:
          - name: example.com
        owner_contact: "{{ owner.owner_contact }}"
        max_price: 20
        owner_legal_age: true
'''

RETURN = r'''
contact_id:
  description: The contact's id; V(null) in check mode when it would be created.
  returned: always
  type: int
  sample: 50000001
owner_contact:
  description: The path to give as the C(OWNER_CONTACT) configuration; V(null) in check mode when it would be created.
  returned: always
  type: str
  sample: /domain/contact/50000001
created:
  description: Whether the contact was created by this run (or would be, in check mode).
  returned: always
  type: bool
  sample: false
contact:
  description: The contact's fields after the run (in check mode, as predicted), written as the options are.
  returned: always
  type: dict
  sample:
    id: 50000001
    legal_form: corporation
    organisation_name: Example SAS
    email: domains@example.com
    address: {line1: "1 rue de l'Exemple", city: Paris, zip: "75001", country: FR}
api_calls:
  description: The number of HTTP requests sent to the OVHcloud API.
  returned: always
  type: int
  sample: 2
'''

from ansible_collections.ovhcloud.order.plugins.module_utils import _contact as contact_utils
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhNotFoundError
from ansible_collections.ovhcloud.order.plugins.module_utils._format import ADDRESS_FIELDS, FIELDS, GENDERS, LEGAL_FORMS, contact_fields
from ansible_collections.ovhcloud.order.plugins.module_utils._module import OvhModule

ADDRESS_OPTIONS = {name: {'type': 'str', 'required': name in ('line1', 'city', 'country')} for name in ADDRESS_FIELDS}


class OvhDomainContact(OvhModule):
    argument_spec = dict(
        {name: {'type': 'str'} for name in FIELDS},
        contact_id={'type': 'int'},
        legal_form={'type': 'str', 'required': True, 'choices': list(LEGAL_FORMS)},
        email={'type': 'str', 'required': True},
        gender={'type': 'str', 'choices': list(GENDERS)},
        address={'type': 'dict', 'required': True, 'options': ADDRESS_OPTIONS},
    )
    fields: dict = {}

    def validate(self):
        # The fields as given: Ansible's str type would write a list given by mistake as "['Ada']".
        raw = self.module.raw_params
        given = {name: raw.get(name, self.params[name]) for name in FIELDS}
        address = raw.get('address') if isinstance(raw.get('address'), dict) else self.params['address']
        given['address'] = {name: value for name, value in (address or {}).items() if value is not None}
        try:
            self.fields = contact_fields(given, '')
        except ValueError as exc:
            self.fail(str(exc))

    def run(self):
        contact_id = self.params['contact_id']
        if contact_id is None:
            with self.step('read the domain contacts of the account'):
                found = contact_utils.find_contact(contact_utils.list_contacts(self.client), self.fields)
            if found is not None:
                return self.result(found, created=False)
            return self.create()
        with self.step('read domain contact %s' % contact_id):
            try:
                current = contact_utils.get_contact(self.client, contact_id)
            except OvhNotFoundError:
                self.fail('contact_id %s: the account has no such domain contact (GET /domain/contact/%s answers 404)' % (contact_id, contact_id))
        changes = contact_utils.differences(current, self.fields)
        updated = dict(current, **changes)
        if changes and not self.check_mode:
            with self.step('update domain contact %s (%s)' % (contact_id, ', '.join(sorted(changes)))):
                updated = contact_utils.update_contact(self.client, contact_id, changes) or updated
        self.tracker.add('contact', contact_utils.shown(current), contact_utils.shown(updated))
        return self.result(updated, created=False)

    def create(self):
        predicted = dict(self.fields, id=None)
        if not self.check_mode:
            with self.step('create a domain contact'):
                predicted = contact_utils.add_contact(self.client, self.fields)
        self.tracker.add('contact', None, contact_utils.shown(predicted))
        return self.result(predicted, created=True)

    @staticmethod
    def result(contact, created):
        contact_id = contact.get('id')
        return {'contact_id': contact_id, 'owner_contact': contact_utils.path_of(contact_id) if contact_id is not None else None,
                'created': created, 'contact': contact_utils.shown(contact)}


def main():
    OvhDomainContact.execute()


if __name__ == '__main__':
    main()
