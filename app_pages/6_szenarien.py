"""Szenarien: which accommodation can close when, and what does it take? (layout and widgets only)

Assumptions as sliders in the sidebar, closures and new places as tables, the verdict, tiles and
charts, the proposal, saved scenarios and the comparison. What is shown is computed in
``ankunft.views.scenario_view`` (``scenario_controls`` for the inputs, ``scenario_saved`` for the
proposal, saved scenarios and the simulations behind a comparison); the inputs are kept in the
session by ``ankunft.ui.scenario_state``.
"""

from __future__ import annotations

import streamlit as st

from ankunft.core import fmt
from ankunft.export.scenario_workbook import to_excel
from ankunft.plots import scenario_charts as scc
from ankunft.scenario.inputs import VARIANT_LABELS, VARIANTS, start_state_from
from ankunft.scenario.verdict import verdict
from ankunft.ui import auth, data, tables, widgets
from ankunft.ui import frame as frame_ui
from ankunft.ui import scenario_state as sst
from ankunft.views import scenario_controls as ctl
from ankunft.views import scenario_saved as ssv
from ankunft.views import scenario_view as pm

frame = frame_ui.page_frame("Szenarien", district_filter=False)
state = frame.state
store = data.get_store()
P = sst.P
CURRENT = ssv.CURRENT

if not state.has("accommodations"):
    widgets.headline("Ohne Unterkunftsliste lässt sich kein Szenario rechnen.")
    widgets.empty_state("accommodations", "Szenarien brauchen Plätze, Belegung, Mietende und Kosten je Unterkunft.")
    st.stop()

start = data.memo(start_state_from)(state)
if start.errors:  # e.g. a missing number of places: an input error, never a silent 0
    widgets.headline("Mit diesen Daten lässt sich kein Szenario rechnen.")
    for message in start.errors:
        st.error(message, icon=":material/error:")
    st.stop()
defaults = pm.defaults_for(start)
session = sst.ScenarioSession(defaults)
session.sync_stand(state.stand)  # a new data Stand starts from its defaults


def _saved_names() -> list[str]:
    return list(store.list_scenarios()["name"])


def _load(name: str) -> ssv.Saved | None:
    return ssv.load_saved(store, name)


def _caption(extra: str = "") -> str:
    dataset = "residents" if state.has("residents") else "accommodations"
    return frame.caption(dataset, "; ".join(p for p in ("Modellrechnung (erwartete Werte)", extra) if p))


def _chart(fig, extra: str = "", key: str | None = None) -> None:
    widgets.chart(fig, _caption(extra), scc.text_alternative(fig), key=key)


VARIANT_HELP = "Welche Zuweisungsvariante das Urteil oben, die Kacheln und die Detaildiagramme zeigen."

# =================================================================================================
# Council mode: choose a saved scenario, a variant and a view – no editing
# =================================================================================================
if frame.council:
    names = _saved_names()
    with st.sidebar:
        st.subheader("Präsentation")
        pick = st.selectbox("Szenario", [CURRENT] + names, key=P + "council_pick")
        saved = _load(pick) if pick != CURRENT else None
        session.ensure_variant(saved.variant if saved else "mittel")
        variant = st.radio("Zuweisung", VARIANTS, format_func=VARIANT_LABELS.get, key=sst.VARIANT,
                           help=VARIANT_HELP)
    a = saved.assumptions if saved else session.current_assumptions()
    label = pick if saved else "aktuelle Eingaben"
    hidden = data.memo(pm.hidden_start)(state, None, tuple(frame.focus_ids), frame.previous)  # as the Übersicht hides
    view = data.memo(pm.page_view)(start, a.to_json(), variant, True, label, hidden)
    r = view.result
    widgets.headline(fmt.md(view.headline))  # plain text (fmt.md: a later note names accommodations)
    st.caption(f"Szenario: {label}. {view.variants_text}")
    widgets.kpi_tiles(view.tiles, columns=5)
    st.caption(pm.TILES_NOTE)
    COMPARE = "Vergleich zweier Szenarien"
    labels = {text: key for key, text in pm.view_labels(council=True).items()}
    shown = st.selectbox("Ansicht", list(labels) + ([COMPARE] if names else []), key=P + "council_view")
    if shown in labels:
        key = labels[shown]
        widgets.chart(view.figures[key], _caption(f"Szenario: {label}"), view.texts[key], key=P + "council_chart")
    else:
        other = st.selectbox("Verglichen mit", [n for n in [CURRENT] + names if n != pick], key=P + "council_other")
        other_saved = _load(other) if other != CURRENT else None
        pair = {label: r,
                other: ssv.simulate_choice(start, other, other_saved, session.current_assumptions(), variant)}
        st.dataframe(pm.compare_display(pair, hidden), width="stretch")
        compare_fig = scc.compare_demand(pair, council=True)
        if pm.TOTAL_HIDDEN in hidden:
            compare_fig = scc.hide_person_traces(compare_fig)
        _chart(compare_fig, key=P + "council_compare")
    if view.late_note:  # below the chart: the first screen keeps headline, tiles and chart (1280×720)
        st.caption(fmt.md(view.late_note))
    with st.expander("Annahmen und ihre Herkunft"):
        tables.show(pm.council_assumptions(a, start), fit=frame.council)
        st.caption("Aus der Bewohnerdatei abgeleitete Raten gerundet; • = ausgeblendet, weil eine kleine Zahl "
                   "von Personen dahinter steht.")
    st.stop()

# =================================================================================================
# Working mode
# =================================================================================================
head = st.container()
tiles_box = st.container()
main_box = st.container()

# --- sidebar: assumptions -------------------------------------------------------------------------
session.ensure_variant("mittel")
controls = ctl.controls(defaults, session.values)
session.seed_widgets(controls)
values: dict = {}
with st.sidebar:
    st.subheader("Annahmen")
    variant = st.radio("Zuweisung", VARIANTS, format_func=VARIANT_LABELS.get, key=sst.VARIANT,
                       help=VARIANT_HELP)
    groups = ["Zeitraum", *ctl.GROUPS]
    for group in groups:
        members = [c for c in controls if c.group == group]
        box = st.container() if group == "Zeitraum" else st.expander(group, expanded=group in ctl.GROUPS[:3])
        with box:
            for c in members:
                key = sst.key(c.key)
                if c.kind == "toggle":
                    values[c.key] = st.toggle(c.label, key=key, help=c.help or None)
                else:
                    options = c.options if c.kind == "select" else tuple(range(c.lo, c.hi + 1))
                    values[c.key] = st.select_slider(c.label, options=options, format_func=c.format, key=key,
                                                     help=c.help or None)
                st.caption(c.caption)
    st.button("Vorgaben wiederherstellen", icon=":material/restart_alt:", on_click=session.apply,
              args=(defaults, "mittel", "Alle Annahmen auf die Vorgaben zurückgesetzt."), key=P + "reset")
session.set_values(values)

# --- closures and new places (tables) -------------------------------------------------------------
st.subheader("Schließungen und neue Plätze")
timeline_box = st.container()
editors = session.editors()
base = editors.base
base_a = base.apply_to(defaults)
months = ctl.MonthChoices.for_plan(start.stichtag, base)
month_options = list(months.labels)


with st.expander("Schließungen bearbeiten (ein Monat je Unterkunft, leer = bleibt offen)", expanded=True):
    closure_df = ctl.closure_frame(start, base_a, months)
    edited = st.data_editor(
        closure_df, key=editors.closures, hide_index=True, width="stretch", num_rows="fixed", placeholder="–",
        disabled=[ctl.COL_NAME, ctl.COL_DISTRICT, ctl.COL_PLACES, ctl.COL_RESIDENTS, ctl.COL_LEASE],
        column_config={
            ctl.COL_PLACES: st.column_config.NumberColumn(format="%d"),
            ctl.COL_RESIDENTS: st.column_config.NumberColumn(format="%d", help="Bewohner am Stichtag"),
            ctl.COL_LEASE: st.column_config.TextColumn(
                help="Bis dahin wird Miete gezahlt, auch nach einer Schließung."),
            ctl.COL_CLOSURE: st.column_config.SelectboxColumn(
                options=month_options,
                help="Erster Monat, in dem die Unterkunft geschlossen ist; leer = bleibt offen."),
            ctl.COL_PINNED: st.column_config.CheckboxColumn(
                help="Beschlossen: der Vorschlag ändert diese Zeile nicht (Status „in Schließung“ ist "
                     "vorbelegt)."),
        })
    st.caption("Vorgabe: geplante Schließungen laut Unterkunftsliste (aus Daten). Bewohner einer geschlossenen "
               "Unterkunft werden verlegt – zuerst im selben Stadtteil, Haushalte zusammen, dorthin, wo am meisten "
               "frei ist.")
closures = ctl.closures_from_frame(edited, months)
pinned = ctl.pinned_from_frame(edited)

openings = dict(base.openings)
opening_df = ctl.opening_frame(start, base_a, months)
with st.expander("Neue Unterkünfte und Reserve öffnen", expanded=bool(base.new_capacity or base.openings)):
    if len(opening_df):
        st.markdown("**Reserveunterkünfte**")
        opened = st.data_editor(
            opening_df, key=editors.openings, hide_index=True, width="stretch", num_rows="fixed", placeholder="–",
            disabled=[ctl.COL_NAME, ctl.COL_DISTRICT, ctl.COL_PLACES],
            column_config={ctl.COL_PLACES: st.column_config.NumberColumn(format="%d"),
                           ctl.COL_OPENING: st.column_config.SelectboxColumn(options=month_options,
                                                                             help="Leer = bleibt geschlossen.")})
        openings = ctl.openings_from_frame(opened, months)
    st.markdown("**Neue Unterkünfte** (Zeilen hinzufügen mit +)")
    new_df = st.data_editor(
        ctl.new_capacity_frame(base_a, months), key=editors.new, hide_index=True, width="stretch", num_rows="dynamic",
        placeholder="–",
        column_config={
            ctl.COL_NEW_NAME: st.column_config.TextColumn(required=False),
            ctl.COL_DISTRICT: st.column_config.SelectboxColumn(options=list(ctl.DISTRICT_CHOICES)),
            ctl.COL_PLACES: st.column_config.NumberColumn(min_value=0, step=1, format="%d"),
            ctl.COL_FROM: st.column_config.SelectboxColumn(options=month_options, help="Erster Monat in Betrieb."),
            ctl.COL_COST: st.column_config.NumberColumn(min_value=0, step=10, format="%d €",
                                                        help="Leer = Platzkosten-Vorgabe aus der Seitenleiste."),
            ctl.COL_NEW_LEASE: st.column_config.SelectboxColumn(
                options=month_options, help="Miete bis zu diesem Monat; leer = nur solange in Betrieb."),
        })
    new_capacity, new_notes = ctl.new_capacity_from_frame(new_df, months)
    for note in new_notes:
        st.warning(note, icon=":material/warning:")

a = session.assumptions(values, ctl.PlanInputs(closures, openings, new_capacity, pinned))

# --- simulate (cached per assumptions and variant) -------------------------------------------------
view = data.memo(pm.page_view)(start, a.to_json(), variant, False, CURRENT)
r = view.result


def _show(key: str, extra: str = "") -> None:
    widgets.chart(view.figures[key], _caption(extra), view.texts[key], key=P + key)


with head:
    widgets.headline(fmt.md(view.headline))  # plain text (fmt.md: a later note names accommodations)
    if view.late_note:
        st.caption(fmt.md(view.late_note))  # names accommodations as the data write them
    st.caption(f"{view.variants_text} {pm.start_note(start)}")
    flash = session.pop_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")
    for note in start.notes:
        if not note.startswith("Startbestand"):
            st.caption(fmt.md(note))  # notes name accommodations, households and persons as the data write them
    if not state.has("residents"):
        widgets.empty_state("residents", "Ohne Bewohnerdatei wird der Startbestand aus der Belegung geschätzt; "
                                         "Zu- und Auszugsquoten sind dann Schätzwerte.")
with tiles_box:
    widgets.kpi_tiles(view.tiles, columns=5)
    st.caption(pm.TILES_NOTE)
with main_box:
    _show("demand")
    st.caption(view.uncertainty)
    if view.chances is not None and len(view.chances):
        st.markdown("**Geplante Schließungen: Wahrscheinlichkeit, dass sie zum geplanten Monat umsetzbar sind**")
        st.dataframe(view.chances, hide_index=True, width="stretch")
        st.caption("Anteil der Zufallsläufe ohne Fehlbedarf gegenüber der Zielauslastung vom Schließungsmonat bis "
                   "zum Ende des Zeitraums (alle geplanten Schließungen berücksichtigt).")
with timeline_box:
    _show("timeline", VARIANT_LABELS[variant])

# --- earliest closure month (computed only while the expander is open: one search per input change) ---
earliest_box = st.expander(f"Frühester Schließmonat je Unterkunft ({VARIANT_LABELS[variant]})",
                           key=sst.EARLIEST_OPEN, on_change="rerun")
if earliest_box.open:
    with earliest_box:
        st.dataframe(data.memo(pm.earliest_display)(start, a.to_json(), variant), hide_index=True, width="stretch")
        st.caption(pm.EARLIEST_NOTE)

# --- proposal -------------------------------------------------------------------------------------
st.markdown("**Vorschlag:** eine Reihenfolge und Monate für Schließungen, die unter den aktuellen Annahmen "
            "ohne Fehlbedarf bleiben, Mietenden und Reserve beachten und mehr sparen als einfache Reihenfolgen "
            "(nach Kosten je Platz, nach Mietende).")
key_now = ssv.proposal_key(a, variant)
if st.button("Vorschlag berechnen", icon=":material/auto_fix_high:", key=P + "propose"):
    with st.spinner("Vorschlag wird berechnet …"):
        session.remember_proposal(key_now, data.memo(ssv.proposal_for)(start, a.to_json(), variant))
p, stale = session.proposal(key_now)
if p is not None:
    st.dataframe(ssv.proposal_table(p), hide_index=True, width="stretch")
    for note in p.notes:
        st.caption(note)
    st.markdown(f"Mit dem Vorschlag: {fmt.md(verdict(p.result))}")
    st.button("Vorschlag übernehmen", type="primary", icon=":material/done:", on_click=session.adopt, args=(p,),
              disabled=ssv.same_closures(p.closures, a.closures), key=P + "adopt")
elif stale:
    st.caption("Die Annahmen haben sich geändert – bitte den Vorschlag neu berechnen.")

# --- secondary charts: drawn only while their expander is open (four charts the browser would otherwise
# draw on every visit and every slider move; the tiles above carry their key figures) ---------------------
SECONDARY_LABEL = "Belegung, Wohnungen und Kosten (4 Diagramme)"
secondary_box = st.expander(SECONDARY_LABEL, key=P + "secondary_open", on_change="rerun")
if secondary_box.open:
    with secondary_box:
        extra = VARIANT_LABELS[variant]
        c1, c2 = st.columns(2)
        with c1:
            _show("occupancy", extra)
        with c2:
            _show("flats", extra + "; Wohnungen für angenommene Auszüge und zusätzlich nötige")
        c3, c4 = st.columns(2)
        with c3:
            _show("net_cost", extra + "; Miete bis Mietende, Betreuung, Notunterbringung, abzügl. Landeserstattung")
        with c4:
            _show("savings", extra)

# --- saved scenarios ------------------------------------------------------------------------------
st.subheader("Szenarien speichern und vergleichen")
if auth.require("can_import", "Das Speichern von Szenarien"):
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    name = c1.text_input("Name", key=P + "name", placeholder="z. B. Schließung Hauptpost 2027", max_chars=80)
    if c2.button("Speichern", icon=":material/save:", key=P + "save", width="stretch"):
        if name.strip():
            store.save_scenario(name.strip(), ssv.scenario_payload(a, variant, state.stand),
                                user=auth.current_user_label())
            st.success(f"Szenario „{name.strip()}“ gespeichert.", icon=":material/check_circle:")
        else:
            st.warning("Bitte zuerst einen Namen eingeben.", icon=":material/warning:")
    st.caption("Gespeichert werden alle Annahmen, die Schließungen und die Zuweisungsvariante; ein Szenario "
               "gleichen Namens wird überschrieben.")
names = _saved_names()
if names:
    listing = store.list_scenarios()
    with st.expander(f"Gespeicherte Szenarien ({len(names)})", expanded=False):
        st.dataframe(ssv.saved_table(listing, {n: store.load_scenario(n) for n in names}), hide_index=True,
                     width="stretch")
        c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Szenario", names, key=sst.CHOSEN)
        c2.button("Laden", icon=":material/upload:", on_click=session.load_chosen, args=(store,), key=P + "load",
                  width="stretch", help="Übernimmt die Annahmen und Schließungen des Szenarios in die Eingaben.")
        if auth.current_access().can_delete:
            c3.button("Löschen", icon=":material/delete:", on_click=session.delete_chosen, args=(store,),
                      key=P + "delete", width="stretch")

    options = [CURRENT] + names
    c1, c2 = st.columns(2)
    left = c1.selectbox("Szenario A", options, index=1, key=P + "cmp_a")
    right = c2.selectbox("Szenario B", options, index=2 if len(options) > 2 else 0, key=P + "cmp_b")
    if left == right:
        st.info("Bitte zwei verschiedene Szenarien wählen.", icon=":material/compare_arrows:")
    else:
        pair, notes = ssv.comparison_pair(start, (left, right), r, _load, state.stand)
        for note in notes:
            st.caption(note)
        if len(pair) == 2:
            st.dataframe(pm.compare_display(pair), width="stretch")
            c1, c2 = st.columns(2)
            with c1:
                _chart(scc.compare_demand(pair), key=P + "cmp_demand")
            with c2:
                _chart(scc.compare_savings(pair), key=P + "cmp_savings")
else:
    st.caption("Noch keine Szenarien gespeichert. Zum Vergleichen zwei Szenarien unter eigenem Namen speichern.")

# --- back-test (once per Stand, seconds of projections: computed only while the expander is open) ---
def _stands() -> tuple:
    """The data states of the store's Stichtage up to the shown Stand (each cached per Stand)."""
    return tuple(data.load_state(d) for d in data.stichtage() if d <= state.stand)


backtest_box = st.expander(sst.BACKTEST_LABEL, key=sst.BACKTEST_OPEN, on_change="rerun")
if backtest_box.open:
    with backtest_box:
        with st.spinner("Rückblick wird berechnet …"):
            stands = data.memo(pm.stand_backtest_view)(_stands())
            backtest = data.memo(pm.backtest_view)(state) if state.has("residents") else None
        st.markdown(f"**{stands.headline}**")
        if stands.summary is not None:
            st.dataframe(stands.summary, hide_index=True, width="stretch")
            st.caption(pm.STAND_BACKTEST_NOTE)
            for note in stands.notes:
                st.caption(note)
            st.markdown("**Stadtweit: projiziert und später erfasst**")
            st.dataframe(stands.city, hide_index=True, width="stretch")
            st.markdown("**Je Unterkunft (letzter verglichener Stand)**")
            st.dataframe(stands.sites, hide_index=True, width="stretch")
        st.divider()
        if backtest is None:
            st.caption(sst.BACKTEST_MISSING)
        else:
            st.markdown(f"**{backtest.headline}**")
            st.dataframe(backtest.summary, hide_index=True, width="stretch")
            st.caption(pm.BACKTEST_NOTE)
            st.markdown("**Stadtweit: projiziert und tatsächlich**")
            st.dataframe(backtest.city, hide_index=True, width="stretch")
            st.markdown("**Je Unterkunft (letzte Projektion, 12 Monate voraus)**")
            st.dataframe(backtest.sites, hide_index=True, width="stretch")

# --- tables ---------------------------------------------------------------------------------------
st.subheader("Annahmen und Monatswerte")
with st.expander("Annahmen und ihre Herkunft"):
    st.dataframe(a.describe(start), hide_index=True, width="stretch")
with st.expander(f"Monatswerte ({VARIANT_LABELS[variant]})"):
    st.dataframe(pm.monthly_display(r), hide_index=True, width="stretch")
st.download_button("Monatstabelle als Excel (mit Annahmen)",
                   data=lambda: to_excel(r, pm.shared_tables(start, a.to_json(), variant, state, _stands())),
                   file_name=f"szenario_{state.stand.isoformat()}_{variant}.xlsx", icon=":material/download:",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=P + "excel")
