"""Who may do what: pure role logic (no streamlit), read from a secrets-like mapping.

Two modes, decided by the configuration alone:

**Sign-in mode** – the configuration has an ``[auth]`` section (OIDC via ``st.login``).
Everybody must sign in. Roles come from ``[ankunft.roles]``::

    [ankunft.roles]
    editors = ["a.schmidt@kaiserslautern.de", "@integration.kaiserslautern.de"]
    viewers = ["b.meyer@kaiserslautern.de"]   # optional; everybody signed in is a viewer anyway

Entries are e-mail addresses (case-insensitive); an entry starting with ``@`` matches every
address of that domain. A signed-in user who is not an editor is a viewer.

* editor: may import and delete snapshots, may see person-level views.
* viewer: sees aggregates only (no import, no delete, no person-level views).
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


def role_for(email: str | None, config: Mapping | None) -> str:
    """The role of a signed-in user: EDITOR when listed under ``editors``, else VIEWER."""
    roles = _section(config, "ankunft", "roles")
    if matches(email, _entries(roles.get("editors"))):
        return EDITOR
    return VIEWER


def _flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "ja")
    return bool(value)


def resolve(config: Mapping | None, *, signed_in: bool, email: str | None = None,
            name: str | None = None) -> Access:
    """Rights for one user from the configuration and the identity the sign-in reported."""
    read_only = _flag(_section(config, "ankunft").get("read_only", False))
    if not auth_configured(config):
        return Access(signed_in=False, user=None, role=LOCAL, auth_configured=False, read_only=read_only)
    if not signed_in:
        return Access(signed_in=False, user=None, role=NONE, auth_configured=True)
    user = (email or name or "").strip() or None
    return Access(signed_in=True, user=user, role=role_for(email, config), auth_configured=True)


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
