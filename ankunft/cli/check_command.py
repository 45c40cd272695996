"""The `check` command: read and validate files, print the report (text or JSON), store nothing.

Reading starts before pandas is imported (see ``importing/io/read_ahead.py``): keep this module's
imports pandas-free.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys

from ankunft.cli.args import parse_date_arg, register
from ankunft.core import fmt, glossary


def _configure_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="DATEI",
                   help="Excel- (.xlsx, .xlsm, .xls), OpenDocument- (.ods) oder CSV-/Text-Dateien.")
    p.add_argument("--json", action="store_true", help="Ergebnis als ein JSON-Objekt ausgeben.")
    p.add_argument("--stichtag", type=parse_date_arg, metavar="TT.MM.JJJJ",
                   help="Stichtag vorgeben (sonst aus Titelzeile oder Dateiname).")
    p.add_argument("--datenbestand", choices=list(glossary.DATASET_KEYS), metavar="SCHLÜSSEL",
                   help="Datenbestand für alle Blätter vorgeben: " + ", ".join(glossary.DATASET_KEYS) + ".")
    p.add_argument("--ausgeblendete-zeilen", choices=["auslassen", "einbeziehen"], default="auslassen",
                   help="In Excel/LibreOffice ausgeblendete Zeilen auslassen (Standard; sie werden gemeldet) "
                        "oder einbeziehen.")
    p.add_argument("--wert", action="append", default=[], type=_value_arg, metavar="FELD:WERT=ZIEL",
                   help="Einen Wert zuordnen, den kein Vokabular kennt, z. B. \"heating:siehe Akte=nein\" "
                        "(mehrfach möglich; Feldschlüssel wie in unknown_values).")
    p.add_argument("--max-mb", type=float, metavar="MB", help="Größte erlaubte Datei in MB (Standard 50).")
    p.add_argument("--max-meldungen", type=int, default=20, metavar="N",
                   help="Höchstens N Fehler/Warnungen je Tabelle anzeigen (Textausgabe).")


def _value_arg(text: str) -> tuple[str, str, str]:
    from ankunft.importing.vocab import parse_value_arg

    try:
        return parse_value_arg(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“: erwartet FELD:WERT=ZIEL, z. B. heating:siehe Akte=nein") from None


def _values(items: list[tuple[str, str, str]]) -> dict | None:
    from ankunft.importing.vocab import remembered_values

    raw = {}
    for field, value, target in items:
        raw.setdefault(field, {})[value] = target
    # the same conversion as a remembered mapping ("nein" -> False)
    return remembered_values(lambda _key: json.dumps(raw, ensure_ascii=False), "cli") if raw else None


def _collect_between(items):
    """Yield the items; run the cyclic garbage collector before each one after the first."""
    for i, item in enumerate(items):
        if i:
            gc.collect()
        yield item


def _one_blas_thread(environ=os.environ, modules=sys.modules) -> None:
    """Let numpy's OpenBLAS start without worker threads, unless the user set their number.

    A check does no linear algebra, but OpenBLAS starts a worker thread per further core when numpy
    is imported: on the two-core reference machine `import numpy` took 26 ms CPU more (min of 15
    processes; median 48 ms) – CPU the guards and calamine need at that moment (io/read_ahead.py).
    The variable is read once, when numpy loads: nothing changes once numpy is loaded (e.g. `main()`
    called inside a test run)."""
    if "numpy" not in modules:
        environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _run_check(args: argparse.Namespace) -> int:
    from ankunft.importing.io.guards import Limits
    from ankunft.importing.io.read_ahead import ReadAhead

    _one_blas_thread()

    # A check builds large acyclic structures (a list per row, arrays, frames) that the cyclic
    # collector would only re-scan, again and again (about 0.15 s of a 50,000-row check). It
    # stays off for the run and collects once between files, so memory stays bounded.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        limits = Limits() if args.max_mb is None else Limits(max_file_bytes=int(args.max_mb * 1024 * 1024))
        # Start reading the files before the pipeline (and with it pandas) is imported: calamine
        # parses in a background thread while pandas loads (see io/read_ahead.py); the first
        # workbook's guards run in a child process where the system can fork.
        files = ReadAhead(list(args.files), limits, fork_guards=True)
        if not files.guards_forked:
            # The guards (a regex scan of the worksheet XML) then hold this process's GIL: importing
            # pandas now would halve their speed. Once calamine parses (without the GIL) the import runs
            # beside it.
            files.first_guarded.wait()
        from ankunft.importing.pipeline import check_files, warm_up

        if files.guards_forked and not files.first_ready():
            warm_up()  # calamine still parses: the check's one-time work now, not after the read

        reports = check_files(_collect_between(files), stichtag=args.stichtag, limits=limits,
                              dataset={"*": args.datenbestand} if args.datenbestand else None,
                              hidden_rows="include" if args.ausgeblendete_zeilen == "einbeziehen" else "exclude",
                              values=_values(args.wert))
    finally:
        if was_enabled:
            gc.enable()
    status = max((r.exit_status for r in reports), default=0)
    if args.json:
        print(json.dumps({"files": [r.to_json() for r in reports]}, ensure_ascii=False, indent=1))
    else:
        for r in reports:
            print(_text_report(r, args.max_meldungen))
        print({0: "Ergebnis: keine Fehler.", 1: "Ergebnis: Fehler in den Daten gefunden.",
               2: "Ergebnis: mindestens eine Datei ist nicht lesbar."}[status])
    return status


def _issue_line(i) -> str:
    where = []
    if i.row is not None:
        where.append(f"Zeile {i.row}")
    if i.column:
        where.append(f"Spalte „{i.column}“")
    prefix = (", ".join(where) + ": ") if where else ""
    return f"    {prefix}{i.message} [{i.code}]"


def _recognition_lines(t) -> list[str]:
    """Why the table is its dataset (points, runner-up) and the mappings that need confirmation."""
    rec = t.recognition or {}
    ds = rec.get("dataset")
    if not ds:
        return []
    line = f"    Erkannt mit {fmt.num(ds['score'], 1)} Punkten"
    if ds.get("runner_up"):
        line += (f" (zweitbester Datenbestand: {glossary.DATASETS[ds['runner_up']].label}, "
                 f"{fmt.num(ds['runner_up_score'], 1)} Punkte)")
    if ds.get("evidence"):
        line += ": " + "; ".join(ds["evidence"])
    out = [line]
    unsure = [c for c in rec.get("columns", []) if c.get("confirm")]
    if unsure:
        out.append("    Zu bestätigen: " + ", ".join(
            f"{c['header']} → {glossary.label(t.dataset, c['field'])} ({fmt.pct_points(c['score'], 0)})" for c in unsure))
    return out


def _text_report(r, limit: int) -> str:
    out = [f"{r.file}:"]
    if r.code:
        out.append(f"  NICHT LESBAR – {r.error} [{r.code}]")
    for w in r.warnings:
        out.append(f"  Hinweis: {w.message} [{w.code}]")
    for t in r.tables:
        label = t.dataset_label or "unbekannt"
        stand = fmt.date(t.stichtag) if t.stichtag else "unbekannt"
        out.append(f"  Blatt „{t.sheet}“ → {label}; Kopfzeile in Zeile {t.header_row}; Stichtag {stand}")
        out.append(f"    {fmt.integer(t.rows)} Datenzeilen, {fmt.integer(len(t.errors))} Fehler, "
                   f"{fmt.integer(len(t.warnings))} Warnungen, {fmt.integer(len(t.skipped_rows))} übersprungene Zeilen"
                   + (" – BLOCKIERT (Struktur)" if t.blocking else ""))
        out.extend(_recognition_lines(t))
        if t.columns:
            out.append("    Spalten: " + ", ".join(f"{h} → {glossary.label(t.dataset, f)}" for h, f in t.columns.items()))
        if t.unmapped_columns:
            out.append("    Nicht zugeordnet (nicht gespeichert): " + ", ".join(t.unmapped_columns))
        for h, why in t.dropped_identifier_columns.items():
            out.append(f"    Entfernt: „{h}“ – {why}")
        for title, items in (("Fehler", t.errors), ("Warnungen", t.warnings)):
            if items:
                out.append(f"  {title}:")
                out.extend(_issue_line(i) for i in items[:limit])
                if len(items) > limit:
                    out.append(f"    … und {fmt.integer(len(items) - limit)} weitere")
        if t.skipped_rows:
            shown = ", ".join(f"{s.row} ({s.reason})" for s in t.skipped_rows[:limit])
            more = f" … und {fmt.integer(len(t.skipped_rows) - limit)} weitere" if len(t.skipped_rows) > limit else ""
            out.append(f"  Übersprungen: {shown}{more}")
        if t.totals:
            out.append("  Kontrollsummen: " + ", ".join(
                f"{glossary.label(t.dataset, k)} {fmt.num(v, 0 if float(v).is_integer() else 1)}"
                for k, v in t.totals.items()))
    for s in r.ignored_sheets:
        out.append(f"  Ignoriertes Blatt „{s['sheet']}“: {s['reason']}")
    return "\n".join(out)


register("check", "Dateien prüfen, ohne etwas zu speichern.", _configure_check, _run_check)
