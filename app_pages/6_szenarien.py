"""Szenarien: which accommodation can close when, and what does it take? (layout and widgets only)

Assumptions as sliders in the sidebar, closures and new places as tables, the verdict, tiles and
charts from the scenario engine (ankunft.scenario), the proposal, saved scenarios and the comparison.
"""

from __future__ import annotations

import streamlit as st

from ankunft import scenario as sc
from ankunft.core import fmt
from ankunft.plots import scenario_charts as scc
from ankunft.ui import auth, data, widgets
from ankunft.ui import frame as frame_ui
from ankunft.views import scenario_view as pm

frame = frame_ui.page_frame("Szenarien", district_filter=False)
state = frame.state
store = data.get_store()
ss = st.session_state

P = "sz_"
VALUES = P + "values"  # latest widget values (survive page switches and council mode)
PLAN = P + "plan"  # latest table inputs (PlanInputs)
BASE = P + "base"  # table inputs the editors start from
VERSION = P + "version"  # bumped when the tables are replaced (proposal adopted, scenario loaded)
STAND = P + "stand"
PROPOSAL = P + "proposal"
FLASH = P + "flash"
CURRENT = "Aktuelle Eingaben"

if not state.has("accommodations"):
    widgets.headline("Ohne Unterkunftsliste lässt sich kein Szenario rechnen.")
    widgets.empty_state("accommodations", "Szenarien brauchen Plätze, Belegung, Mietende und Kosten je Unterkunft.")
    st.stop()

start = data.memo(sc.start_state_from)(state)
defaults = pm.defaults_for(start)


def _apply(a: sc.Assumptions, variant: str | None = None, flash: str | None = None) -> None:
    """Replace every input by an Assumptions object (callback: runs before the widgets are drawn)."""
    values = pm.widget_values(a)
    ss[VALUES] = values
    for key, value in values.items():
        ss[P + key] = value
    ss[PLAN] = pm.PlanInputs.of(a)
    ss[VERSION] = ss.get(VERSION, 0) + 1
    if variant:
        ss[P + "variant"] = variant
    ss.pop(PROPOSAL, None)
    if flash:
        ss[FLASH] = flash


if ss.get(STAND) != state.stand.isoformat():  # new data Stand: start from its defaults
    for c in pm.controls(defaults):
        ss.pop(P + c.key, None)
    ss[VALUES] = pm.widget_values(defaults)
    ss[PLAN] = pm.PlanInputs.of(defaults)
    ss[VERSION] = ss.get(VERSION, 0) + 1
    ss.pop(PROPOSAL, None)
    ss[STAND] = state.stand.isoformat()


def _saved_names() -> list[str]:
    return list(store.list_scenarios()["name"])


def _load(name: str) -> pm.Saved | None:
    text = store.load_scenario(name)
    try:
        return pm.parse_payload(text) if text else None
    except (ValueError, TypeError, KeyError):
        return None


def _current_assumptions() -> sc.Assumptions:
    return pm.assumptions_from(defaults, ss.get(VALUES, {}), ss.get(PLAN))


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
        if (P + "variant") not in ss:
            ss[P + "variant"] = saved.variant if saved else "mittel"
        variant = st.radio("Zuweisung", sc.VARIANTS, format_func=sc.VARIANT_LABELS.get, key=P + "variant",
                           help=VARIANT_HELP)
    a = saved.assumptions if saved else _current_assumptions()
    label = pick if saved else "aktuelle Eingaben"
    hidden = data.memo(pm.hidden_start)(state)  # start occupancies the Übersicht hides
    view = data.memo(pm.page_view)(start, a.to_json(), variant, True, label, hidden)
    r = view.result
    widgets.headline(view.verdict)
    st.caption(f"Szenario: {label}. {view.variants_text}")
    widgets.kpi_tiles(view.tiles, columns=3)
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
        other_a = other_saved.assumptions if other_saved else _current_assumptions()
        other_r = sc.simulate(start, other_a, other_saved.variant if other_saved else variant, name=other)
        pair = {label: r, other: other_r}
        st.dataframe(pm.compare_display(pair, hidden), width="stretch")
        compare_fig = scc.compare_demand(pair, council=True)
        if pm.TOTAL_HIDDEN in hidden:
            compare_fig = scc.hide_person_traces(compare_fig)
        _chart(compare_fig, key=P + "council_compare")
    with st.expander("Annahmen und ihre Herkunft"):
        st.dataframe(pm.council_assumptions(a, start), hide_index=True, width="stretch")
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
current = ss.get(VALUES, {})
if (P + "variant") not in ss:
    ss[P + "variant"] = "mittel"
controls = pm.controls(defaults, current)
values: dict = {}
with st.sidebar:
    st.subheader("Annahmen")
    variant = st.radio("Zuweisung", sc.VARIANTS, format_func=sc.VARIANT_LABELS.get, key=P + "variant",
                       help=VARIANT_HELP)
    groups = ["Zeitraum", *pm.GROUPS]
    for group in groups:
        members = [c for c in controls if c.group == group]
        box = st.container() if group == "Zeitraum" else st.expander(group, expanded=group in pm.GROUPS[:3])
        with box:
            for c in members:
                key = P + c.key
                if key not in ss:
                    ss[key] = current.get(c.key, c.default)
                if c.kind == "toggle":
                    values[c.key] = st.toggle(c.label, key=key, help=c.help or None)
                else:
                    options = c.options if c.kind == "select" else tuple(range(c.lo, c.hi + 1))
                    values[c.key] = st.select_slider(c.label, options=options, format_func=c.format, key=key,
                                                     help=c.help or None)
                st.caption(c.caption)
    st.button("Vorgaben wiederherstellen", icon=":material/restart_alt:", on_click=_apply,
              args=(defaults, "mittel", "Alle Annahmen auf die Vorgaben zurückgesetzt."), key=P + "reset")
ss[VALUES] = values

# --- closures and new places (tables) -------------------------------------------------------------
st.subheader("Schließungen und neue Plätze")
timeline_box = st.container()
version = ss.get(VERSION, 0)
closure_key, opening_key, new_key = (f"{P}closures_{version}", f"{P}openings_{version}", f"{P}new_{version}")
if closure_key not in ss or BASE not in ss:
    ss[BASE] = ss.get(PLAN) or pm.PlanInputs.of(defaults)
base: pm.PlanInputs = ss[BASE]
base_a = defaults.replace(closures=base.closures, openings=base.openings, new_capacity=base.new_capacity)
months = pm.MonthChoices.build(start.stichtag, extra=[*base.closures.values(), *base.openings.values(),
                                                      *(c.month for c in base.new_capacity),
                                                      *(c.lease_end for c in base.new_capacity)])
month_options = list(months.labels)

with st.expander("Schließungen bearbeiten (ein Monat je Unterkunft, leer = bleibt offen)", expanded=True):
    closure_df = pm.closure_frame(start, base_a, months)
    edited = st.data_editor(
        closure_df, key=closure_key, hide_index=True, width="stretch", num_rows="fixed", placeholder="–",
        disabled=[pm.COL_NAME, pm.COL_DISTRICT, pm.COL_PLACES, pm.COL_RESIDENTS, pm.COL_LEASE],
        column_config={
            pm.COL_PLACES: st.column_config.NumberColumn(format="%d"),
            pm.COL_RESIDENTS: st.column_config.NumberColumn(format="%d", help="Bewohner am Stichtag"),
            pm.COL_LEASE: st.column_config.TextColumn(
                help="Bis dahin wird Miete gezahlt, auch nach einer Schließung."),
            pm.COL_CLOSURE: st.column_config.SelectboxColumn(
                options=month_options,
                help="Erster Monat, in dem die Unterkunft geschlossen ist; leer = bleibt offen."),
        })
    st.caption("Vorgabe: geplante Schließungen laut Unterkunftsliste (aus Daten). Bewohner einer geschlossenen "
               "Unterkunft werden verlegt – zuerst im selben Stadtteil, Haushalte zusammen, dorthin, wo am meisten "
               "frei ist.")
closures = pm.closures_from_frame(edited, months)

openings = dict(base.openings)
opening_df = pm.opening_frame(start, base_a, months)
with st.expander("Neue Unterkünfte und Reserve öffnen", expanded=bool(base.new_capacity or base.openings)):
    if len(opening_df):
        st.markdown("**Reserveunterkünfte**")
        opened = st.data_editor(
            opening_df, key=opening_key, hide_index=True, width="stretch", num_rows="fixed", placeholder="–",
            disabled=[pm.COL_NAME, pm.COL_DISTRICT, pm.COL_PLACES],
            column_config={pm.COL_PLACES: st.column_config.NumberColumn(format="%d"),
                           pm.COL_OPENING: st.column_config.SelectboxColumn(options=month_options,
                                                                            help="Leer = bleibt geschlossen.")})
        openings = pm.openings_from_frame(opened, months)
    st.markdown("**Neue Unterkünfte** (Zeilen hinzufügen mit +)")
    new_df = st.data_editor(
        pm.new_capacity_frame(base_a, months), key=new_key, hide_index=True, width="stretch", num_rows="dynamic",
        placeholder="–",
        column_config={
            pm.COL_NEW_NAME: st.column_config.TextColumn(required=False),
            pm.COL_DISTRICT: st.column_config.SelectboxColumn(options=list(pm.DISTRICT_CHOICES)),
            pm.COL_PLACES: st.column_config.NumberColumn(min_value=0, step=1, format="%d"),
            pm.COL_FROM: st.column_config.SelectboxColumn(options=month_options, help="Erster Monat in Betrieb."),
            pm.COL_COST: st.column_config.NumberColumn(min_value=0, step=10, format="%d €",
                                                       help="Leer = Platzkosten-Vorgabe aus der Seitenleiste."),
            pm.COL_NEW_LEASE: st.column_config.SelectboxColumn(
                options=month_options, help="Miete bis zu diesem Monat; leer = nur solange in Betrieb."),
        })
    new_capacity, new_notes = pm.new_capacity_from_frame(new_df, months)
    for note in new_notes:
        st.warning(note, icon=":material/warning:")

plan = pm.PlanInputs(closures, openings, new_capacity)
ss[PLAN] = plan
a = pm.assumptions_from(defaults, values, plan)

# --- simulate (cached per assumptions and variant) -------------------------------------------------
view = data.memo(pm.page_view)(start, a.to_json(), variant, False, CURRENT)
r = view.result


def _show(key: str, extra: str = "") -> None:
    widgets.chart(view.figures[key], _caption(extra), view.texts[key], key=P + key)


with head:
    widgets.headline(view.verdict)
    st.caption(f"{view.variants_text} {pm.start_note(start)}")
    if FLASH in ss:
        st.success(ss.pop(FLASH), icon=":material/check_circle:")
    for note in start.notes:
        if not note.startswith("Startbestand"):
            st.caption(note)
    if not state.has("residents"):
        widgets.empty_state("residents", "Ohne Bewohnerdatei wird der Startbestand aus der Belegung geschätzt; "
                                         "Zu- und Auszugsquoten sind dann Schätzwerte.")
with tiles_box:
    widgets.kpi_tiles(view.tiles, columns=5)
    st.caption(pm.TILES_NOTE)
with main_box:
    _show("demand")
with timeline_box:
    _show("timeline", sc.VARIANT_LABELS[variant])

# --- proposal -------------------------------------------------------------------------------------


def _adopt(p: sc.Proposal) -> None:
    current_plan: pm.PlanInputs = ss.get(PLAN) or pm.PlanInputs.of(defaults)
    ss[PLAN] = pm.PlanInputs({**{k: None for k in current_plan.closures}, **p.closures},
                             dict(current_plan.openings), list(current_plan.new_capacity))
    ss[VERSION] = ss.get(VERSION, 0) + 1
    ss.pop(PROPOSAL, None)
    ss[FLASH] = pm.adopt_message(p.closures)


st.markdown("**Vorschlag:** eine Reihenfolge und Monate für Schließungen, die unter den aktuellen Annahmen "
            "ohne Fehlbedarf bleiben, Mietenden und Reserve beachten und mehr sparen als einfache Reihenfolgen "
            "(nach Kosten je Platz, nach Mietende).")
key_now = pm.proposal_key(a, variant)
if st.button("Vorschlag berechnen", icon=":material/auto_fix_high:", key=P + "propose"):
    with st.spinner("Vorschlag wird berechnet …"):
        ss[PROPOSAL] = {"key": key_now, "proposal": data.memo(pm.proposal_for)(start, a.to_json(), variant)}
stored = ss.get(PROPOSAL)
if stored and stored["key"] == key_now:
    p: sc.Proposal = stored["proposal"]
    st.dataframe(pm.proposal_table(p), hide_index=True, width="stretch")
    for note in p.notes:
        st.caption(note)
    st.markdown(f"Mit dem Vorschlag: {sc.verdict(p.result)}")
    st.button("Vorschlag übernehmen", type="primary", icon=":material/done:", on_click=_adopt, args=(p,),
              disabled=pm.same_closures(p.closures, a.closures), key=P + "adopt")
elif stored:
    st.caption("Die Annahmen haben sich geändert – bitte den Vorschlag neu berechnen.")

# --- secondary charts -----------------------------------------------------------------------------
st.subheader("Belegung, Wohnungen und Kosten")
extra = sc.VARIANT_LABELS[variant]
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


def _load_into_inputs() -> None:
    name = ss.get(P + "chosen")
    saved = _load(name)
    if saved is None:
        ss[FLASH] = f"Szenario „{name}“ ließ sich nicht lesen."
        return
    _apply(saved.assumptions, saved.variant, f"Szenario „{name}“ geladen.")


def _delete() -> None:
    name = ss.get(P + "chosen")
    store.delete_scenario(name)
    ss[FLASH] = f"Szenario „{name}“ gelöscht."


if auth.require("can_import", "Das Speichern von Szenarien"):
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    name = c1.text_input("Name", key=P + "name", placeholder="z. B. Schließung Hauptpost 2027", max_chars=80)
    if c2.button("Speichern", icon=":material/save:", key=P + "save", width="stretch"):
        if name.strip():
            store.save_scenario(name.strip(), pm.scenario_payload(a, variant, state.stand),
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
        st.dataframe(pm.saved_table(listing, {n: store.load_scenario(n) for n in names}), hide_index=True,
                     width="stretch")
        c1, c2, c3 = st.columns([3, 1, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Szenario", names, key=P + "chosen")
        c2.button("Laden", icon=":material/upload:", on_click=_load_into_inputs, key=P + "load",
                  width="stretch", help="Übernimmt die Annahmen und Schließungen des Szenarios in die Eingaben.")
        if auth.current_access().can_delete:
            c3.button("Löschen", icon=":material/delete:", on_click=_delete, key=P + "delete",
                      width="stretch")

    options = [CURRENT] + names
    c1, c2 = st.columns(2)
    left = c1.selectbox("Szenario A", options, index=1, key=P + "cmp_a")
    right = c2.selectbox("Szenario B", options, index=2 if len(options) > 2 else 0, key=P + "cmp_b")
    if left == right:
        st.info("Bitte zwei verschiedene Szenarien wählen.", icon=":material/compare_arrows:")
    else:
        pair: dict[str, sc.Result] = {}
        notes = []
        for name in (left, right):
            if name == CURRENT:
                pair[name] = r
                continue
            saved = _load(name)
            if saved is None:
                notes.append(f"„{name}“ ließ sich nicht lesen.")
                continue
            pair[name] = sc.simulate(start, saved.assumptions, saved.variant, name=name)
            if saved.stand and saved.stand != state.stand.isoformat():
                notes.append(f"„{name}“ wurde mit Daten vom {fmt.date(saved.stand)} gespeichert und wird "
                             "hier mit dem aktuellen Startbestand gerechnet.")
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

# --- tables ---------------------------------------------------------------------------------------
st.subheader("Annahmen und Monatswerte")
with st.expander("Annahmen und ihre Herkunft"):
    st.dataframe(a.describe(start), hide_index=True, width="stretch")
with st.expander(f"Monatswerte ({sc.VARIANT_LABELS[variant]})"):
    st.dataframe(pm.monthly_display(r), hide_index=True, width="stretch")
st.download_button("Monatstabelle als Excel (mit Annahmen)", data=lambda: sc.to_excel(r),
                   file_name=f"szenario_{state.stand.isoformat()}_{variant}.xlsx", icon=":material/download:",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=P + "excel")
