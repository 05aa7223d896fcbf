# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Facts the documentation states that the code can check: the collection's version, and the list
of modules in the README's Content table."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
GUIDES = sorted(str(path.relative_to(REPO_ROOT)) for path in (REPO_ROOT / 'docs' / 'docsite' / 'rst').glob('*.rst'))
DOCUMENTS = ['README.md', 'roles/domain_order/README.md'] + GUIDES


def test_the_documents_show_the_collections_own_version():
    version = yaml.safe_load((REPO_ROOT / 'galaxy.yml').read_text(encoding='utf-8'))['version']
    for document in DOCUMENTS:
        text = (REPO_ROOT / document).read_text(encoding='utf-8')
        shown = set(re.findall(r'ovhcloud[.-]order[ -](\d+\.\d+\.\d+)', text)) | set(re.findall(r'ovhcloud-order-(\d+\.\d+\.\d+)\.tar\.gz', text))
        assert shown <= {version}, '%s shows version %s; the collection is %s' % (document, ', '.join(sorted(shown)), version)


def test_the_readme_content_table_lists_every_module():
    readme = (REPO_ROOT / 'README.md').read_text(encoding='utf-8')
    table = readme[readme.index('## Content'):readme.index('### Many domains at once')]
    for module in sorted(path.stem for path in (REPO_ROOT / 'plugins' / 'modules').glob('*.py') if not path.stem.startswith('_')):
        assert '`ovhcloud.order.%s`' % module in table, "README's Content table does not list %s" % module
