# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# PRIVATE to the ovhcloud.order collection: no compatibility promise to other collections.
"""The owners of the domains an order run orders: each domain's owner as the order will have it
(contact fields given, a contact given by path, or the account holder OVHcloud makes one from),
checked against its registry's rules (``POST /domain/configurationRule/check``) before any cart, the
contacts to create created once the run knows it orders their domains, and, after OVHcloud's dry run
refused an order on its rules, which domains it refused.

Decisions (``_planner``) carry ``owner_contact``: the contact path of a domain whose owner was given
as fields (None while it is still to create). Requests are never changed."""

from __future__ import annotations

from ansible_collections.ovhcloud.order.plugins.module_utils import _cart as cart_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _contact as contact_utils
from ansible_collections.ovhcloud.order.plugins.module_utils import _planner as planner
from ansible_collections.ovhcloud.order.plugins.module_utils._concurrency import map_concurrently


def _fields(contact) -> dict | None:
    return {key: value for key, value in contact.items() if key != 'id' and value is not None} if contact else None


class Owners:
    """The owners of one run. ``contacts`` lists the contacts created (or, in check mode, to create),
    with their domains, for the summary."""

    def __init__(self, client, options, step, progress, tracker, check_mode: bool):
        self.client = client
        self.options = options
        self.step = step
        self.progress = progress
        self.tracker = tracker
        self.check_mode = check_mode
        self.contacts = []

    def check(self, decisions) -> list:
        """Before any cart: each domain to order with a known owner gets the contact its fields match
        (``owner_contact``, None when one must be created) and OVHcloud's rules' verdict; refused
        domains become ``refused`` (the caller stops on them)."""
        chosen = [decision for decision in decisions if decision['outcome'] == 'to_order']
        with_fields = [decision for decision in chosen if decision['request'].get('owner')]
        paths = sorted({decision['request']['labels']['OWNER_CONTACT'] for decision in chosen
                        if not decision['request'].get('owner') and decision['request']['labels'].get('OWNER_CONTACT')})
        if not with_fields and not paths:
            return decisions
        contacts, by_path = [], {}
        with self.step('read the domain contacts of the account'):
            if with_fields:
                contacts = contact_utils.list_contacts(self.client)
            if paths:
                by_path = dict(zip(paths, map_concurrently(lambda path: contact_utils.path_contact(self.client, path), paths)))
        found = {}
        for decision in with_fields:
            match = contact_utils.find_contact(contacts, decision['request']['owner'])
            found[decision['request']['name']] = contact_utils.path_of(match['id']) if match else None
        decisions = planner.with_owner_contacts(decisions, found)

        def owner_data(request):
            return request['owner'] if request.get('owner') else _fields(by_path.get(request['labels'].get('OWNER_CONTACT')))

        checked = [decision['request'] for decision in decisions if decision['outcome'] == 'to_order' and owner_data(decision['request'])]
        verdicts = self.verdicts(checked, owner_data)
        return planner.decide_eligibility(decisions, verdicts, self.rules(checked, verdicts), self.options)

    def verdicts(self, requests, owner_data) -> dict:
        """Domain → the fields OVHcloud's rules refuse (empty when accepted), concurrently."""
        def check(request):
            return contact_utils.check_eligibility(self.client, request['name'], request.get('action') or 'create', owner_data(request),
                                                   request['labels'])

        with self.step("check with the registries' rules that the owner may hold %s" % ', '.join(request['name'] for request in requests)):
            return dict(zip((request['name'] for request in requests), map_concurrently(check, requests)))

    def rules(self, requests, verdicts) -> dict:
        """The rule tree of each refused domain, which names the rule behind each refused field."""
        refused = [name for name, violations in verdicts.items() if violations]
        if not refused:
            return {}
        actions = {request['name']: request.get('action') or 'create' for request in requests}
        with self.step("read the registries' rules for %s" % ', '.join(refused)):
            return dict(zip(refused, map_concurrently(lambda name: contact_utils.rule_of(self.client, name, actions[name]), refused)))

    def create(self, decisions) -> list:
        """Create the owner contacts that do not exist yet (one per distinct owner) for the domains this
        run orders; in check mode, only say so. Returns the decisions with their ``owner_contact``."""
        missing = {}
        for decision in decisions:
            if decision['outcome'] == 'would_order' and decision['request'].get('owner') and decision.get('owner_contact') is None:
                missing.setdefault(repr(sorted(decision['request']['owner'].items())), []).append(decision['request'])
        created = {}
        for group in missing.values():
            domains = [request['name'] for request in group]
            if self.check_mode:
                self.progress('would create the owner contact of %s' % ', '.join(domains))
                self.contacts.append({'owner_contact': None, 'created': True, 'domains': domains})
                continue
            with self.step('create the owner contact of %s' % ', '.join(domains)):
                path = contact_utils.create_contact(self.client, group[0]['owner'])
            self.tracker.add('contact %s' % path, None, path)
            self.progress('owner contact %s created for %s' % (path, ', '.join(domains)))
            created.update(dict.fromkeys(domains, path))
            self.contacts.append({'owner_contact': path, 'created': True, 'domains': domains})
        return planner.with_owner_contacts(decisions, created)

    def refused_by_rules(self, error, decisions) -> tuple:
        """After OVHcloud's dry run refused an order on its registries' rules (DOMDOCRuleNotRespected,
        which names no domain): each domain checked against its rules with its owner as the order has it
        (its fields, its contact, or the account holder). Returns (domain → violations, the names whose
        owner is the account holder, rule trees of the refused domains)."""
        if 'DOMDOCRuleNotRespected' not in (error.error_class or ''):
            return {}, set(), {}
        chosen = [decision['request'] for decision in decisions if decision['outcome'] == 'would_order']
        held_by_account = {request['name'] for request in chosen if not request.get('owner') and not request['labels'].get('OWNER_CONTACT')}
        paths = sorted({request['labels']['OWNER_CONTACT'] for request in chosen if not request.get('owner') and request['labels'].get('OWNER_CONTACT')})
        with self.step('read the owners of %s' % ', '.join(request['name'] for request in chosen)):
            holder = contact_utils.account_holder(cart_utils.account(self.client)) if held_by_account else None
            contacts = dict(zip(paths, map_concurrently(lambda path: contact_utils.path_contact(self.client, path), paths)))

        def owner_of(request):
            if request.get('owner'):
                return request['owner']
            if request['labels'].get('OWNER_CONTACT'):
                return _fields(contacts[request['labels']['OWNER_CONTACT']])
            return holder

        verdicts = self.verdicts(chosen, owner_of)
        refused = {name: violations for name, violations in verdicts.items() if violations}
        return refused, held_by_account & set(refused), self.rules(chosen, refused)
