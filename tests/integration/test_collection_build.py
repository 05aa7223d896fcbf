# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built collection tarball: what a user and ansible-builder need is in it, and neither the
development tooling nor the leftovers of development runs (virtual environments, caches, logs, test
output, a worktree's .git file) end up in it, whatever a checkout holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
ANSIBLE_GALAXY = str(Path(sys.executable).parent / 'ansible-galaxy')

# What development leaves in a checkout; none of it may be shipped.
LEFTOVERS = {
    '.ansible/collections/ansible_collections/x/y/galaxy.yml': 'x',
    'extensions/molecule/domain_order/.ansible/tmp/state': 'x',
    'roles/domain_order/.ansible/facts': 'x',
    'changelogs/.plugin-cache.yaml': 'objects: {}\n',
    'ansible.log': 'log\n',
    'tests/simulator/simulator.log': 'log\n',
    '.venv/pyvenv.cfg': 'home = /usr/bin\n',
    '.venv/bin/python': '',
    '.venv-2.21/pyvenv.cfg': 'home = /usr/bin\n',
    'venv/pyvenv.cfg': 'home = /usr/bin\n',
    '.tox/py/pyvenv.cfg': 'x',
    'tests/output/junit/python3.11-units.xml': '<testsuite/>',
    'tests/output/.tmp/sanity/x': 'x',
    '.pytest_cache/v/cache/lastfailed': '{}',
    '.cache/pip/x': 'x',
    'plugins/module_utils/__pycache__/_client.cpython-311.pyc': '',
    'importer_result.json': '{}',
    'context/Containerfile': 'FROM x',
    'ovhcloud-order-0.0.1.tar.gz': '',
    '.git': 'gitdir: /work/main/.git/worktrees/wt\n',
}
# Development tooling of the checkout, not for users.
TOOLING = ('.ci/', '.config/', '.gitignore', 'Makefile', 'requirements/', 'scripts/', 'extensions/',
           'tests/unit/', 'tests/integration/', 'tests/conftest.py', 'tests/callback_plugins/')
# What an installed collection needs.
SHIPPED = ('README.md', 'COPYING', 'requirements.txt', 'meta/runtime.yml', 'meta/execution-environment.yml',
           'changelogs/changelog.yaml', 'changelogs/config.yaml', 'docs/docsite/links.yml', 'docs/docsite/extra-docs.yml',
           'docs/docsite/rst/guide_first_order.rst', 'docs/docsite/rst/guide_simulator.rst', 'docs/docsite/rst/guide_renewals.rst',
           'playbooks/order_domain.yml', 'playbooks/order_status.yml', 'playbooks/vars/example.yml',
           'playbooks/renew_domains.yml', 'playbooks/portfolio_report.yml', 'playbooks/vars/renew_example.yml',
           'roles/domain_order/meta/argument_specs.yml', 'roles/domain_order/tasks/main.yml',
           'roles/domain_renew/meta/argument_specs.yml', 'roles/domain_renew/tasks/main.yml',
           'tests/simulator/__main__.py', 'tests/simulator/README.md', 'tests/config.yml',
           'plugins/modules/ovh_cart.py', 'plugins/module_utils/_client.py', 'plugins/doc_fragments/ovh.py')


def copy_checkout(dest: Path) -> Path:
    """This checkout's files (not its own leftovers, which differ from machine to machine)."""
    ignore = shutil.ignore_patterns('.git', '.venv*', 'venv', '.tox', '.ansible', '__pycache__', '*.pyc', '.pytest_cache',
                                    '.cache', 'output', '*.log', '*.tar.gz', 'importer_result.json', '.plugin-cache.yaml', 'context')
    shutil.copytree(REPO_ROOT, dest, ignore=ignore, symlinks=True)
    return dest


def build(source: Path, dest: Path) -> list:
    completed = subprocess.run([ANSIBLE_GALAXY, 'collection', 'build', '--force', '--output-path', str(dest), str(source)],
                               capture_output=True, text=True, check=False, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    [tarball] = dest.glob('ovhcloud-order-*.tar.gz')
    with tarfile.open(tarball) as archive:
        return archive.getnames()


def test_the_leftovers_of_development_are_not_shipped(tmp_path):
    checkout = copy_checkout(tmp_path / 'checkout')
    for name, content in LEFTOVERS.items():
        path = checkout / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)

    members = build(checkout, tmp_path / 'dist')

    shipped = sorted(member for member in members for name in LEFTOVERS if member == name or member.startswith(name + '/'))
    assert shipped == []
    # the directories made only for the leftovers are not shipped either
    for directory in ('.ansible', '.venv', '.venv-2.21', 'venv', '.tox', 'tests/output', '.pytest_cache', '.cache', 'context',
                      'roles/domain_order/.ansible', 'plugins/module_utils/__pycache__'):
        assert directory not in members, directory
    for dev_only in TOOLING:
        assert not any(member == dev_only.rstrip('/') or member.startswith(dev_only) for member in members), dev_only
    for needed in SHIPPED:
        assert needed in members, needed


def test_the_execution_environment_file_names_a_shipped_requirements_file(tmp_path):
    members = build(copy_checkout(tmp_path / 'checkout'), tmp_path / 'dist')
    definition = yaml.safe_load((REPO_ROOT / 'meta' / 'execution-environment.yml').read_text())
    assert definition['version'] == 1
    python_file = definition['dependencies']['python']
    assert python_file in members
    requirements = [line.split('#')[0].strip() for line in (REPO_ROOT / python_file).read_text().splitlines()]
    assert 'requests' in requirements
    # no pin or cap: an execution environment combines the requirements of many collections
    assert all(not any(op in line for op in ('==', '<', '~=')) for line in requirements if line)
