# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/auth``: server time, consumer keys (requested, validated, read) and the current credential.

A consumer key is created as OVHcloud creates one: an unsigned ``POST /auth/credential`` with the
application key (``X-Ovh-Application``) and the access rules asked for answers the new key, state
``pendingValidation``, and a ``validationUrl``. The key works once validated at that URL (see
``validation_page``): with a browser at OVHcloud, with a ``POST`` here. Its rules are enforced on
every route (``auth.py``).
"""

import secrets
import urllib.parse

from .auth import APPLICATIONS, CONSUMER_KEYS
from .errors import ApiError, bad_request, conflict, not_found
from .messages import Response
from .timeutil import format_datetime

CREDENTIAL_CREATION = '2024-01-02T03:04:05+00:00'
# Where a consumer key is validated, at the root of the simulator (``/auth/`` at OVHcloud, too).
VALIDATION_PATHS = ('/auth', '/auth/')


def server_time(ctx):
    return int(ctx.store.now())


def current_credential(ctx):
    identity = ctx.identity
    if identity.method != 'signature':
        raise bad_request('This call is only available to application key and consumer key credentials')
    if identity.consumer_key in CONSUMER_KEYS:
        credential = CONSUMER_KEYS[identity.consumer_key]
        return {
            'allowedIPs': None,
            'applicationId': APPLICATIONS[identity.application_key]['applicationId'],
            'creation': CREDENTIAL_CREATION,
            'credentialId': credential['credentialId'],
            'expiration': None,
            'lastUse': format_datetime(ctx.store.now()),
            'ovhSupport': False,
            'rules': [dict(rule) for rule in credential['rules']],
            'status': 'validated',
        }
    credential = ctx.store.credentials[identity.consumer_key]
    return render_credential(credential)


def render_credential(credential):
    """An ``auth.ApiCredential`` of a created consumer key."""
    return {
        'allowedIPs': credential['allowedIPs'],
        'applicationId': APPLICATIONS[credential['applicationKey']]['applicationId'],
        'creation': format_datetime(credential['creation']),
        'credentialId': credential['credentialId'],
        'expiration': format_datetime(credential['expiration']) if credential['expiration'] is not None else None,
        'lastUse': format_datetime(credential['lastUse']) if credential['lastUse'] is not None else None,
        'ovhSupport': False,
        'rules': [dict(rule) for rule in credential['rules']],
        'status': credential['status'],
    }


def request_credential(ctx):
    """``POST /auth/credential``: a new consumer key with the rules asked for, pending validation."""
    application_key = ctx.request.headers.get('X-Ovh-Application')
    if application_key not in APPLICATIONS:
        raise ApiError(403, 'This application key is invalid', error_code='INVALID_KEY')
    rules = []
    for index, rule in enumerate(ctx.body['accessRules']):
        if 'method' not in rule or not str(rule.get('path', '')).startswith('/'):
            raise bad_request("The input provided isn't valid: accessRules[%d] needs a method and a path starting with /" % index)
        rules.append({'method': rule['method'], 'path': rule['path']})
    store = ctx.store
    consumer_key = secrets.token_hex(16)
    token = secrets.token_urlsafe(24)
    store.credentials[consumer_key] = {
        'credentialId': store.next_id('credential'),
        'applicationKey': application_key,
        'credentialToken': token,
        'rules': rules,
        'redirection': ctx.body.get('redirection'),
        'allowedIPs': ctx.body.get('allowedIPs'),
        'status': 'pendingValidation',
        'creation': store.now(),
        'expiration': None,
        'lastUse': None,
    }
    store.mark()
    return {'consumerKey': consumer_key, 'state': 'pendingValidation',
            'validationUrl': '%s/auth/?%s' % (ctx.root, urllib.parse.urlencode({'credentialToken': token}))}


def _by_token(store, token):
    for credential in store.credentials.values():
        if token and credential['credentialToken'] == token:
            return credential
    raise not_found('Unknown credentialToken: ask for a consumer key with POST /1.0/auth/credential first')


def validation_page(app, request):
    """The ``validationUrl`` of a consumer key request (``/auth/?credentialToken=...``).

    ``GET`` shows the request (rules, state); ``POST`` validates it, as the account holder does at
    OVHcloud, with an optional JSON body ``{"validity": SECONDS}`` (the key expires then; default:
    never) or ``{"refuse": true}``. The answer names the ``redirection`` given with the request.
    Not part of the API: not signed, not in the request log."""
    store = app.store
    with store.lock:
        try:
            credential = _by_token(store, request.query.get('credentialToken'))
            if request.method == 'GET':
                body = {'state': credential['status'], 'credentialId': credential['credentialId'],
                        'rules': [dict(rule) for rule in credential['rules']], 'redirection': credential['redirection'],
                        'validate': 'POST this URL (optional JSON body {"validity": seconds} or {"refuse": true})'}
                return Response(200, body)
            if request.method != 'POST':
                return Response(405, {'class': 'Client::MethodNotAllowed', 'message': 'Use GET or POST'})
            if credential['status'] != 'pendingValidation':
                raise conflict('This credential request is already %s' % credential['status'])
            choice = request.json if isinstance(request.json, dict) else {}
            validity = choice.get('validity')
            if validity is not None and (isinstance(validity, bool) or not isinstance(validity, int) or validity <= 0):
                raise bad_request('validity must be a positive number of seconds')
            if choice.get('refuse'):
                credential['status'] = 'refused'
            else:
                credential['status'] = 'validated'
                credential['expiration'] = store.now() + validity if validity else None
            store.mark()
            return Response(200, {'state': credential['status'], 'credentialId': credential['credentialId'],
                                  'redirection': credential['redirection']})
        except ApiError as error:
            return Response(error.status, error.body())
        finally:
            store.commit()


def details(ctx):
    identity = ctx.identity
    if identity.method == 'signature':
        return {
            'account': identity.nic, 'allowedRoutes': [dict(rule) for rule in identity.rules], 'description': None,
            'identities': ['urn:v1:eu:identity:account:%s' % identity.nic], 'method': 'account', 'roles': None, 'user': None,
        }
    return {
        'account': identity.nic, 'allowedRoutes': None, 'description': 'OAuth2 service account %s' % identity.client_id,
        'identities': ['urn:v1:eu:identity:credential:%s/oauth2-%s' % (identity.nic, identity.client_id)],
        'method': 'oauth2_client_credentials', 'roles': None, 'user': None,
    }


def register(router):
    router.add('GET', '/auth/time', server_time, auth=False, check_application_key=False)
    router.add('POST', '/auth/credential', request_credential, auth=False, body='auth.ApiCredentialRequestParams')
    router.add('GET', '/auth/currentCredential', current_credential)
    router.add('GET', '/auth/details', details)
