# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The layers of ``plugins/`` (CONTRIBUTING.md, "Layers"), read from the code itself (no import, no HTTP).

- Only the resource layer calls the API: outside ``_cart``, ``_order``, ``_contact`` and
  ``_account_domains`` (and ``_client``, the transport under them), no code uses
  ``client.get/post/put/delete/request`` (called or passed around): it calls the resource layer's
  function for the endpoint.
- The pure modules - the planner, the input checks, the run's summary and the formatters they share
  (``_format``) - do no I/O: neither they nor anything they import (transitively, within
  ``module_utils``) imports the client, ``requests``, a resource module or the checkout.
- ``module_utils`` has no import cycle (module-level imports).
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
# Modules that do no I/O, and what they may not import, directly or through another module_utils file.
PURE = ('_planner', '_validation', '_summary', '_format')
IO_MODULES = frozenset(('_client', '_cart', '_order', '_contact', '_account_domains', '_checkout'))
IO_PACKAGES = frozenset(('requests', 'urllib3', 'http', 'socket'))
PREFIX = 'ansible_collections.ovhcloud.order.plugins.module_utils'


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
    assert [call[1] for call in raw_api_calls(sample)] == ['client.get', 'self.client.post', 'self._client.delete', 'self.client.request']
    assert raw_api_calls(MODULE_UTILS / '_cart.py')


def test_only_the_resource_layer_calls_the_api():
    offending = ['%s:%d: %s' % (path.relative_to(PLUGINS.parent), line, text)
                 for path in sorted(PLUGINS.rglob('*.py'))
                 if not (path.parent == MODULE_UTILS and (path.name in RESOURCE_LAYER or path.name == TRANSPORT))
                 for line, text in raw_api_calls(path)]
    assert not offending, ('these call the client directly; call (or add) the resource layer function for the endpoint '
                           '(%s):\n%s' % (', '.join(sorted(RESOURCE_LAYER)), '\n'.join(offending)))


def module_level_imports(path: Path) -> set:
    """The modules a file imports when it is imported (not inside a function): ``_cart`` for a
    module_utils file, the top-level package name (``requests``) for anything else."""
    found = set()

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name.split('.')[0] for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                if child.module == PREFIX:
                    found.update(alias.name for alias in child.names)
                elif child.module.startswith(PREFIX + '.'):
                    found.add(child.module[len(PREFIX) + 1:].split('.')[0])
                else:
                    found.add(child.module.split('.')[0])
            visit(child)

    visit(ast.parse(path.read_text(encoding='utf-8')))
    return found


def import_graph() -> dict:
    """module_utils name → the modules it imports at import time."""
    return {path.stem: module_level_imports(path) for path in sorted(MODULE_UTILS.glob('*.py'))}


def test_the_import_scan_sees_imports():
    graph = import_graph()
    assert {'_client', '_concurrency', '_format', 'datetime'} <= graph['_cart']
    assert 'requests' in graph['_client']


def reachable(graph: dict, name: str, first_imports=None) -> dict:
    """Every module ``name`` imports, directly or through module_utils files, each with the chain
    that leads to it. ``first_imports`` replaces ``name``'s own imports (for a file outside
    module_utils)."""
    via, todo = {}, [(name, [name], graph.get(name, ()) if first_imports is None else first_imports)]
    while todo:
        current, chain, imports = todo.pop()
        for imported in sorted(imports):
            if imported in via:
                continue
            via[imported] = chain + [imported]
            if imported in graph:
                todo.append((imported, via[imported], graph[imported]))
    return via


def test_the_pure_modules_import_nothing_that_does_io():
    graph = import_graph()
    for name in PURE:
        via = reachable(graph, name)
        bad = sorted((set(via) & IO_MODULES) | (set(via) & IO_PACKAGES))
        assert not bad, '%s does no I/O but imports %s' % (name, '; '.join(' -> '.join(via[module]) for module in bad))


def imports_module_basic(path: Path) -> bool:
    return any(isinstance(node, ast.ImportFrom) and (node.module or '').startswith('ansible.module_utils.basic')
               or isinstance(node, ast.Import) and any(alias.name.startswith('ansible.module_utils.basic') for alias in node.names)
               for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))))


def test_the_actions_stay_light_in_ansibles_process():
    """The action plugins run in Ansible's own process (the strategy loads them there): what they
    import from module_utils must not pull the modules' own imports, ``requests`` or
    ``ansible.module_utils.basic`` (0.1 s more on every playbook run, for nothing)."""
    graph = import_graph()
    heavy = {path.stem for path in MODULE_UTILS.glob('*.py') if imports_module_basic(path)}
    assert '_module' in heavy
    controller_files = sorted((PLUGINS / 'action').glob('*.py')) + sorted((PLUGINS / 'plugin_utils').glob('*.py'))
    assert controller_files
    for path in controller_files:
        via = reachable(graph, path.stem, first_imports=module_level_imports(path))
        bad = sorted(set(via) & (heavy | {'requests', 'urllib3'}))
        assert not bad, '%s (run in Ansible\'s process) imports %s' % (
            path.relative_to(PLUGINS.parent), '; '.join(' -> '.join(via[module]) for module in bad))


def test_module_utils_has_no_import_cycle():
    graph = import_graph()
    state = {}

    def visit(name, stack):
        state[name] = 'open'
        for imported in sorted(graph[name] & set(graph)):
            if state.get(imported) == 'open':
                raise AssertionError('import cycle: %s' % ' -> '.join(stack[stack.index(imported):] + [imported]))
            if imported not in state:
                visit(imported, stack + [imported])
        state[name] = 'done'

    for name in graph:
        if name not in state:
            visit(name, [name])
