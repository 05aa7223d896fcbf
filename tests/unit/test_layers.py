# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The layers of ``plugins/`` (CONTRIBUTING.md, "Layers"), read from the code itself (no import, no HTTP).

- Only the resource layer calls the API: outside ``_cart``, ``_order``, ``_contact`` and
  ``_account_domains`` (and ``_client``, the transport under them), no code uses
  ``client.get/post/put/delete/request`` (called or passed around): it calls the resource layer's
  function for the endpoint.
"""

from __future__ import annotations

import ast
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / 'plugins'
MODULE_UTILS = PLUGINS / 'module_utils'
# The resource layer: one function per API endpoint. _client.py is the transport under it.
RESOURCE_LAYER = frozenset(('_cart.py', '_order.py', '_contact.py', '_account_domains.py'))
TRANSPORT = '_client.py'
VERBS = frozenset(('get', 'post', 'put', 'delete', 'request'))


def raw_api_calls(path: Path) -> list:
    """``(line, text)`` of every ``<...>client.<verb>`` in a file (``client.get``, ``self.client.post``,
    ``self._client.delete``), called or not."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
        if isinstance(node, ast.Attribute) and node.attr in VERBS:
            receiver = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, 'attr', None)
            if receiver and 'client' in receiver.lower():
                found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_scan_sees_raw_calls(tmp_path):
    """A scan that sees nothing would pass whatever the code does."""
    sample = tmp_path / 'sample.py'
    sample.write_text('def f(self, client, params):\n    client.get("/me")\n    self.client.post("/order/cart", body={})\n'
                      '    reader = self._client.delete\n    self.client.request("PUT", "/x")\n    params.get("x")\n', encoding='utf-8')
    assert [text for _, text in raw_api_calls(sample)] == ['client.get', 'self.client.post', 'self._client.delete', 'self.client.request']
    assert raw_api_calls(MODULE_UTILS / '_cart.py')


def test_only_the_resource_layer_calls_the_api():
    offending = ['%s:%d: %s' % (path.relative_to(PLUGINS.parent), line, text)
                 for path in sorted(PLUGINS.rglob('*.py'))
                 if not (path.parent == MODULE_UTILS and (path.name in RESOURCE_LAYER or path.name == TRANSPORT))
                 for line, text in raw_api_calls(path)]
    assert not offending, ('these call the client directly; call (or add) the resource layer function for the endpoint '
                           '(%s):\n%s' % (', '.join(sorted(RESOURCE_LAYER)), '\n'.join(offending)))
