"""Roles only from verified claims (issue #16 item 4).

An e-mail address grants the editor role only when the provider says it is verified
(``email_verified`` true); otherwise a group/role claim (configurable name) must grant it.
A signed-in person with an unverified editor address is a viewer.
"""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from ankunft.core import access

AUTH = {"redirect_uri": "https://a.example/oauth2callback", "cookie_secret": "s" * 40,
        "client_id": "ankunft", "client_secret": "x",
        "server_metadata_url": "https://sso.example/.well-known/openid-configuration"}
EDITOR_MAIL = "a.schmidt@kaiserslautern.de"
CONFIG = {"auth": AUTH, "ankunft": {"roles": {"editors": [EDITOR_MAIL, "@integration.kaiserslautern.de"],
                                              "editor_groups": ["ankunft-bearbeitung"]}}}


def _role(claims: dict, config: dict = CONFIG) -> str:
    return access.resolve(config, signed_in=True, claims=claims).role


def test_unverified_editor_address_is_a_viewer():
    for flag in (False, "false", None, "", 0, "nein"):
        a = access.resolve(CONFIG, signed_in=True,
                           claims={"email": EDITOR_MAIL, "email_verified": flag, "name": "Anna"})
        assert a.role == access.VIEWER, flag
        assert not (a.can_import or a.can_delete or a.can_see_person_level)
        assert a.unverified_editor  # the sidebar explains why
    # no email_verified claim at all (e.g. Entra ID) is not a verification either
    assert _role({"email": EDITOR_MAIL}) == access.VIEWER
    assert _role({"email": "x.y@integration.kaiserslautern.de", "email_verified": False}) == access.VIEWER


def test_verified_editor_address_is_an_editor():
    for flag in (True, "true", "True"):
        a = access.resolve(CONFIG, signed_in=True, claims={"email": "A.Schmidt@Kaiserslautern.de",
                                                             "email_verified": flag})
        assert a.role == access.EDITOR, flag
        assert not a.unverified_editor
    assert _role({"email": "c.wolf@integration.kaiserslautern.de", "email_verified": True}) == access.EDITOR


def test_group_claim_grants_the_editor_role_without_a_verified_address():
    assert _role({"email": "someone@else.example", "groups": ["andere", "ankunft-bearbeitung"]}) == access.EDITOR
    assert _role({"groups": "Ankunft-Bearbeitung"}) == access.EDITOR  # a single string, any case
    assert _role({"email": EDITOR_MAIL, "email_verified": False, "groups": ["ankunft-bearbeitung"]}) \
        == access.EDITOR
    assert _role({"groups": ["ankunft-ansicht"]}) == access.VIEWER
    assert _role({"roles": ["ankunft-bearbeitung"]}) == access.VIEWER  # wrong claim name by default


def test_group_claim_name_is_configurable():
    cfg = {"auth": AUTH, "ankunft": {"roles": {"editor_groups": "Ankunft.Editor", "group_claim": "roles"}}}
    assert _role({"roles": ["Ankunft.Editor"]}, cfg) == access.EDITOR
    assert _role({"groups": ["Ankunft.Editor"]}, cfg) == access.VIEWER


def test_garbage_claims_never_crash_and_never_grant():
    for claims in ({"email": ["a.schmidt@kaiserslautern.de"], "email_verified": True},
                   {"email": 5, "email_verified": True}, {"groups": 7}, {"groups": {"ankunft-bearbeitung": 1}},
                   {"email_verified": True}, {}):
        assert _role(claims) == access.VIEWER, claims


def test_without_auth_claims_are_ignored():
    a = access.resolve({"ankunft": CONFIG["ankunft"]}, signed_in=True,
                       claims={"email": EDITOR_MAIL, "email_verified": True, "groups": ["ankunft-bearbeitung"]})
    assert a.role == access.LOCAL and not a.can_see_person_level


# --- properties over claim dicts -------------------------------------------------------------------

_local = st.text(string.ascii_lowercase + string.digits + ".-", min_size=1, max_size=12)
_domains = st.sampled_from(["kaiserslautern.de", "integration.kaiserslautern.de", "stadt.example",
                            "evil-integration.kaiserslautern.de.example", "kaiserslautern.de.example"])
_emails = st.builds(lambda a, d: f"{a}@{d}", _local, _domains)
_junk = st.one_of(st.none(), st.integers(), st.booleans(), st.text(max_size=20),
                  st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=5), st.integers()))
_not_verified = st.one_of(st.just(False), st.just("false"), st.none(), st.integers(),
                          st.text(max_size=8).filter(lambda s: s.strip().lower() != "true"))
_groups = st.lists(st.sampled_from(["ankunft-ansicht", "admins", "ankunft-bearbeitung-alt", "/ankunft"]),
                   max_size=4)


@settings(max_examples=300, deadline=None)
@given(email=st.one_of(_emails, _junk), verified=_not_verified, groups=st.one_of(_groups, _junk),
       extra=st.dictionaries(st.sampled_from(["roles", "role", "name", "sub", "preferred_username"]),
                             st.one_of(st.just("ankunft-bearbeitung"), st.just(EDITOR_MAIL), _junk)))
def test_no_editor_without_verified_address_or_editor_group(email, verified, groups, extra):
    claims = {**extra, "email": email, "email_verified": verified, "groups": groups}
    a = access.resolve(CONFIG, signed_in=True, claims=claims)
    assert a.role == access.VIEWER
    assert not a.can_import and not a.can_see_person_level


@settings(max_examples=200, deadline=None)
@given(local=_local, domain=_domains, verified=st.sampled_from([True, "true", "TRUE"]),
       groups=st.one_of(_groups, _junk))
def test_verified_address_decides_by_the_editors_list(local, domain, verified, groups):
    email = f"{local}@{domain}"
    listed = email == EDITOR_MAIL or domain == "integration.kaiserslautern.de"
    a = access.resolve(CONFIG, signed_in=True, claims={"email": email.upper(), "email_verified": verified,
                                                      "groups": groups})
    assert (a.role == access.EDITOR) == listed


@settings(max_examples=200, deadline=None)
@given(email=st.one_of(_emails, _junk), verified=st.one_of(_not_verified, st.just(True)),
       before=_groups, after=_groups, claim=st.sampled_from(["groups", "roles", "ankunft_rollen"]))
def test_editor_group_in_the_configured_claim_always_grants(email, verified, before, after, claim):
    cfg = {"auth": AUTH, "ankunft": {"roles": {"editor_groups": ["ankunft-bearbeitung"], "group_claim": claim}}}
    claims = {"email": email, "email_verified": verified, claim: [*before, "ankunft-bearbeitung", *after]}
    assert access.resolve(cfg, signed_in=True, claims=claims).role == access.EDITOR
