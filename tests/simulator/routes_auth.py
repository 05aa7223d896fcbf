# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``/auth``: server time and the current credential."""

from .auth import APPLICATIONS, CONSUMER_KEYS
from .errors import bad_request
from .timeutil import format_datetime

CREDENTIAL_CREATION = '2024-01-02T03:04:05+00:00'


def server_time(ctx):
    return int(ctx.store.now())


def current_credential(ctx):
    identity = ctx.identity
    if identity.method != 'signature':
        raise bad_request('This call is only available to application key and consumer key credentials')
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
    router.add('GET', '/auth/currentCredential', current_credential)
    router.add('GET', '/auth/details', details)
