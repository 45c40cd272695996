"""Store commands for the CLI: import, snapshots, demo, backup, purge (registered on import, see cli/args.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ankunft.cli.args import parse_date_arg, register
from ankunft.core import clock, fmt


def _when(stamp) -> str:
    """Import timestamp ("2026-10-01 09:30:00") as "01.10.2026 09:30"."""
    try:
        return dt.datetime.fromisoformat(str(stamp)).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return str(stamp or "–")


def _user() -> str:
    import getpass  # only commands that write need the user's name

    try:
        return getpass.getuser() or "unbekannt"
    except Exception:  # noqa: BLE001 - no user name on this system
        return "unbekannt"


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="DATEI", help="Datenbank (Standard: Umgebungsvariable ANKUNFT_DB oder "
                                                 "data/ankunft.db).")


def _open(args):
    from ankunft.storage.store import Store

    return Store(args.db) if args.db else Store()


# --- import ------------------------------------------------------------------------------------
def _configure_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="DATEI", help="Excel- oder CSV-Dateien.")
    p.add_argument("--stichtag", type=parse_date_arg, metavar="TT.MM.JJJJ",
                   help="Stichtag vorgeben (sonst aus Titelzeile oder Dateiname).")
    p.add_argument("--without-faulty-rows", "--ohne-fehlerhafte-zeilen", dest="without_faulty_rows",
                   action="store_true", help="Zeilen mit Fehlern auslassen und den Rest importieren.")
    _db_arg(p)


def _run_import(args: argparse.Namespace) -> int:
    from ankunft.importing.pipeline import check_file
    from ankunft.storage.store import ImportRefused

    store = _open(args)
    tables = []
    status = 0
    for name in args.files:
        p = Path(name)
        rep = check_file(p, file_name=p.name, stichtag=args.stichtag)
        print(f"{rep.file}:")
        if rep.code is not None:
            print(f"  NICHT LESBAR – {rep.error} [{rep.code}]")
            status = 2
            continue
        for t in rep.tables:
            label = t.dataset_label or "unbekannt"
            stand = fmt.date(t.stichtag) if t.stichtag else "unbekannt"
            print(f"  Blatt „{t.sheet}“ → {label}, Stichtag {stand}: {fmt.integer(t.rows)} Zeilen, "
                  f"{fmt.integer(len(t.errors))} Fehler, {fmt.integer(len(t.warnings))} Warnungen")
            for i in t.errors[:10]:
                where = ", ".join(x for x in (f"Zeile {i.row}" if i.row else "",
                                              f"Spalte „{i.column}“" if i.column else "") if x)
                print(f"    {where + ': ' if where else ''}{i.message} [{i.code}]")
            if len(t.errors) > 10:
                print(f"    … und {fmt.integer(len(t.errors) - 10)} weitere Fehler")
            if t.blocking:
                status = max(status, 1)
            elif t.errors and not args.without_faulty_rows:
                status = max(status, 1)
            tables.append(t)
        for s in rep.ignored_sheets:
            print(f"  Ignoriertes Blatt „{s['sheet']}“: {s['reason']}")
    if status:
        hint = (" Mit --without-faulty-rows werden Zeilen mit Fehlern ausgelassen."
                if status == 1 and not args.without_faulty_rows else "")
        print(f"Nichts importiert: mindestens eine Datei oder Tabelle ist fehlerhaft.{hint}", file=sys.stderr)
        return status
    if not tables:
        print("Nichts importiert: keine Tabelle erkannt.", file=sys.stderr)
        return 1
    try:
        ids = store.import_tables(tables, user=_user(), without_faulty_rows=args.without_faulty_rows)
    except ImportRefused as e:
        print(f"Nichts importiert: {e}", file=sys.stderr)
        return 1
    left_out = sum(len(t.error_rows()) for t in tables) if args.without_faulty_rows else 0
    print(f"Importiert: {fmt.plural(len(ids), 'Stand', 'Stände')} (Nr. {', '.join(map(str, ids))})"
          + (f"; {fmt.plural(left_out, 'fehlerhafte Zeile', 'fehlerhafte Zeilen')} ausgelassen." if left_out else "."))
    return 0


# --- snapshots -----------------------------------------------------------------------------------
def _configure_snapshots(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="Als JSON ausgeben.")
    p.add_argument("--protokoll", action="store_true", help="Stattdessen das Importprotokoll zeigen.")
    _db_arg(p)


def _run_snapshots(args: argparse.Namespace) -> int:
    store = _open(args)
    if args.protokoll:
        log = store.import_log()
        if args.json:
            print(json.dumps(log.drop(columns=["id"]).astype(object).where(log.notna(), None).to_dict("records"),
                             ensure_ascii=False, indent=1, default=str))
            return 0
        if log.empty:
            print("Das Importprotokoll ist leer.")
        for r in log.itertuples(index=False):
            print(f"{_when(r.at)}  {r.user or '–'}: {r.detail}")
        return 0
    snaps = store.list_snapshots()
    if args.json:
        rows = snaps.assign(stichtag=snaps["stichtag"].map(lambda d: d.isoformat())).to_dict("records")
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return 0
    if snaps.empty:
        print("Keine Stände gespeichert. Beim ersten Start der App werden die Beispieldaten geladen.")
        return 0
    if (snaps["origin"] == "demo").all():
        print("Es sind nur synthetische Beispieldaten gespeichert.")
    head = f"{'Nr.':>5}  {'Datensatz':<24} {'Stichtag':<10} {'Zeilen':>7}  {'Importiert am':<16}  {'von':<14} Datei"
    print(head)
    for r in snaps.itertuples(index=False):
        mark = "" if r.active else " (nicht angezeigt)"
        print(f"{r.id:>5}  {r.label:<24} {fmt.date(r.stichtag):<10} {fmt.integer(r.rows):>7}  "
              f"{_when(r.imported_at):<16}  {str(r.imported_by or '–')[:14]:<14} {r.file_name or '–'}"
              f"{' [Beispieldaten]' if r.origin == 'demo' else ''}{mark}")
    return 0


# --- demo ----------------------------------------------------------------------------------------
def _configure_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ziel", metavar="ORDNER", help="Zielordner (Standard: data/demo).")
    p.add_argument("--seed", type=int, help="Zufallsstartwert (Standard: der der ausgelieferten Beispieldaten).")


def _run_demo(args: argparse.Namespace) -> int:
    from ankunft.core import geo
    from ankunft.storage import demo

    paths = demo.generate(args.ziel, seed=args.seed if args.seed is not None else demo.DEFAULT_SEED)
    for p in paths:
        print(f"geschrieben: {p}")
    if not args.ziel:
        print(f"geschrieben: {geo.write_districts_geojson()}")
    print("Synthetische Beispieldaten erzeugt. Sie werden geladen, solange keine echten Daten importiert sind.")
    return 0


# --- backup, purge --------------------------------------------------------------------------------
def _configure_backup(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="ZIELDATEI", help="Datei für die Sicherungskopie.")
    _db_arg(p)


def _run_backup(args: argparse.Namespace) -> int:
    from ankunft.storage.store import StoreError

    store = _open(args)
    try:
        dest = store.backup(args.path)
    except StoreError as e:
        print(str(e), file=sys.stderr)
        return 2
    except OSError as e:
        print(f"Sicherung nicht möglich: {e.strerror or e}", file=sys.stderr)
        return 2
    size = dest.stat().st_size
    shown = f"{fmt.num(size / 1024 / 1024, 1)} MB" if size >= 1024 * 1024 else f"{fmt.integer(max(1, size // 1024))} KB"
    print(f"Sicherung geschrieben: {dest} ({shown})")
    return 0


def _configure_purge(p: argparse.ArgumentParser) -> None:
    p.add_argument("--older-than-days", "--aelter-als-tage", dest="days", type=int, required=True, metavar="N",
                   help="Stände mit einem Stichtag, der mehr als N Tage zurückliegt, löschen "
                        "(der neueste Stand je Datensatz bleibt).")
    p.add_argument("--heute", type=parse_date_arg, metavar="TT.MM.JJJJ",
                   help="Bezugstag (Standard: heute).")
    _db_arg(p)


def _run_purge(args: argparse.Namespace) -> int:
    from ankunft.storage.store import StoreError

    store = _open(args)
    now = dt.datetime.combine(args.heute, dt.time()) if args.heute else clock.wall_clock()
    try:
        n = store.purge(args.days, now=now, user=_user())
    except StoreError as e:
        print(str(e), file=sys.stderr)
        return 2
    print(f"{fmt.plural(n, 'Stand', 'Stände')} gelöscht (Stichtag vor dem "
          f"{fmt.date(now.date() - dt.timedelta(days=args.days))}).")
    return 0


register("import", "Dateien prüfen und in die Datenbank übernehmen (ein Vorgang: alles oder nichts).",
         _configure_import, _run_import)
register("snapshots", "Gespeicherte Stände (oder mit --protokoll das Importprotokoll) anzeigen.",
         _configure_snapshots, _run_snapshots)
register("demo", "Synthetische Beispieldaten neu erzeugen (data/demo).", _configure_demo, _run_demo)
register("backup", "Konsistente Sicherungskopie der Datenbank schreiben.", _configure_backup, _run_backup)
register("purge", "Alte Stände löschen (Datensparsamkeit); wird protokolliert.", _configure_purge, _run_purge)
