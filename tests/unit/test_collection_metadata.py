# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's metadata agrees with its content: the action group lists every module, and
every module declares that membership and takes the shared connection options."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

REPO_ROOT = Path(__file__).resolve().parents[2]
MODULES_DIR = REPO_ROOT / 'plugins' / 'modules'
EXPECTED_MODULES = {'ovh_cart', 'ovh_cart_config', 'ovh_cart_domain', 'ovh_checkout', 'ovh_domain_contact', 'ovh_domain_info',
                    'ovh_domain_offer_info', 'ovh_domain_order', 'ovh_domain_renew', 'ovh_domain_renewal_policy', 'ovh_order_info'}


def module_names() -> set:
    return {path.stem for path in MODULES_DIR.glob('*.py') if not path.stem.startswith('_')}


def module_documentation(name: str) -> dict:
    tree = ast.parse((MODULES_DIR / (name + '.py')).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DOCUMENTATION' for t in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError('%s has no DOCUMENTATION' % name)


def test_the_collection_ships_the_eleven_modules():
    assert module_names() == EXPECTED_MODULES


def test_action_group_lists_every_module_and_nothing_else():
    runtime = yaml.safe_load((REPO_ROOT / 'meta' / 'runtime.yml').read_text())
    assert sorted(runtime['action_groups']['ovh']) == sorted(module_names())


def test_every_module_declares_the_action_group_and_connection_options():
    for name in sorted(module_names()):
        fragments = module_documentation(name).get('extends_documentation_fragment', [])
        assert 'ovhcloud.order.ovh' in fragments and 'ovhcloud.order.ovh.attributes' in fragments, name
        # ovh_order_info: until 2.0.0 its timeout is the deprecated alias of wait_timeout (request_timeout is the HTTP one).
        assert ('ovhcloud.order.ovh.timeout' in fragments) == (name != 'ovh_order_info'), name


def pinned_ansible_core_versions() -> dict:
    """requirements file -> the ansible-core version it pins (2.19 in runtime.txt, the matrix's)."""
    versions = {}
    for path in sorted((REPO_ROOT / 'requirements').glob('*.txt')):
        for line in path.read_text().splitlines():
            if line.startswith('ansible-core=='):
                versions[path.name] = Version(line.split('==', 1)[1].strip())
    return versions


def test_requires_ansible_is_what_is_tested():
    runtime = yaml.safe_load((REPO_ROOT / 'meta' / 'runtime.yml').read_text())
    supported = SpecifierSet(runtime['requires_ansible'])
    tested = pinned_ansible_core_versions()
    assert {'%d.%d' % (v.major, v.minor) for v in tested.values()} == {'2.19', '2.20', '2.21'}, tested
    for name, version in tested.items():
        assert version in supported, (name, version)
    # every release of a tested minor version, and nothing older or newer
    for version in ('2.19.0', '2.20.0', '2.21.0', '2.21.99'):
        assert Version(version) in supported, version
    for version in ('2.18.99', '2.22.0', '2.22.0rc1'):
        assert Version(version) not in supported, version
