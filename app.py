"""Ankunft – Entscheidungsunterstützung für Ankunftsquartiere. Page config and navigation only.

`streamlit run app.py` first imports this file as a module (``__name__`` is not ``"__main__"``): it
then only names the server, ``app``, whose start prepares the first view (:mod:`ankunft.ui.startup`).
Every page visit runs the file as the script (``__name__ == "__main__"``), as does AppTest."""

from pathlib import Path

import streamlit as st

if __name__ != "__main__":  # imported by `streamlit run`: the server, not a page
    from ankunft.ui import startup

    app = st.App(__file__, lifespan=startup.lifespan)
else:
    from ankunft.ui import auth, data

    st.set_page_config(page_title="Ankunft", page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
                       layout="wide", initial_sidebar_state="expanded")

    PAGES = {
        "Lage": [
            st.Page("app_pages/1_uebersicht.py", title="Übersicht", icon=":material/dashboard:", default=True),
            st.Page("app_pages/2_unterkuenfte.py", title="Unterkünfte", icon=":material/apartment:"),
            st.Page("app_pages/3_wohnqualitaet.py", title="Wohnqualität", icon=":material/home_repair_service:"),
            st.Page("app_pages/4_infrastruktur.py", title="Soziale Infrastruktur", icon=":material/school:"),
            st.Page("app_pages/5_stadtteilprofil.py", title="Stadtteilprofil", icon=":material/map:"),
        ],
        "Planen": [
            st.Page("app_pages/6_szenarien.py", title="Szenarien", icon=":material/timeline:"),
        ],
        "Präsentation": [
            st.Page("app_pages/7_bericht.py", title="Bericht", icon=":material/slideshow:"),
        ],
        "Verwaltung": [
            st.Page("app_pages/8_daten.py", title="Daten", icon=":material/upload_file:"),
        ],
    }

    data.limit_memory()  # once per process: few malloc arenas for Streamlit's many script threads
    try:
        auth.gate()  # sign-in when [auth] is configured; installs log redaction
        with data.store_guard():  # a store fault anywhere on a page: German message, no crash box
            st.navigation(PAGES).run()
    finally:  # once per process, after the first page is drawn (not competing with it): imports, every
        data.warm_up(Path(__file__).parent / "app_pages")  # Stand and the pages' models, in the background
