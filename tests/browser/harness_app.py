"""A tiny app that misbehaves on purpose, so test_harness.py can prove the guards catch it.

?fall=ok (default) · ?fall=ausnahme · ?fall=fremd · ?fall=konsole
"""

import streamlit as st
import streamlit.components.v1 as components

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
if datei is not None:
    st.session_state["hochgeladen"] = datei.name
if st.button("Importieren", disabled=datei is None):
    st.success(f"Importiert: {datei.name} ({len(datei.getvalue())} Bytes)")
st.download_button("Bericht herunterladen", data="Spalte;Wert\nA;1\n".encode("utf-8"),
                   file_name="bericht.csv", mime="text/csv")
