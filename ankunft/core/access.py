"""Who may do what: pure role logic (no streamlit), read from a secrets-like mapping.

Two modes, decided by the configuration alone:

**Sign-in mode** – the configuration has an ``[auth]`` section (OIDC via ``st.login``).
Everybody must sign in. Roles come from ``[ankunft.roles]``::

    [ankunft.roles]
    editors = ["a.schmidt@kaiserslautern.de", "@integration.kaiserslautern.de"]
    editor_groups = ["ankunft-bearbeitung"]   # values of the group/role claim
    group_claim = "groups"                    # name of that claim (default "groups"; Entra ID: "roles")
    viewers = ["b.meyer@kaiserslautern.de"]   # optional; everybody signed in is a viewer anyway

Roles come only from verified claims: an address under ``editors`` (case-insensitive; an entry
starting with ``@`` matches every address of that domain) counts only when the provider reports
``email_verified`` true; a value of the ``group_claim`` claim listed under ``editor_groups``
(case-insensitive) counts always, because the provider itself issues it. A signed-in user who is
not an editor is a viewer – also one whose editor address is *not* verified (``unverified_editor``
tells the sidebar to say why).

* editor: may import and delete snapshots, upload a report template, may see person-level views.
* viewer: sees aggregates only (no import, no delete, no template upload, no person-level views).
* not signed in: may do nothing; the app shows the sign-in screen only.

**Trusted single-user intranet mode** – no ``[auth]`` section. The app is meant to run on a
trusted machine or intranet host for one office; nobody is identified. Defaults are viewer-safe:

* person-level views are **never** shown (they need a signed-in identity);
* import and delete are allowed, because the single trusted user is the data owner and the
  app cannot be filled otherwise – unless the operator sets ``[ankunft] read_only = true``,
  which turns the intranet instance into a pure viewer;
* the import log records the actor as ``"lokal (ohne Anmeldung)"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

EDITOR = "editor"
VIEWER = "viewer"
LOCAL = "lokal"  # trusted single-user intranet mode, no sign-in configured
NONE = "keine"  # sign-in configured but not (yet) signed in

ROLE_LABELS = {
    EDITOR: "Bearbeitung",
    VIEWER: "Ansicht",
    LOCAL: "lokal ohne Anmeldung",
    NONE: "nicht angemeldet",
}
LOCAL_ACTOR = "lokal (ohne Anmeldung)"


@dataclass(frozen=True)
class Access:
    """The rights of the current user. Build it with :func:`resolve`."""

    signed_in: bool
    user: str | None  # e-mail (or name) of the signed-in user; None when nobody is identified
    role: str  # EDITOR, VIEWER, LOCAL or NONE
    auth_configured: bool = False
    read_only: bool = False  # only meaningful in LOCAL mode
    unverified_editor: bool = False  # listed as editor by address, but the address is not verified

    @property
    def needs_sign_in(self) -> bool:
        """Sign-in is configured but this user has not signed in: show only the sign-in screen."""
        return self.auth_configured and not self.signed_in

    @property
    def can_import(self) -> bool:
        if self.role == EDITOR:
            return self.signed_in
        if self.role == LOCAL:
            return not self.read_only
        return False

    @property
    def can_delete(self) -> bool:
        """Deleting snapshots and purging old ones follows the same rule as importing."""
        return self.can_import

    @property
    def can_upload_template(self) -> bool:
        """A PowerPoint template is an upload like an import: editors (and a writable intranet instance)."""
        return self.can_import

    @property
    def can_see_person_level(self) -> bool:
        """Person-level views (single stays, households) need a signed-in editor."""
        return self.signed_in and self.role == EDITOR

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def actor(self) -> str:
        """Who did it, as written into the import log."""
        if self.signed_in and self.user:
            return self.user
        if self.role == LOCAL:
            return LOCAL_ACTOR
        return "unbekannt"


def _section(config: Mapping | None, *path: str) -> Mapping:
    node: object = config or {}
    for key in path:
        if not isinstance(node, Mapping) or key not in node:
            return {}
        node = node[key]
    return node if isinstance(node, Mapping) else {}


def auth_configured(config: Mapping | None) -> bool:
    """True when the configuration has a non-empty ``[auth]`` section."""
    return bool(_section(config, "auth"))


def _entries(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    try:
        return [str(v).strip().lower() for v in value if str(v).strip()]
    except TypeError:
        return []


def matches(email: str | None, entries: list[str]) -> bool:
    """Case-insensitive e-mail match; an entry ``@domain`` matches the whole domain."""
    if not email:
        return False
    email = email.strip().lower()
    for entry in entries:
        if entry.startswith("@"):
            if email.endswith(entry):
                return True
        elif email == entry:
            return True
    return False


def email_verified(claims: Mapping) -> bool:
    """True only for ``email_verified`` = true (a boolean, or the text "true" some providers send)."""
    value = claims.get("email_verified")
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def _claim_email(claims: Mapping) -> str | None:
    value = claims.get("email")
    return value if isinstance(value, str) and value.strip() else None


def _claim_values(value: object) -> set[str]:
    """A claim that is one text or a list of texts, lower-cased; anything else gives nothing."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return set()
    return {v.strip().lower() for v in value if isinstance(v, str) and v.strip()}


def role_for(claims: Mapping | None, config: Mapping | None) -> str:
    """The role of a signed-in user from the provider's claims: EDITOR by a verified address listed
    under ``editors`` or by a value of the group claim listed under ``editor_groups``, else VIEWER."""
    claims = claims if isinstance(claims, Mapping) else {}
    roles = _section(config, "ankunft", "roles")
    claim_name = str(roles.get("group_claim") or "groups")
    if _claim_values(claims.get(claim_name)) & set(_entries(roles.get("editor_groups"))):
        return EDITOR
    if email_verified(claims) and matches(_claim_email(claims), _entries(roles.get("editors"))):
        return EDITOR
    return VIEWER


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "ja")
    return bool(value)


def resolve(config: Mapping | None, *, signed_in: bool, claims: Mapping | None = None) -> Access:
    """Rights for one user from the configuration and the claims the sign-in reported
    (``st.user``: ``email``, ``email_verified``, ``name``, group claims …)."""
    read_only = _flag(_section(config, "ankunft").get("read_only", False))
    if not auth_configured(config):
        return Access(signed_in=False, user=None, role=LOCAL, auth_configured=False, read_only=read_only)
    if not signed_in:
        return Access(signed_in=False, user=None, role=NONE, auth_configured=True)
    claims = claims if isinstance(claims, Mapping) else {}
    email = _claim_email(claims)
    name = claims.get("name") if isinstance(claims.get("name"), str) else None
    user = (email or name or "").strip() or None
    role = role_for(claims, config)
    listed = matches(email, _entries(_section(config, "ankunft", "roles").get("editors")))
    return Access(signed_in=True, user=user, role=role, auth_configured=True,
                  unverified_editor=role != EDITOR and listed and not email_verified(claims))


def provider_name(config: Mapping | None) -> str | None:
    """Which ``st.login`` provider to use.

    ``[ankunft] auth_provider`` wins; otherwise ``None`` (the default provider) when ``[auth]``
    itself holds ``client_id``, else the first named sub-section such as ``[auth.keycloak]``.
    """
    explicit = _section(config, "ankunft").get("auth_provider")
    if explicit:
        return str(explicit)
    auth = _section(config, "auth")
    if "client_id" in auth:
        return None
    for key, value in auth.items():
        if isinstance(value, Mapping):
            return str(key)
    return None
