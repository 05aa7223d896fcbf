# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain_order role's defaults/main.yml and meta/argument_specs.yml describe the same variables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROLES_DIR = Path(__file__).resolve().parents[2] / 'roles'
ROLES = sorted(path.name for path in ROLES_DIR.iterdir() if (path / 'meta' / 'argument_specs.yml').is_file())


def _load(path: Path):
    with path.open(encoding='utf-8') as handle:
        return yaml.safe_load(handle) or {}


def _main_options(role: str) -> dict:
    return _load(ROLES_DIR / role / 'meta' / 'argument_specs.yml')['argument_specs']['main']['options']


def _defaults(role: str) -> dict:
    path = ROLES_DIR / role / 'defaults' / 'main.yml'
    return _load(path) if path.is_file() else {}


def test_the_domain_order_role_has_an_argument_spec():
    assert 'domain_order' in ROLES


@pytest.mark.parametrize('role', ROLES)
def test_every_default_is_a_documented_option_with_the_same_default(role):
    options = _main_options(role)
    for name, value in _defaults(role).items():
        assert name in options, '%s: defaults/main.yml sets %s, which meta/argument_specs.yml does not document' % (role, name)
        assert 'default' in options[name], '%s: %s has a default in defaults/main.yml but none in the spec' % (role, name)
        assert options[name]['default'] == value, '%s: %s defaults to %r in defaults/main.yml but %r in the spec' % (
            role, name, value, options[name]['default'])


@pytest.mark.parametrize('role', ROLES)
def test_every_option_with_a_default_is_in_defaults(role):
    defaults = _defaults(role)
    for name, spec in _main_options(role).items():
        if 'default' in spec:
            assert name in defaults, '%s: %s has a default in the spec but is missing from defaults/main.yml' % (role, name)
        else:
            # Without a default, an option is required, or optional and unset by default (an option
            # with choices cannot default to null: the role's argument check would refuse null).
            assert spec.get('required') or spec.get('choices'), '%s: %s has no default, so it must be required or have choices' % (role, name)
            assert name not in defaults


@pytest.mark.parametrize('role', ROLES)
def test_variables_carry_the_role_prefix_and_are_described(role):
    for name, spec in _main_options(role).items():
        assert name.startswith(role + '_'), '%s: %s lacks the %s_ prefix' % (role, name, role)
        assert spec.get('description'), '%s: %s has no description' % (role, name)
        assert spec.get('type'), '%s: %s has no type' % (role, name)


@pytest.mark.parametrize('role', ROLES)
def test_the_tasks_use_no_undocumented_public_variable(role):
    """Every role_ variable the tasks read is an option; internal ones start with an underscore."""
    options = set(_main_options(role))
    used = set()
    for path in (ROLES_DIR / role).rglob('*.yml'):
        if path.parts[-2] in ('tasks', 'handlers', 'templates', 'vars'):
            used.update(re.findall(r'(?<![\w.])(%s_[a-z0-9_]+)' % re.escape(role), path.read_text(encoding='utf-8')))
    # domain_order_result is the role's output, set by the role itself.
    undocumented = used - options - {role + '_result'}
    assert not undocumented, '%s: the tasks use %s, which meta/argument_specs.yml does not document' % (role, sorted(undocumented))


def test_the_transfer_code_is_no_log():
    domains = _main_options('domain_order')['domain_order_domains']
    assert domains['options']['auth_info'].get('no_log') is True


# -- the role's variables against the options of the modules it calls ------------------------------
def _module_specs(name: str) -> dict:
    """The full argument spec of one of the collection's modules (its class's, connection options included)."""
    import importlib
    module = importlib.import_module('ansible_collections.ovhcloud.order.plugins.modules.%s' % name)
    classes = [value for value in vars(module).values() if isinstance(value, type) and hasattr(value, 'full_argument_spec')
               and value.__module__ == module.__name__]
    return classes[0].full_argument_spec()


def _passed_variables(role: str):
    """(module, option, role variable) for each option a task of the role sets to a role variable (its
    value starts with it: ``{{ domain_order_x if ... else omit }}``, ``{{ domain_order_x | bool }}``)."""
    for task in _load(ROLES_DIR / role / 'tasks' / 'main.yml'):
        for action, arguments in task.items():
            if not action.startswith('ovhcloud.order.') or not isinstance(arguments, dict):
                continue
            for option, value in arguments.items():
                found = re.match(r'^\{\{\s*(%s_\w+)' % role, str(value))
                if found:
                    yield action.rsplit('.', 1)[1], option, found.group(1)


FAMILIES = {'int': 'number', 'float': 'number', 'str': 'text', 'path': 'text', 'bool': 'bool', 'list': 'list', 'dict': 'dict', 'raw': None}


@pytest.mark.parametrize('role', ROLES)
def test_the_role_variables_take_what_the_module_options_take(role):
    options = _main_options(role)
    checked = 0
    for module, option, variable in _passed_variables(role):
        spec = _module_specs(module)[option]
        documented = options[variable]
        if spec.get('choices') is not None or documented.get('choices') is not None:
            assert sorted(map(str, spec.get('choices') or [])) == sorted(map(str, documented.get('choices') or [])), (
                '%s: %s takes %s, but %s.%s takes %s' % (role, variable, documented.get('choices'), module, option, spec.get('choices')))
        family = FAMILIES.get(spec.get('type', 'str'))
        if family is not None:
            assert FAMILIES.get(documented.get('type', 'str')) == family, '%s: %s is a %s, %s.%s a %s' % (
                role, variable, documented.get('type'), module, option, spec.get('type'))
        checked += 1
    assert checked >= 10


def test_the_example_variables_file_shows_every_variable_and_domain_field():
    """playbooks/vars/example.yml says it lists every variable of the role: each option, and each field
    of a domain entry, appears in it (set or in a comment)."""
    example = (ROLES_DIR.parent / 'playbooks' / 'vars' / 'example.yml').read_text(encoding='utf-8')
    options = _main_options('domain_order')
    for name in options:
        assert re.search(r'^#? ?%s:' % re.escape(name), example, re.M), 'playbooks/vars/example.yml does not show %s' % name
    for field in options['domain_order_domains']['options']:
        assert re.search(r'^#? +%s\b' % re.escape(field), example, re.M), 'playbooks/vars/example.yml does not show the field %s' % field
