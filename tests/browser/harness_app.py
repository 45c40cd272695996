"""A tiny app that misbehaves on purpose, so test_harness.py can prove the guards catch it.

Two pages under st.navigation (like app.py): "Prüfstand" (default) and "Zweite Seite" (/zweite).
On the first page: ?fall=ok (default) · ?fall=ausnahme · ?fall=fremd · ?fall=konsole
"""

import streamlit as st
import streamlit.components.v1 as components

# An emoji (or a local file) as page icon: a ":material/…:" page icon makes the browser fetch the
# favicon from fonts.gstatic.com, which the guard (rightly) reports.
st.set_page_config(page_title="Prüfstand", page_icon="🧪")


def pruefstand() -> None:
    case = st.query_params.get("fall", "ok")
    st.title("Prüfstand")
    if case == "ausnahme":
        raise ValueError("absichtlicher Fehler mit Zellwert 'Müller'")
    if case == "fremd":
        st.markdown('<img src="http://beispiel.invalid/zaehlpixel.png" alt="">', unsafe_allow_html=True)
    if case == "konsole":
        components.html("<script>console.error('absichtlicher Konsolenfehler')</script>", height=10)

    st.toggle("Ratsmodus", key="rat")
    if st.session_state.get("rat"):
        st.caption("Ratsmodus an")
    wert = st.slider("Schließungen je Jahr", 0, 10, 3)
    st.write(f"Gewählt: {wert}")
    datei = st.file_uploader("Export hochladen", type=["xlsx", "csv"])
    if st.button("Importieren", disabled=datei is None):
        st.success(f"Importiert: {datei.name} ({len(datei.getvalue())} Bytes)")
    st.download_button("Bericht herunterladen", data="Spalte;Wert\nA;1\n".encode("utf-8"),
                       file_name="bericht.csv", mime="text/csv")


def zweite() -> None:
    st.title("Zweite Seite")
    st.write("Inhalt der zweiten Seite")


st.navigation({"Prüfen": [st.Page(pruefstand, title="Prüfstand", icon=":material/science:", default=True),
                          st.Page(zweite, title="Zweite Seite", icon=":material/looks_two:", url_path="zweite")]}).run()
