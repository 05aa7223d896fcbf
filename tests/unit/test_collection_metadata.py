# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's metadata agrees with its content: the action group lists every module, and
every module declares that membership and takes the shared connection options."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
MODULES_DIR = REPO_ROOT / 'plugins' / 'modules'
EXPECTED_MODULES = {'ovh_cart', 'ovh_cart_config', 'ovh_cart_domain', 'ovh_checkout', 'ovh_domain_contact', 'ovh_domain_offer_info',
                    'ovh_domain_order', 'ovh_order_info'}


def module_names() -> set:
    return {path.stem for path in MODULES_DIR.glob('*.py') if not path.stem.startswith('_')}


def module_documentation(name: str) -> dict:
    tree = ast.parse((MODULES_DIR / (name + '.py')).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DOCUMENTATION' for t in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no DOCUMENTATION' % name)


def test_the_collection_ships_the_eight_modules():
    assert module_names() == EXPECTED_MODULES


def test_action_group_lists_every_module_and_nothing_else():
    runtime = yaml.safe_load((REPO_ROOT / 'meta' / 'runtime.yml').read_text())
    assert sorted(runtime['action_groups']['ovh']) == sorted(module_names())


def test_every_module_declares_the_action_group_and_connection_options():
    for name in sorted(module_names()):
        fragments = module_documentation(name).get('extends_documentation_fragment', [])
        assert 'ovhcloud.order.ovh' in fragments, name
        assert 'ovhcloud.order.ovh.attributes' in fragments, name


def test_requires_ansible_is_declared():
    runtime = yaml.safe_load((REPO_ROOT / 'meta' / 'runtime.yml').read_text())
    assert runtime['requires_ansible'] == '>=2.19.0'
