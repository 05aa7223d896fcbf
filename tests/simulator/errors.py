# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The errors the simulator answers with, in the two shapes the OVHcloud API uses.

* application errors: ``{"class": "Client::NotFound", "message": "...", "details": {...}}``;
* authentication-layer errors: ``{"errorCode": "INVALID_SIGNATURE", "httpCode": "400 Bad Request",
  "message": "Invalid signature"}``.
"""

REASONS = {
    0: 'No Answer',
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    429: 'Too Many Requests',
    460: 'Resource Expired',
    500: 'Internal Server Error',
    501: 'Not Implemented',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
}

# Default ``class`` and ``message`` for an HTTP status, used for injected faults.
DEFAULT_ERRORS = {
    400: ('Client::BadRequest', 'Bad request'),
    401: ('Client::Unauthorized', 'You must login first'),
    403: ('Client::Forbidden', 'You are not allowed'),
    404: ('Client::NotFound', 'Got an invalid (or empty) URL'),
    409: ('Client::Conflict', 'Conflict'),
    429: ('Client::TooManyRequests', 'Too many requests, please retry later'),
    460: ('Client::Gone', 'The requested resource expired'),
    500: ('Server::InternalServerError', 'Internal server error'),
    502: ('Server::BadGateway', 'Bad gateway'),
    503: ('Server::ServiceUnavailable', 'Service is temporarily unavailable'),
    504: ('Server::GatewayTimeout', 'Gateway timeout'),
}


def http_code(status):
    """The ``httpCode`` string of the auth-layer error shape, e.g. ``"400 Bad Request"``."""
    return '%d %s' % (status, REASONS.get(status, 'Error'))


def default_error_body(status):
    """An OVH-shaped error body for an HTTP status (used when no better one is known)."""
    if status < 500:
        error_class, message = DEFAULT_ERRORS.get(status, ('Client::Error', 'Client error'))
    else:
        error_class, message = DEFAULT_ERRORS.get(status, ('Server::Error', 'Server error'))
    return {'class': error_class, 'message': message}


class ApiError(Exception):
    """An error answered to the client; ``body()`` gives the JSON body."""

    def __init__(self, status, message, error_class=None, details=None, error_code=None, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_class = error_class
        self.details = details
        self.error_code = error_code
        self.headers = headers or {}

    def body(self):
        if self.error_code:
            return {'errorCode': self.error_code, 'httpCode': http_code(self.status), 'message': self.message}
        body = {'class': self.error_class or default_error_body(self.status)['class'], 'message': self.message}
        if self.details:
            body['details'] = self.details
        return body


def bad_request(message, details=None, error_class='Client::BadRequest'):
    return ApiError(400, message, error_class, details)


def not_found(message='Got an invalid (or empty) URL'):
    return ApiError(404, message, 'Client::NotFound')


def object_not_found(name, value):
    """The classic OVH message for an unknown path parameter."""
    return not_found('The requested object (%s = %s) does not exist' % (name, value))


def forbidden(message='You are not allowed'):
    return ApiError(403, message, 'Client::Forbidden')


def conflict(message):
    return ApiError(409, message, 'Client::Conflict')
