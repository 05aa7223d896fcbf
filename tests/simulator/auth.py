# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication: application key + consumer key signatures, and OAuth2 client-credentials tokens.

A signed request carries ``X-Ovh-Application``, ``X-Ovh-Consumer``, ``X-Ovh-Timestamp`` and
``X-Ovh-Signature = "$1$" + sha1_hex(AS + "+" + CK + "+" + METHOD + "+" + URL + "+" + BODY + "+" + TIMESTAMP)``
where URL is the absolute URL exactly as the client sent it (scheme, ``Host`` header, raw path and
query) and BODY the raw request body. An OAuth2 request carries ``Authorization: Bearer <token>``.

Checks, in order: application key (403 ``INVALID_KEY``), consumer key (403 ``NOT_CREDENTIAL``),
timestamp within 300 s of the server clock (400 ``QUERY_TIME_OUT``), signature (400
``INVALID_SIGNATURE``), the consumer key's state (403 ``INVALID_CREDENTIAL`` unless validated and not
expired), access rules of the consumer key (403 ``NOT_GRANTED_CALL``).

Consumer keys are the two built-in ones (``CONSUMER_KEYS``) and those created with
``POST /auth/credential`` (kept in the state, see ``routes_auth.py``).
"""

import base64
import hashlib
import hmac
import re
import secrets
import urllib.parse

from .errors import ApiError
from .state import NIC

APPLICATIONS = {
    'sim-application-key': {'secret': 'sim-application-secret', 'applicationId': 4242},
}
ALL_METHODS = ('GET', 'POST', 'PUT', 'DELETE')
CONSUMER_KEYS = {
    'sim-consumer-key': {
        'applicationKey': 'sim-application-key',
        'credentialId': 424201,
        'rules': [{'method': method, 'path': '/*'} for method in ALL_METHODS],
    },
    'sim-readonly-consumer-key': {
        'applicationKey': 'sim-application-key',
        'credentialId': 424202,
        'rules': [{'method': 'GET', 'path': '/*'}],
    },
}
OAUTH2_CLIENTS = {
    'sim-client-id': {'secret': 'sim-client-secret'},
}
MAX_CLOCK_SKEW = 300
_SIGNATURE_RE = re.compile(r'^\$1\$[0-9a-f]{40}$')


class Identity:
    """Who made an authenticated request."""

    def __init__(self, method, application_key=None, consumer_key=None, client_id=None, rules=None):
        self.nic = NIC
        self.method = method  # 'signature' or 'oauth2'
        self.application_key = application_key
        self.consumer_key = consumer_key
        self.client_id = client_id
        self.rules = rules


def compute_signature(application_secret, consumer_key, method, url, body, timestamp):
    text = '+'.join([application_secret, consumer_key, method.upper(), url, body, str(timestamp)])
    return '$1$' + hashlib.sha1(text.encode('utf-8')).hexdigest()


def _auth_error(status, code, message):
    return ApiError(status, message, error_code=code)


def login_first():
    return ApiError(401, 'You must login first', 'Client::Unauthorized')


# Routes about the credential itself: every consumer key may call them whatever its rules, and a key
# still pending validation may read itself (a choice: OVHcloud does not document either).
SELF_ROUTES = (('GET', '/auth/currentCredential'), ('GET', '/auth/details'))


def rule_allows(rules, method, path):
    """Whether consumer-key access rules (``*`` is a wildcard) allow ``method path``."""
    for rule in rules:
        if rule['method'] != method:
            continue
        pattern = '^' + re.escape(rule['path']).replace('\\*', '.*') + '$'
        if re.match(pattern, path):
            return True
    return False


class Authenticator:
    """Checks the credentials of API requests and issues OAuth2 tokens."""

    def __init__(self, store, token_ttl=3600):
        self.store = store
        self.token_ttl = int(token_ttl)

    @staticmethod
    def presents_credentials(request):
        headers = request.headers
        return bool(headers.get('X-Ovh-Consumer') or headers.get('X-Ovh-Signature') or headers.get('Authorization'))

    def authenticate(self, request, need_auth, check_application_key=True):
        """The caller's ``Identity``, ``None`` for an anonymous call to a public route, or raise ``ApiError``.

        Public routes (``noAuthentication`` in the schema) accept anonymous calls, but credentials
        sent to them are checked all the same; ``check_application_key=False`` (``GET /auth/time``)
        skips the check of a lone ``X-Ovh-Application``.
        """
        headers = request.headers
        authorization = headers.get('Authorization') or ''
        if authorization:
            return self._bearer(authorization, request)
        application_key = headers.get('X-Ovh-Application')
        consumer_key = headers.get('X-Ovh-Consumer')
        if not consumer_key and not headers.get('X-Ovh-Signature') and not need_auth and not check_application_key:
            return None
        if application_key is not None and application_key not in APPLICATIONS:
            raise _auth_error(403, 'INVALID_KEY', 'This application key is invalid')
        if not consumer_key:
            if headers.get('X-Ovh-Signature'):
                raise _auth_error(400, 'INVALID_SIGNATURE', 'Invalid signature')
            if need_auth:
                raise login_first()
            return None
        if application_key is None:
            raise _auth_error(403, 'INVALID_KEY', 'This application key is invalid')
        credential = self.credential(consumer_key)
        if credential is None or credential['applicationKey'] != application_key:
            raise _auth_error(403, 'NOT_CREDENTIAL', 'This credential does not exist')
        timestamp = headers.get('X-Ovh-Timestamp') or ''
        signature = headers.get('X-Ovh-Signature') or ''
        if not re.match(r'^\d+$', timestamp) or not _SIGNATURE_RE.match(signature):
            raise _auth_error(400, 'INVALID_SIGNATURE', 'Invalid signature')
        if abs(self.store.now() - int(timestamp)) > MAX_CLOCK_SKEW:
            raise _auth_error(400, 'QUERY_TIME_OUT', 'Query out of time')
        expected = compute_signature(APPLICATIONS[application_key]['secret'], consumer_key, request.method,
                                     request.full_url, request.body_text, timestamp)
        if not hmac.compare_digest(expected, signature):
            raise _auth_error(400, 'INVALID_SIGNATURE', 'Invalid signature')
        request.credential_id = credential['credentialId']
        self_route = (request.method, request.path) in SELF_ROUTES
        if not self.usable(credential, pending_allowed=self_route):
            raise _auth_error(403, 'INVALID_CREDENTIAL', 'This credential is not valid')
        if not self_route and not rule_allows(credential['rules'], request.method, request.path):
            raise _auth_error(403, 'NOT_GRANTED_CALL', 'This call has not been granted')
        if consumer_key in self.store.credentials:
            credential['lastUse'] = self.store.now()  # saved with the next change, not on every read
        return Identity('signature', application_key=application_key, consumer_key=consumer_key, rules=credential['rules'])

    def credential(self, consumer_key):
        """The credential of a consumer key (built-in or created), or ``None``."""
        if consumer_key in CONSUMER_KEYS:
            return dict(CONSUMER_KEYS[consumer_key], status='validated', expiration=None)
        return self.store.credentials.get(consumer_key)

    def usable(self, credential, pending_allowed=False):
        """Whether a credential may call the API now: validated and not expired."""
        if credential.get('expiration') is not None and credential['expiration'] <= self.store.now():
            return False
        return credential['status'] == 'validated' or (pending_allowed and credential['status'] == 'pendingValidation')

    def _bearer(self, authorization, request):
        scheme, dummy, token = authorization.partition(' ')
        if scheme.lower() != 'bearer' or not token.strip():
            raise login_first()
        record = self.store.tokens.get(token.strip())
        if record is None:
            raise ApiError(401, 'Invalid access token', 'Client::Unauthorized')
        if record['expires'] <= self.store.now():
            raise ApiError(401, 'The access token has expired', 'Client::Unauthorized')
        rules = [{'method': method, 'path': '/*'} for method in ALL_METHODS]
        if not rule_allows(rules, request.method, request.path):
            raise ApiError(403, 'User not granted for this request', 'Client::Forbidden')
        return Identity('oauth2', client_id=record['clientId'], rules=rules)

    # -- OAuth2 token endpoint -------------------------------------------------------------------
    def issue_token(self, request):
        """``POST /auth/oauth2/token``: returns ``(status, body)``."""
        form = {}
        if request.body_text:
            form = {key: values[0] for key, values in urllib.parse.parse_qs(request.body_text, keep_blank_values=True).items()}
        client_id, client_secret = form.get('client_id'), form.get('client_secret')
        authorization = request.headers.get('Authorization') or ''
        if authorization.lower().startswith('basic '):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode('utf-8')
            except (ValueError, UnicodeDecodeError):
                decoded = ''
            user, dummy, password = decoded.partition(':')
            client_id = urllib.parse.unquote_plus(user)
            client_secret = urllib.parse.unquote_plus(password)
        if form.get('grant_type') != 'client_credentials':
            return 400, {'error': 'unsupported_grant_type',
                         'error_description': 'Only the client_credentials grant type is supported'}
        client = OAUTH2_CLIENTS.get(client_id or '')
        if client is None or not hmac.compare_digest(client['secret'].encode('utf-8'), (client_secret or '').encode('utf-8')):
            return 401, {'error': 'invalid_client', 'error_description': 'ovhcloud oauth2 client does not exists'}
        token = 'sim-at-' + secrets.token_urlsafe(24)
        with self.store.lock:
            now = self.store.now()
            for key in [key for key, value in self.store.tokens.items() if value['expires'] <= now]:
                del self.store.tokens[key]
            self.store.tokens[token] = {'clientId': client_id, 'expires': now + self.token_ttl}
            self.store.mark()
            self.store.commit()
        return 200, {'access_token': token, 'token_type': 'Bearer', 'expires_in': self.token_ttl, 'scope': 'all'}
