# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Error answers in both OVH shapes (and others) become the right exception, with the query id."""

from __future__ import annotations

import json

import pytest

from ansible_collections.ovhcloud.order.plugins.module_utils._client import RetryPolicy
from ansible_collections.ovhcloud.order.plugins.module_utils._errors import (
    OvhApiError,
    OvhAuthError,
    OvhBadRequestError,
    OvhConflictError,
    OvhError,
    OvhInvalidResponseError,
    OvhNotFoundError,
    OvhRateLimitError,
    OvhServerError,
    api_error_from_response,
    parse_error_body,
)

QUERY_ID = 'EU.ext-3.63ac85b6.10528.27b4f1fc-7be3-4da2-bdd0-ce044c421e61'
DOMDOC = {
    'class': 'Client::BadRequest::DOMDOCRuleNotRespected',
    'message': '7 constraints of rules are not respected',
    'details': {'_date': '2026-01-01', '_id': 'abc', '_message': 'Input data does not respect the rule', 'owner.city': 'Field "city" is required'},
}

ERROR_CASES = [
    # status, body, expected class, error_class, error_code, message
    (400, DOMDOC, OvhBadRequestError, 'Client::BadRequest::DOMDOCRuleNotRespected', None, '7 constraints of rules are not respected'),
    (400, {'errorCode': 'INVALID_SIGNATURE', 'httpCode': '400 Bad Request', 'message': 'Invalid signature'},
     OvhAuthError, None, 'INVALID_SIGNATURE', 'Invalid signature'),
    (400, {'class': 'Client::BadRequest', 'message': 'Invalid signature'}, OvhAuthError, 'Client::BadRequest', None, 'Invalid signature'),
    (400, {'class': 'Client::BadRequest', 'message': "The input provided isn't valid: 'duration' is a required property"},
     OvhBadRequestError, 'Client::BadRequest', None, "The input provided isn't valid: 'duration' is a required property"),
    (401, {'class': 'Client::Unauthorized', 'message': 'You must login first'}, OvhAuthError, 'Client::Unauthorized', None, 'You must login first'),
    (403, {'errorCode': 'INVALID_CREDENTIAL', 'httpCode': '403 Forbidden', 'message': 'This credential is not valid'},
     OvhAuthError, None, 'INVALID_CREDENTIAL', 'This credential is not valid'),
    (403, {'errorCode': 'NOT_CREDENTIAL', 'httpCode': '403 Forbidden', 'message': 'This credential does not exist'},
     OvhAuthError, None, 'NOT_CREDENTIAL', 'This credential does not exist'),
    (403, {'errorCode': 'NOT_GRANTED_CALL', 'httpCode': '403 Forbidden', 'message': 'This call has not been granted'},
     OvhAuthError, None, 'NOT_GRANTED_CALL', 'This call has not been granted'),
    (403, {'errorCode': 'INVALID_KEY', 'httpCode': '403 Forbidden', 'message': 'Invalid application key'},
     OvhAuthError, None, 'INVALID_KEY', 'Invalid application key'),
    (400, {'errorCode': 'INVALID_KEY', 'httpCode': '400 Bad Request', 'message': 'Invalid application key'},
     OvhAuthError, None, 'INVALID_KEY', 'Invalid application key'),
    (403, {'class': 'Client::Forbidden', 'message': 'User not granted for this request',
           'details': {'unauthorizedActionsByIAM': ['account:apiovh:order/cart/checkout/create']}},
     OvhAuthError, 'Client::Forbidden', None, 'User not granted for this request'),
    (404, {'class': 'Client::NotFound', 'message': 'The requested object (cartId = abc) does not exist'},
     OvhNotFoundError, 'Client::NotFound', None, 'The requested object (cartId = abc) does not exist'),
    (409, {'class': 'CartAlreadyExists', 'message': 'the cart id "foobar" already exists'},
     OvhConflictError, 'CartAlreadyExists', None, 'the cart id "foobar" already exists'),
    (429, {'class': 'Client::TooManyRequests', 'message': 'Slow down'}, OvhRateLimitError, 'Client::TooManyRequests', None, 'Slow down'),
    (500, {'class': 'Server::InternalServerError', 'message': 'Internal server error'},
     OvhServerError, 'Server::InternalServerError', None, 'Internal server error'),
    (503, '<html><body><h1>503 Service   Unavailable</h1>\n</body></html>', OvhServerError, None, None,
     '<html><body><h1>503 Service Unavailable</h1> </body></html>'),
    (502, '', OvhServerError, None, None, 'Bad Gateway'),
    (460, {'class': 'Client::Gone', 'message': 'requested resource expired'}, OvhApiError, 'Client::Gone', None, 'requested resource expired'),
    (418, '"just a string"', OvhApiError, None, None, 'just a string'),
]


@pytest.mark.parametrize('status,body,cls,error_class,error_code,message', ERROR_CASES)
def test_error_answers_become_the_right_exception(make_client, api_server, status, body, cls, error_class, error_code, message):
    raw = body.encode() if isinstance(body, str) else None
    api_server.script('GET', '/1.0/me', api_server.Reply(status, body, {'X-Ovh-Queryid': QUERY_ID}, raw=raw))
    client = make_client(retry=RetryPolicy(max_attempts=1))
    with pytest.raises(cls) as caught:
        client.get('/me', query={'x': 'y'})
    error = caught.value
    assert error.__class__ is cls
    assert isinstance(error, OvhApiError) and isinstance(error, OvhError)
    assert (error.method, error.path, error.status) == ('GET', '/me?x=y', status)
    assert (error.error_class, error.error_code, error.message, error.query_id) == (error_class, error_code, message, QUERY_ID)
    if isinstance(body, dict):
        assert error.details == body.get('details')
    assert str(error).startswith('GET /me?x=y failed: HTTP %d' % status)
    assert str(error).endswith('(X-Ovh-Queryid: %s)' % QUERY_ID)
    assert error.to_dict()['http_status'] == status


def test_str_reads_like_the_contract():
    error = api_error_from_response('POST', '/order/cart/abc/checkout', 400,
                                    '{"class":"Client::BadRequest","message":"Missing configuration OWNER_CONTACT"}',
                                    query_id='EU.ext-1.2.3')
    assert str(error) == 'POST /order/cart/abc/checkout failed: HTTP 400 Client::BadRequest: Missing configuration OWNER_CONTACT (X-Ovh-Queryid: EU.ext-1.2.3)'
    assert repr(error) == 'OvhBadRequestError(%r)' % str(error)


def test_details_are_summarised_without_bookkeeping_keys():
    error = api_error_from_response('POST', '/domain/configurationRule/check', 400, json.dumps(DOMDOC))
    assert str(error) == ('POST /domain/configurationRule/check failed: HTTP 400 Client::BadRequest::DOMDOCRuleNotRespected: '
                          '7 constraints of rules are not respected [owner.city: Field "city" is required]')
    assert error.details == DOMDOC['details']
    long_details = {'k%d' % i: 'v' * 50 for i in range(40)}
    error = api_error_from_response('GET', '/x', 403, json.dumps({'class': 'Client::Forbidden', 'message': 'no', 'details': long_details}))
    assert len(str(error)) < 800 and str(error).endswith('...]')


def test_parse_error_body_shapes():
    assert parse_error_body('{"errorCode":"INVALID_SIGNATURE","httpCode":"400 Bad Request","message":"Invalid signature"}') == {
        'error_class': None, 'error_code': 'INVALID_SIGNATURE', 'message': 'Invalid signature', 'details': None}
    assert parse_error_body('{"error":"invalid_client","error_description":"ovhcloud oauth2 client does not exists"}') == {
        'error_class': None, 'error_code': 'invalid_client', 'message': 'ovhcloud oauth2 client does not exists', 'details': None}
    assert parse_error_body('')['message'] == ''
    assert parse_error_body('not json {')['message'] == 'not json {'
    assert parse_error_body('[1, 2]')['message'] == '[1, 2]'
    assert parse_error_body('x' * 1000)['message'].endswith('...')
    assert len(parse_error_body('x' * 1000)['message']) == 300


def test_invalid_json_on_success_is_an_api_error(make_client, api_server):
    api_server.script('GET', '/1.0/me', api_server.Reply(200, raw=b'<html>oops</html>', headers={'Content-Type': 'text/html', 'X-Ovh-Queryid': 'q1'}))
    client = make_client()
    with pytest.raises(OvhInvalidResponseError) as caught:
        client.get('/me')
    assert isinstance(caught.value, OvhApiError)
    assert caught.value.status == 200 and caught.value.query_id == 'q1'
    assert str(caught.value) == 'GET /me failed: HTTP 200: the answer is not valid JSON (Content-Type: text/html) (X-Ovh-Queryid: q1)'
    assert len(api_server.api_requests()) == 1  # not retried


def test_void_and_null_answers(make_client, api_server):
    api_server.script('POST', '/1.0/order/cart/abc/assign', api_server.Reply(200, None))
    api_server.script('DELETE', '/1.0/order/cart/abc', api_server.Reply(204))
    api_server.script('PUT', '/1.0/order/cart/abc', api_server.Reply(200, raw=b''))
    api_server.script('GET', '/1.0/order/cart/abc', api_server.Reply(200, {'cartId': 'abc', 'name': '\u00e9t\u00e9'}))
    client = make_client()
    assert client.post('/order/cart/abc/assign', safe=True) is None
    assert client.delete('/order/cart/abc') is None
    assert client.put('/order/cart/abc', body={'description': 'x'}) is None
    assert client.get('/order/cart/abc') == {'cartId': 'abc', 'name': '\u00e9t\u00e9'}


def test_redirects_are_not_followed(make_client, api_server):
    api_server.script('GET', '/1.0/me', api_server.Reply(302, raw=b'', headers={'Location': 'https://elsewhere.test/me'}))
    client = make_client()
    with pytest.raises(OvhApiError) as caught:
        client.get('/me')
    assert caught.value.status == 302 and 'unexpected redirection to https://elsewhere.test/me' in str(caught.value)
    assert len(api_server.received) == 2  # /auth/time and the call; nothing sent elsewhere
