# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Route table of the simulated API: path templates, authentication, body models, query parameters."""

import re
import urllib.parse

from .errors import ApiError, bad_request, not_found

# Path parameters whose schema type is ``long``.
LONG_PARAMETERS = ('itemId', 'configurationId', 'orderId', 'orderDetailId', 'contactId', 'paymentMethodId')

# Routes of OVHcloud's schema (order, me, domain, auth) that the simulator does not implement: they
# answer 501 instead of the 404 of an unknown URL, so that a client calling them learns why.
UNIMPLEMENTED = (
    ('GET', '/order/cart/{cartId}/coupon'), ('POST', '/order/cart/{cartId}/coupon'), ('DELETE', '/order/cart/{cartId}/coupon'),
    ('GET', '/order/cart/{cartId}/dns'), ('POST', '/order/cart/{cartId}/dns'),
    ('GET', '/order/cart/{cartId}/domain/options'), ('POST', '/order/cart/{cartId}/domain/options'),
    ('PUT', '/me'), ('PUT', '/me/payment/method/{paymentMethodId}'), ('DELETE', '/me/payment/method/{paymentMethodId}'),
    ('POST', '/me/payment/method'),
    ('GET', '/me/order/{orderId}/associatedObject'), ('GET', '/me/order/{orderId}/balance'),
    ('POST', '/me/order/{orderId}/balance'), ('GET', '/me/order/{orderId}/balance/{balanceName}'),
    ('DELETE', '/me/order/{orderId}/balance/{balanceName}'), ('GET', '/me/order/{orderId}/consumption/details'),
    ('GET', '/me/order/{orderId}/debt'), ('GET', '/me/order/{orderId}/debt/operation'),
    ('GET', '/me/order/{orderId}/debt/operation/{operationId}'),
    ('GET', '/me/order/{orderId}/debt/operation/{operationId}/associatedObject'), ('POST', '/me/order/{orderId}/debt/pay'),
    ('GET', '/me/order/{orderId}/followUp'), ('GET', '/me/order/{orderId}/payment'),
    ('GET', '/me/order/{orderId}/paymentMeans'), ('GET', '/me/order/{orderId}/paymentMethods'),
    ('POST', '/me/order/{orderId}/retraction'), ('POST', '/me/order/{orderId}/waiveRetraction'),
    ('POST', '/me/task/domain/{id}/accelerate'),
    ('GET', '/me/task/domain/{id}/argument'), ('GET', '/me/task/domain/{id}/argument/{key}'),
    ('PUT', '/me/task/domain/{id}/argument/{key}'), ('POST', '/me/task/domain/{id}/cancel'),
    ('GET', '/me/task/domain/{id}/progressbar'), ('POST', '/me/task/domain/{id}/relaunch'),
    ('PUT', '/domain/{serviceName}'), ('GET', '/domain/{serviceName}/nameServer'), ('POST', '/domain/{serviceName}/nameServer'),
    ('POST', '/domain/{serviceName}/nameServers/update'), ('POST', '/domain/{serviceName}/task/{id}/accelerate'),
    ('POST', '/domain/{serviceName}/task/{id}/cancel'), ('POST', '/domain/{serviceName}/task/{id}/relaunch'),
    ('POST', '/auth/logout'),
)


def _compile(template):
    names = re.findall(r'{(\w+)}', template)
    pattern = '^' + re.sub(r'\\{(\w+)\\}', '([^/]+)', re.escape(template)) + '$'
    return re.compile(pattern), names


class Route:
    """One operation: ``handler(ctx)`` returns the decoded JSON answer (``None`` for void)."""

    def __init__(self, method, template, handler, auth=True, body=None, body_optional=False, query=None,
                 check_application_key=True):
        self.method = method
        self.template = template
        self.handler = handler
        self.auth = auth
        self.body = body
        self.body_optional = body_optional
        self.query = query or {}
        self.check_application_key = check_application_key
        self.regex, self.names = _compile(template)

    def parameters(self, match):
        values = {}
        for name, raw in zip(self.names, match.groups()):
            value = urllib.parse.unquote(raw)
            if name in LONG_PARAMETERS:
                if not re.match(r'^\d+$', value):
                    raise bad_request('Invalid value for path parameter %s: %s is not a long' % (name, value))
                value = int(value)
            values[name] = value
        return values


class Router:
    def __init__(self):
        self.routes = []
        self.unimplemented = [(method, _compile(template)[0], template) for method, template in UNIMPLEMENTED]

    def add(self, method, template, handler, **options):
        self.routes.append(Route(method, template, handler, **options))

    def match(self, method, path):
        """``(route, path parameters)`` for a request, or raise 404 (unknown) / 501 (not simulated)."""
        for route in self.routes:
            match = route.regex.match(path)
            if match and route.method == method:
                return route, route.parameters(match)
        for route_method, regex, template in self.unimplemented:
            if route_method == method and regex.match(path):
                raise ApiError(501, 'The OVH API simulator does not implement %s %s' % (method, template), 'Server::NotImplemented')
        raise not_found('Got an invalid (or empty) URL')
