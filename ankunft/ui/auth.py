"""Sign-in gate and the current user's rights (the role logic itself is in ankunft.core.access).

Call ``gate()`` once per run in ``app.py`` before ``st.navigation(...).run()``:

* with an ``[auth]`` section in ``.streamlit/secrets.toml``: a user who is not signed in sees
  only the German sign-in screen (``st.login`` via OIDC, e.g. the city's Keycloak or Azure AD);
  signed-in users see their name, role and an "Abmelden" button in the sidebar;
* without ``[auth]``: the sidebar says that the app is meant for a trusted single-user intranet
  and that person-level views are hidden (viewer-safe defaults, see ankunft/access.py).

Pages ask ``current_access()`` whether the user may import, delete or see person-level views;
the import log records ``current_user_label()``.
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.errors import StreamlitAuthError, StreamlitSecretNotFoundError

from ankunft.core import access as access_mod
from ankunft.core import fmt, logging_setup

log = logging.getLogger("ankunft.auth")

TRUSTED_NOTE = ("Ohne Anmeldung: gedacht für einen vertrauenswürdigen Einzelplatz im Intranet. "
                "Personenbezogene Ansichten sind ausgeblendet.")
READ_ONLY_NOTE = "Nur-Lese-Betrieb: Importieren und Löschen sind abgeschaltet."
UNVERIFIED_NOTE = ("Ihre E-Mail-Adresse ist beim Anmeldedienst nicht als bestätigt gemeldet; deshalb gilt die "
                   "Rolle „Ansicht“. Bitte die Adresse beim Anmeldedienst bestätigen lassen oder den IT-Betrieb "
                   "um die Gruppe für die Bearbeitung bitten.")


def config() -> dict:
    """The secrets as a plain dict; an empty dict when there is no secrets file."""
    try:
        return st.secrets.to_dict()
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return {}


def _user_info() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:  # no script context (e.g. imported from a plain script): nobody is signed in
        return {}


def current_access() -> "access_mod.Access":
    """The rights of the user of this session."""
    info = _user_info()
    return access_mod.resolve(config(), signed_in=bool(info.get("is_logged_in")), claims=info)


def current_user_label() -> str:
    """Who acts, for the import log: the signed-in e-mail/name, or "lokal (ohne Anmeldung)"."""
    return current_access().actor


def sign_in_screen(cfg: dict) -> None:
    """The only thing a not-signed-in user sees when sign-in is configured."""
    st.title("Ankunft")
    st.subheader("Anmeldung erforderlich")
    st.write("Dieses Dashboard enthält vertrauliche Verwaltungsdaten der Stadt Kaiserslautern. "
             "Bitte melden Sie sich mit Ihrem Dienstkonto an.")
    if st.button("Anmelden", type="primary", icon=":material/login:"):
        try:
            provider = access_mod.provider_name(cfg)
            _validate_credentials(provider)
            problem = provider_problem(cfg, provider)
            if problem:  # st.login would end on Streamlit's English error page: stay here instead
                st.error(problem, icon=":material/cloud_off:")
                return
            st.login(provider)
        except StreamlitAuthError as ex:
            # e.g. Authlib missing or an incomplete [auth] section: the operator has to fix it.
            log.error("Anmeldung nicht möglich: %s", type(ex).__name__, exc_info=ex)
            st.error("Die Anmeldung ist auf diesem Server nicht vollständig eingerichtet. Bitte wenden Sie "
                     "sich an den IT-Betrieb (Hinweise: docs/deployment.md, Abschnitt Anmeldung).",
                     icon=":material/error:")


def _validate_credentials(provider: str | None) -> None:
    """Streamlit's own check of the [auth] section (raises StreamlitAuthError when incomplete)."""
    from streamlit import auth_util

    auth_util.validate_auth_credentials(provider or "default")


def provider_problem(cfg: dict, provider: str | None, timeout_s: float = 4.0) -> str | None:
    """German message when the sign-in provider's OIDC metadata cannot be fetched, else None."""
    import json
    import urllib.parse
    import urllib.request

    section = cfg.get("auth", {}) if isinstance(cfg.get("auth"), dict) else {}
    if provider and isinstance(section.get(provider), dict):
        section = {**section, **section[provider]}
    url = str(section.get("server_metadata_url") or "")
    if not url:
        return None
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as resp:
            ok = "authorization_endpoint" in json.loads(resp.read(1_000_000))
    except Exception as ex:  # noqa: BLE001 - any network or format error means: not reachable now
        log.warning("Anmeldedienst nicht erreichbar: %s", type(ex).__name__)
        ok = False
    if ok:
        return None
    host = urllib.parse.urlsplit(url).hostname or url
    return (f"Der Anmeldedienst ({host}) ist gerade nicht erreichbar. Bitte in einigen Minuten erneut "
            "„Anmelden“ wählen; bleibt es dabei, den IT-Betrieb informieren (docs/deployment.md, Abschnitt "
            "Anmeldung).")


def ensure_signed_in() -> "access_mod.Access":
    """Enforcement only (no sidebar output): show the sign-in screen and stop when sign-in is
    configured and missing. Idempotent; for page code as a second line of defence behind gate()."""
    acc = current_access()
    if acc.needs_sign_in:
        sign_in_screen(config())
        st.stop()
    return acc


def _session_signed_in(runtime, session_id: str) -> bool | None:
    """Whether the browser session ``session_id`` has signed in; None when Streamlit's internals
    do not tell (then the reverse proxy's rule is the guard, docs/deployment.md)."""
    try:
        info = runtime._session_mgr.get_active_session_info(session_id)
        user = info.session._user_info if info is not None else {}
    except AttributeError:
        return None
    return bool((user or {}).get("is_logged_in"))


def guard_uploads(cfg: dict) -> None:
    """With ``[auth]``: the server keeps no file uploaded by a session that has not signed in.

    Streamlit accepts ``PUT /_stcore/upload_file/<session>/<id>`` from every open browser session,
    also the sign-in screen (no uploader widget needed) and holds the files until the session ends.
    This wraps the runtime's upload manager once per process: such a PUT is answered 403 and its
    data dropped at once. Idempotent; the nginx rule in docs/deployment.md refuses it even earlier."""
    if not access_mod.auth_configured(cfg):
        return
    try:
        from streamlit.runtime import Runtime

        runtime = Runtime.instance()
        manager = runtime.uploaded_file_mgr
    except Exception:  # noqa: BLE001 - no runtime (plain script, AppTest): nothing to guard
        return
    if getattr(manager, "_ankunft_upload_guard", False):
        return
    original = manager.add_file

    def add_file(session_id, file):
        if _session_signed_in(runtime, session_id) is False:
            from starlette.exceptions import HTTPException

            log.warning("Hochladen ohne Anmeldung abgewiesen (%s Byte verworfen)", len(getattr(file, "data", b"")))
            raise HTTPException(status_code=403, detail="Anmeldung erforderlich")
        return original(session_id, file)

    manager.add_file = add_file
    manager._ankunft_upload_guard = True


def gate() -> "access_mod.Access":
    """Install log redaction and the upload guard, enforce sign-in when configured, show who is
    working; return the rights."""
    logging_setup.install()
    guard_uploads(config())
    acc = ensure_signed_in()
    with st.sidebar:
        if acc.signed_in:
            st.caption(f"Angemeldet: {fmt.md(acc.user) if acc.user else 'unbekannt'} · Rolle: {acc.role_label}")
            if st.button("Abmelden", key="ankunft_logout", icon=":material/logout:"):
                st.logout()  # the browser is redirected; the rest of this run is signed out
                st.rerun()
            if acc.unverified_editor:
                st.caption(UNVERIFIED_NOTE)
        elif not st.session_state.get("council_mode"):  # no admin notes on the projector
            st.caption(TRUSTED_NOTE)
            if acc.read_only:
                st.caption(READ_ONLY_NOTE)
    return acc


def require(permission: str, what: str) -> bool:
    """For a page section: True when allowed, else an info box in German and False.

    ``permission`` is one of "can_import", "can_delete", "can_upload_template", "can_see_person_level".
    """
    acc = current_access()
    if getattr(acc, permission):
        return True
    if acc.role == access_mod.LOCAL and permission == "can_see_person_level":
        st.info(f"{what} ist nur nach Anmeldung sichtbar (personenbezogene Daten). Ohne Anmeldung "
                "zeigt Ankunft nur zusammengefasste Zahlen.", icon=":material/lock:")
    elif acc.role == access_mod.LOCAL:
        st.info(f"{what} ist abgeschaltet: diese Instanz läuft im Nur-Lese-Betrieb.", icon=":material/lock:")
    else:
        st.info(f"{what} ist der Rolle „Bearbeitung“ vorbehalten. Ihre Rolle: {acc.role_label}.",
                icon=":material/lock:")
    return False
