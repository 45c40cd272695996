"""Role logic: sign-in mode with editors/viewers, trusted intranet mode without [auth]."""

from __future__ import annotations

from ankunft.core import access

AUTH = {
    "redirect_uri": "https://ankunft.intranet.kaiserslautern.de/oauth2callback",
    "cookie_secret": "geheim",
    "client_id": "ankunft",
    "client_secret": "x",
    "server_metadata_url": "https://sso.kaiserslautern.de/realms/stadt/.well-known/openid-configuration",
}
CONFIG = {
    "auth": AUTH,
    "ankunft": {"roles": {"editors": ["A.Schmidt@Kaiserslautern.de", "@integration.kaiserslautern.de"],
                          "viewers": ["b.meyer@kaiserslautern.de"]}},
}


def test_no_auth_is_trusted_local_mode_with_viewer_safe_person_level():
    a = access.resolve({}, signed_in=False)
    assert a.role == access.LOCAL
    assert not a.auth_configured and not a.signed_in and not a.needs_sign_in
    assert a.can_import and a.can_delete
    assert not a.can_see_person_level
    assert a.actor == "lokal (ohne Anmeldung)"
    assert a.role_label == "lokal ohne Anmeldung"


def test_no_auth_ignores_a_claimed_identity():
    # Without [auth] nothing is verified: a reported e-mail must not grant person-level views.
    a = access.resolve({"ankunft": {"roles": {"editors": ["x@stadt.de"]}}}, signed_in=True, claims={"email": "x@stadt.de", "email_verified": True})
    assert a.role == access.LOCAL and a.user is None
    assert not a.can_see_person_level


def test_read_only_intranet_instance():
    for value in (True, "true", "ja", 1):
        a = access.resolve({"ankunft": {"read_only": value}}, signed_in=False)
        assert a.read_only
        assert not a.can_import and not a.can_delete and not a.can_see_person_level
    assert access.resolve({"ankunft": {"read_only": "nein"}}, signed_in=False).can_import


def test_auth_configured_but_not_signed_in_may_do_nothing():
    a = access.resolve(CONFIG, signed_in=False)
    assert a.needs_sign_in
    assert a.role == access.NONE
    assert not (a.can_import or a.can_delete or a.can_see_person_level)
    assert a.actor == "unbekannt"


def test_editor_by_exact_address_case_insensitive():
    a = access.resolve(CONFIG, signed_in=True, claims={"email": "a.schmidt@kaiserslautern.de", "name": "Anna Schmidt", "email_verified": True})
    assert a.role == access.EDITOR and a.role_label == "Bearbeitung"
    assert a.can_import and a.can_delete and a.can_see_person_level
    assert a.actor == "a.schmidt@kaiserslautern.de"
    assert not a.needs_sign_in


def test_editor_by_domain_entry():
    assert access.resolve(CONFIG, signed_in=True, claims={"email": "c.wolf@integration.kaiserslautern.de", "email_verified": True}).role == access.EDITOR
    # the domain entry must not match a look-alike domain
    assert access.resolve(CONFIG, signed_in=True, claims={"email": "c.wolf@fake-integration.kaiserslautern.de.example", "email_verified": True}).role \
        == access.VIEWER


def test_everybody_else_signed_in_is_a_viewer():
    for email in ("b.meyer@kaiserslautern.de", "d.neu@kaiserslautern.de", None):
        a = access.resolve(CONFIG, signed_in=True, claims={"email": email, "name": "Dora Neu", "email_verified": True})
        assert a.role == access.VIEWER
        assert not (a.can_import or a.can_delete or a.can_see_person_level)
    assert access.resolve(CONFIG, signed_in=True, claims={"email": None, "name": "Dora Neu", "email_verified": True}).actor == "Dora Neu"


def test_read_only_flag_does_not_affect_signed_in_editors():
    cfg = {**CONFIG, "ankunft": {**CONFIG["ankunft"], "read_only": True}}
    assert access.resolve(cfg, signed_in=True, claims={"email": "a.schmidt@kaiserslautern.de", "email_verified": True}).can_import


def test_roles_as_single_string_and_garbage():
    cfg = {"auth": AUTH, "ankunft": {"roles": {"editors": "a@stadt.de"}}}
    assert access.role_for({"email": "A@stadt.de", "email_verified": True}, cfg) == access.EDITOR
    cfg = {"auth": AUTH, "ankunft": {"roles": {"editors": 5}}}
    assert access.role_for({"email": "a@stadt.de", "email_verified": True}, cfg) == access.VIEWER
    assert access.role_for({"email": "a@stadt.de", "email_verified": True}, {"ankunft": "kaputt"}) == access.VIEWER


def test_empty_auth_section_is_not_configured():
    assert not access.auth_configured({"auth": {}})
    assert not access.auth_configured(None)
    assert access.auth_configured(CONFIG)


def test_provider_name():
    assert access.provider_name(CONFIG) is None
    keycloak = {"auth": {"redirect_uri": "u", "cookie_secret": "s", "keycloak": {"client_id": "c"}}}
    assert access.provider_name(keycloak) == "keycloak"
    explicit = {**keycloak, "ankunft": {"auth_provider": "azure"}}
    assert access.provider_name(explicit) == "azure"
    assert access.provider_name({}) is None
