# Copyright (c) 2026, ovhcloud.order contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Request body validation against a small embedded copy of the OVHcloud request models.

Only the models that the simulated routes accept as a body are described here (transcribed from
OVHcloud's published schema, mid-2024). A body is rejected with 400 ``Client::BadRequest`` when it
holds an unknown field, a value of the wrong type, a null where the model forbids it, or lacks a
required field. Read-only fields (``id`` of a contact, ...) are accepted and ignored.
"""

import collections
import re

from .errors import bad_request
from .timeutil import is_date, is_duration, parse_datetime

Field = collections.namedtuple('Field', 'type nullable required read_only')


def F(type_name, nullable=False, required=False, read_only=False):
    return Field(type_name, nullable, required, read_only)


def N(type_name):
    """A nullable, optional field."""
    return Field(type_name, True, False, False)


ENUMS = {
    'nichandle.OvhSubsidiaryEnum': 'CZ DE ES EU FI FR GB IE IT LT MA NL PL PT SN TN',
    'nichandle.CountryEnum': (
        'AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ '
        'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DG DJ DK DM DO DZ EA EC EE EG EH ER ES ET FI FJ FK '
        'FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN HR HT HU IC ID IE IL IM IN IO IQ IR IS '
        'IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM '
        'MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS '
        'PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ '
        'TK TL TM TN TO TR TT TV TW TZ UA UG UM UNKNOWN US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'),
    'nichandle.LanguageEnum': (
        'cs_CZ de_DE en_AU en_CA en_GB en_IE en_US es_ES fi_FI fr_CA fr_FR fr_MA fr_SN fr_TN it_IT lt_LT nl_NL pl_PL pt_PT'),
    'nichandle.LegalFormEnum': 'administration association corporation individual other personalcorporation',
    'nichandle.GenderEnum': 'female male',
    'nichandle.PhoneTypeEnum': 'landline mobile',
    'nichandle.OvhCompanyEnum': 'kimsufi ovh soyoustart',
    'nichandle.StateEnum': 'complete incomplete',
    'billing.ReusablePaymentMeanEnum': (
        'CREDIT_CARD CURRENT_ACCOUNT DEFERRED_PAYMENT_ACCOUNT DOMESTIC_CARD ENTERPRISE INTERNAL_TRUSTED_ACCOUNT PAYPAL RUPAY '
        'SEPA_DIRECT_DEBIT bankAccount creditCard deferredPaymentAccount fidelityAccount ovhAccount paypal'),
    'me.payment.method.StatusEnum': (
        'CANCELED CANCELING CREATED CREATING ERROR EXPIRED FAILED MAINTENANCE PAUSED REJECTED REPLACED VALID VALIDATING'),
    'domain.ActionEnum': 'create trade transfer update',
    'domain.IsForEnum': (
        'campaign_website educational_website emails information_website other_purpose redirect_page transactional_website'),
    'billing.order.OrderStatusEnum': 'cancelled cancelling checking delivered delivering documentsRequested notPaid unknown',
    'auth.HTTPMethodEnum': 'DELETE GET POST PUT',
    'domain.nameServer.NameServerTypeEnum': 'anycast dedicated empty external hold hosted hosting mixed parking',
}
ENUMS = {name: tuple(values.split()) for name, values in ENUMS.items()}

_ADDRESS_FIELDS = ('city', 'country', 'line1', 'line2', 'line3', 'otherDetails', 'province', 'zip')

MODELS = {
    'order.cart.Creation': {
        'description': F('string'),
        'expire': F('datetime'),
        'ovhSubsidiary': F('nichandle.OvhSubsidiaryEnum', required=True),
    },
    'order.cart.Update': {
        'description': F('string'),
        'expire': F('datetime'),
    },
    'order.cart.GenericDomainCreation': {
        'domain': F('string', required=True),
        'duration': N('duration'),
        'offerId': N('string'),
        'planCode': N('string'),
        'pricingMode': N('string'),
        'quantity': N('long'),
    },
    'order.cart.ItemUpdate': {
        'duration': F('duration'),
        'quantity': F('long'),
    },
    'order.cart.ItemConfigurationCreation': {
        'label': F('string', required=True),
        'value': F('text', required=True),
    },
    'order.cart.Checkout': {
        'autoPayWithPreferredPaymentMethod': F('boolean'),
        'waiveRetractationPeriod': F('boolean'),
    },
    # POST /me/order/{orderId}/pay: an old-style body whose only key is a parameter.
    'me.order.PayBody': {
        'paymentMethod': F('billing.order.PayWithPaymentMethod', required=True),
    },
    'billing.order.PayWithPaymentMethod': {
        'id': F('long'),
    },
    # POST /me/order/{orderId}/payWithRegisteredPaymentMean
    'me.order.PayWithRegisteredPaymentMeanBody': {
        'paymentMean': F('billing.ReusablePaymentMeanEnum', required=True),
        'paymentMeanId': N('long'),
    },
    'me.contact.Contact': {
        'address': F('me.contact.Address'),
        'birthCity': N('string'),
        'birthCountry': N('nichandle.CountryEnum'),
        'birthDay': N('date'),
        'birthZip': N('string'),
        'cellPhone': N('phoneNumber'),
        'companyNationalIdentificationNumber': N('string'),
        'email': F('string'),
        'fax': N('phoneNumber'),
        'firstName': F('string'),
        'gender': N('nichandle.GenderEnum'),
        'id': F('long', read_only=True),
        'language': F('nichandle.LanguageEnum'),
        'lastName': F('string'),
        'legalForm': F('nichandle.LegalFormEnum'),
        'nationalIdentificationNumber': N('string'),
        'nationality': N('nichandle.CountryEnum'),
        'organisationName': N('string'),
        'organisationType': N('string'),
        'phone': N('phoneNumber'),
        'spareEmail': N('string'),
        'vat': N('string'),
    },
    'me.contact.Address': {
        'city': F('string'),
        'country': F('nichandle.CountryEnum'),
        'line1': F('string'),
        'line2': N('string'),
        'line3': N('string'),
        'otherDetails': N('string'),
        'province': N('string'),
        'zip': N('string'),
    },
    'domain.Contact': dict(
        [(name, N('string')) for name in (
            'accreditationId', 'accreditationOrganism', 'birthCity', 'birthZip', 'companyNationalIdentificationNumber',
            'email', 'enterpriseId', 'fax', 'firstName', 'insee', 'lastName', 'legalFormCategory',
            'nationalIdentificationNumber', 'organisationAccountable', 'organisationFunding', 'organisationFundingOther',
            'organisationName', 'organisationRole', 'organisationRoleOther', 'organisationStaffStatus',
            'organisationStaffStatusOther', 'organisationType', 'organisationTypeOther', 'registrantDocumentType',
            'registrantDocumentTypeOther', 'roleInOrganisation', 'trademarkId', 'vat', 'website')]
        + [(name, N('nichandle.CountryEnum')) for name in ('accreditationCountry', 'birthCountry', 'nationality')]
        + [
            ('accreditationYear', N('long')),
            ('address', N('domain.ContactAddress')),
            ('birthDay', N('date')),
            ('cellPhone', N('phoneNumber')),
            ('gender', N('nichandle.GenderEnum')),
            ('id', F('long', read_only=True)),
            ('language', N('nichandle.LanguageEnum')),
            ('legalForm', N('nichandle.LegalFormEnum')),
            ('phone', N('phoneNumber')),
        ]
    ),
    'domain.ContactAddress': dict(
        [(name, N('string')) for name in _ADDRESS_FIELDS if name != 'country'] + [('country', N('nichandle.CountryEnum'))]
    ),
    'domain.configuration.rules.RuleData': {
        'adminAccount': N('nichandle.Nichandle'),
        'domain': N('domain.Data'),
        'extras': N('domain.configuration.rules.RuleExtraData'),
        'owner': N('domain.Contact'),
        'techAccount': N('nichandle.Nichandle'),
    },
    'domain.Data': {
        'audience': N('string'),
        'authInfo': N('password'),
        'isFor': N('domain.IsForEnum[]'),
        'otherPurpose': N('string'),
        'reason': N('string'),
        'represent': N('string'),
    },
    'domain.configuration.rules.RuleExtraData': {
        'acceptCondition': N('boolean'),
        'authInfo': N('password'),
    },
    'nichandle.Nichandle': dict(
        [(name, N('string')) for name in (
            'address', 'area', 'birthCity', 'birthDay', 'city', 'companyNationalIdentificationNumber', 'complementaryAddress',
            'corporationType', 'fax', 'firstname', 'italianSDI', 'name', 'nationalIdentificationNumber', 'organisation',
            'phone', 'purposeOfPurchase', 'spareEmail', 'vat', 'zip')]
        + [
            ('country', F('nichandle.CountryEnum')),
            ('currency', F('nichandle.Currency', read_only=True)),
            ('customerCode', Field('string', True, False, True)),
            ('email', F('string', read_only=True)),
            ('kycValidated', Field('boolean', True, False, True)),
            ('language', N('nichandle.LanguageEnum')),
            ('legalform', F('nichandle.LegalFormEnum')),
            ('nichandle', F('string', read_only=True)),
            ('ovhCompany', F('nichandle.OvhCompanyEnum', read_only=True)),
            ('ovhSubsidiary', F('nichandle.OvhSubsidiaryEnum', read_only=True)),
            ('phoneCountry', N('nichandle.CountryEnum')),
            ('phoneType', N('nichandle.PhoneTypeEnum')),
            ('sex', N('nichandle.GenderEnum')),
            ('state', F('nichandle.StateEnum', read_only=True)),
        ]
    ),
    'nichandle.Currency': {
        'code': F('string'),
        'symbol': F('string'),
    },
    # POST /auth/credential. python-ovh sends ``allowedIPs: null`` when no IP block is given, although
    # the schema says it cannot be null: OVHcloud accepts it, so the simulator does too.
    'auth.ApiCredentialRequestParams': {
        'accessRules': F('auth.AccessRuleRequest[]', required=True),
        'allowedIPs': N('ipBlock[]'),
        'redirection': N('string'),
    },
    'auth.AccessRuleRequest': {
        'method': F('auth.HTTPMethodEnum'),
        'path': F('string'),
    },
}

_STRING_TYPES = ('string', 'text', 'password', 'phoneNumber', 'ip', 'ipv4', 'ipv6', 'ipBlock', 'uuid')
_TYPE_NAMES = {
    'long': 'a long (integer)',
    'double': 'a double (number)',
    'boolean': 'a boolean',
    'datetime': 'a datetime (ISO 8601)',
    'date': 'a date (YYYY-MM-DD)',
    'duration': 'a duration (ISO 8601, e.g. P1Y)',
}


def _show(value):
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + '...'


def _type_error(path, type_name, value):
    if type_name in ENUMS:
        message = 'Invalid body: [%s] Given data (%s) does not belong to the %s enumeration' % (path, _show(value), type_name)
        return bad_request(message, {'field': path, 'expected': type_name})
    expected = _TYPE_NAMES.get(type_name, 'of type %s' % type_name)
    if type_name in MODELS:
        expected = 'an object (%s)' % type_name
    elif type_name.endswith('[]'):
        expected = 'an array (%s)' % type_name
    elif type_name in _STRING_TYPES:
        expected = 'a string'
    message = 'Invalid body: [%s] Given data (%s) is not %s' % (path, _show(value), expected)
    return bad_request(message, {'field': path, 'expected': type_name})


def validate_value(type_name, value, path):
    """Check ``value`` against ``type_name``; return the cleaned value or raise a 400 ``ApiError``."""
    if ':' in type_name:  # e.g. coreTypes.AccountId:string
        type_name = type_name.split(':', 1)[1]
    if type_name.endswith('[]'):
        if not isinstance(value, list):
            raise _type_error(path, type_name, value)
        return [validate_value(type_name[:-2], item, '%s[%d]' % (path, index)) for index, item in enumerate(value)]
    if type_name in MODELS:
        if not isinstance(value, dict):
            raise _type_error(path, type_name, value)
        return validate_object(type_name, value, path + '.')
    if type_name in ENUMS:
        if not isinstance(value, str) or value not in ENUMS[type_name]:
            raise _type_error(path, type_name, value)
        return value
    if type_name in _STRING_TYPES:
        ok = isinstance(value, str)
    elif type_name == 'long':
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif type_name == 'double':
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif type_name == 'boolean':
        ok = isinstance(value, bool)
    elif type_name == 'datetime':
        ok = parse_datetime(value) is not None
    elif type_name == 'date':
        ok = is_date(value)
    elif type_name == 'duration':
        ok = is_duration(value)
    else:
        ok = True
    if not ok:
        raise _type_error(path, type_name, value)
    return value


def validate_object(model_name, body, prefix=''):
    """Validate a JSON object against an embedded model; read-only fields are dropped."""
    fields = MODELS[model_name]
    for key in body:
        if key not in fields:
            raise bad_request("Invalid body: unknown field '%s%s'" % (prefix, key), {'field': prefix + key})
    cleaned = {}
    for name, field in sorted(fields.items()):
        path = prefix + name
        if name not in body:
            if field.required:
                raise bad_request("The input provided isn't valid: '%s' is a required property" % path, {'field': path})
            continue
        if field.read_only:
            continue
        value = body[name]
        if value is None:
            if field.required or not field.nullable:
                raise bad_request("The input provided isn't valid: '%s' cannot be null" % path, {'field': path})
            cleaned[name] = None
            continue
        cleaned[name] = validate_value(field.type, value, path)
    return cleaned


def validate_body(model_name, body, optional=False):
    """Validate a whole request body (already decoded JSON, ``None`` when there was none)."""
    if body is None:
        if optional:
            return {}
        raise bad_request("The input provided isn't valid: a request body (%s) is required" % model_name)
    if not isinstance(body, dict):
        raise bad_request('Invalid body: expected a JSON object (%s)' % model_name)
    return validate_object(model_name, body)


_BOOLEAN_TEXT = {'true': True, 'false': False}


def parse_query_value(name, type_name, text):
    """Convert a query string value to its schema type, or raise 400."""
    if type_name == 'boolean':
        if text.lower() not in _BOOLEAN_TEXT:
            raise bad_request('Invalid value for parameter %s: %s is not a boolean' % (name, _show(text)))
        return _BOOLEAN_TEXT[text.lower()]
    if type_name == 'datetime':
        epoch = parse_datetime(text)
        if epoch is None:
            raise bad_request('Invalid value for parameter %s: %s is not a datetime' % (name, _show(text)))
        return epoch
    if type_name == 'long':
        if not re.match(r'^-?\d+$', text):
            raise bad_request('Invalid value for parameter %s: %s is not a long' % (name, _show(text)))
        return int(text)
    if type_name in ENUMS and text not in ENUMS[type_name]:
        raise bad_request('Invalid value for parameter %s: %s does not belong to the %s enumeration' % (name, _show(text), type_name))
    return text
