# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every API route the collection's code calls is served by the simulator.

The routes are read from the code itself (``plugins/``): each call whose path is a literal or an
``api_path('...')`` template - with the method of the call (``client.get``, ``post``, ``put``,
``delete``; GET for a reading helper such as ``_get_or_none``) - and every other string constant that
is an API path (a table of paths read with GET). Each route is then
sent to the simulator with placeholder values: an answer that the URL is unknown (404 ``Got an invalid
(or empty) URL``) or that the route is not simulated (501) fails the test; any other answer (the
placeholder object does not exist, a body is refused, ...) shows the route is served."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ansible_collections.ovhcloud.order.plugins.module_utils._client import NO_RETRY
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import OvhApiError

PLUGINS = Path(__file__).resolve().parents[3] / 'plugins'
VERBS = ('get', 'post', 'put', 'delete')
API_PATH = re.compile(r'^/(order|me|domain|auth|service|services)(/[A-Za-z0-9.{}-]+)*$')
PLACEHOLDER = 'probe'
# Paths that are not API routes: the OAuth2 token endpoint is beside the API (tests/unit/client test it).
OUTSIDE_THE_API = ('/auth/oauth2/token',)


def _template(node):
    """The path template of a call argument: a literal, or the literal of ``api_path('...', ...)``."""
    if isinstance(node, ast.Call) and getattr(node.func, 'id', getattr(node.func, 'attr', None)) == 'api_path' and node.args:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and API_PATH.match(node.value):
        return node.value
    return None


def routes_in_code() -> dict:
    """(method, template) → the places that call it."""
    found = {}
    for path in sorted(PLUGINS.rglob('*.py')):
        tree = ast.parse(path.read_text(encoding='utf-8'))
        in_calls = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args and getattr(node.func, 'id', getattr(node.func, 'attr', None)) != 'api_path':
                template = _template(node.args[0])
                if template is None:
                    continue
                in_calls.add(id(node.args[0]))
                if isinstance(node.args[0], ast.Call):
                    in_calls.add(id(node.args[0].args[0]))
                name = getattr(node.func, 'attr', getattr(node.func, 'id', ''))
                method = name.upper() if name in VERBS else 'GET'
                found.setdefault((method, template), []).append('%s:%d' % (path.relative_to(PLUGINS.parent), node.lineno))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in in_calls and _template(node) and node.value not in OUTSIDE_THE_API:
                found.setdefault(('GET', node.value), []).append('%s:%d' % (path.relative_to(PLUGINS.parent), node.lineno))
    return found


def test_every_route_the_code_calls_is_served(sim):
    routes = routes_in_code()
    # The scan sees the calls that matter (a broken scan would find nothing and pass).
    for expected in (('POST', '/order/cart/{}/checkout'), ('GET', '/order/cart/{}/checkout'), ('POST', '/me/order/{}/pay'),
                     ('PUT', '/domain/{}/serviceInfos'), ('GET', '/domain/{}/serviceInfos'), ('POST', '/order/cartServiceOption/domain/{}'),
                     ('GET', '/order/cartServiceOption/domain/{}'), ('GET', '/me/task/domain'), ('GET', '/me/task/domain/{}'),
                     ('POST', '/domain/configurationRule/check'), ('GET', '/domain/{}'), ('DELETE', '/order/cart/{}')):
        assert expected in routes, expected
    client = sim.api_client()
    client.retry = NO_RETRY
    unserved = []
    for (method, template), places in sorted(routes.items()):
        path = template.replace('{}', PLACEHOLDER)
        try:
            client.request(method, path, body={} if method in ('POST', 'PUT') else None, safe=False)
        except OvhApiError as exc:
            if exc.status == 501 or (exc.status == 404 and 'invalid (or empty) URL' in (exc.message or '')):
                unserved.append('%s %s (%s): HTTP %s %s' % (method, template, ', '.join(places), exc.status, exc.message))
    client.close()
    assert not unserved, 'routes the code calls that the simulator does not serve:\n' + '\n'.join(unserved)
    assert len(routes) >= 40
