"""The demo exports (``data/demo/``) as tables ready for the store, read through the real import
pipeline. The pipeline's result is memoised in the process and cached on disk per user, keyed by
the files and by the package sources, so a fresh store fills in well under 2 s
(:func:`ankunft.storage.store.ensure_demo` stores them).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import zlib
from pathlib import Path

from ankunft.core import fmt, glossary
from ankunft.storage.base import DEMO_DIR, ImportRefused
from ankunft.storage.codec import ENCODING, decode_frame, encode_frame
from ankunft.storage.importer import report_json
from ankunft.storage.schema import SCHEMA_VERSION

DEMO_USER = "Beispieldaten"


def demo_files(demo_dir: Path | str | None = None) -> list[Path]:
    """The demo workbooks (``data/demo/*.xlsx`` unless another folder is given), sorted."""
    d = Path(demo_dir) if demo_dir else DEMO_DIR
    return sorted(p for p in d.glob("*.xlsx") if not p.name.startswith("~$"))


_DEMO_MEMO: dict[str, list[tuple]] = {}


def _demo_key(files: list[Path]) -> str:
    """Hash of the demo files and of the domain code that reads them (pipeline, parsers, glossary …)."""
    h = hashlib.sha256()
    h.update(f"{ENCODING}|{SCHEMA_VERSION}".encode())
    for p in files:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    pkg = Path(__file__).resolve().parents[1]  # the whole ankunft package
    for src in sorted(pkg.rglob("*.py")):
        if "ui" in src.relative_to(pkg).parts:
            continue
        h.update(str(src.relative_to(pkg)).encode())
        h.update(src.read_bytes())
    return h.hexdigest()


def _demo_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ankunft"


def demo_tables(files: list[Path], cache: bool) -> list[tuple]:
    """The demo tables as ``(dataset, stichtag, frame, file_name, sheet, report_json)`` tuples.

    Always produced by the real pipeline; the result is memoised in this process and cached on
    disk (per user, keyed by the files and the code), so a fresh store fills in well under 2 s.
    """
    key = _demo_key(files) if cache else ""
    if cache and key in _DEMO_MEMO:
        return _DEMO_MEMO[key]
    cache_file = _demo_cache_dir() / f"demo-{key[:24]}.json.z"
    if cache and cache_file.is_file():
        try:
            obj = json.loads(zlib.decompress(cache_file.read_bytes()).decode("utf-8"))
            if obj.get("key") == key:
                tables = [(t["dataset"], dt.date.fromisoformat(t["stichtag"]),
                           decode_frame(base64.b64decode(t["payload"])), t["file_name"], t["sheet"], t["report"])
                          for t in obj["tables"]]
                _DEMO_MEMO[key] = tables
                return tables
        except (OSError, ValueError, KeyError, zlib.error):
            pass  # a broken cache is rebuilt below
    from ankunft.importing.pipeline import check_file

    tables = []
    for p in files:
        rep = check_file(p, file_name=p.name)
        if rep.code is not None:
            raise ImportRefused(f"Beispieldaten {p.name}: {rep.error}")
        for t in rep.tables:
            if t.blocking or t.errors:
                raise ImportRefused(f"Beispieldaten {p.name}, Blatt „{t.sheet}“: "
                                    f"{fmt.plural(len(t.errors), 'Fehler', 'Fehler')}.")
            tables.append((t.dataset, t.stichtag, glossary.conform(t.dataset, t.frame), p.name, t.sheet,
                           report_json(t)))
    if cache:
        _DEMO_MEMO[key] = tables
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            body = {"key": key, "tables": [
                {"dataset": d, "stichtag": s.isoformat(), "file_name": f, "sheet": sh, "report": r,
                 "payload": base64.b64encode(encode_frame(fr)).decode("ascii")} for d, s, fr, f, sh, r in tables]}
            tmp = cache_file.with_name(cache_file.name + f".{os.getpid()}.tmp")
            tmp.write_bytes(zlib.compress(json.dumps(body).encode("utf-8"), 1))
            os.replace(tmp, cache_file)
            for old in cache_file.parent.glob("demo-*.json.z"):
                if old != cache_file:
                    old.unlink(missing_ok=True)
        except OSError:
            pass  # no writable cache directory: fine, only slower next time
    return tables
