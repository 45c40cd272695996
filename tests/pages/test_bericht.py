"""AppTest of the Bericht page: content choice, four downloads named with the Stand, the Sachstand,
council mode (no upload, ≤2 in the exported tables), a store with one dataset only, city template."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from pptx import Presentation
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from ankunft.storage import demo
from ankunft.storage import store as store_mod
from ankunft.views import report_view as assemble

from .conftest import all_text, no_exception, open_page

STAND = "2026-09-30"


class Downloads(dict):
    """The files of the download buttons of the last run, by file name. A button with a file builds it
    when clicked (``st.download_button(data=callable)``): reading its name here is the click – the
    callable runs as the server runs it on a click, through the runtime's media file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[str, tuple] = {}  # file name -> (media file manager, deferred file id)

    def click(self, name: str) -> bytes:
        manager, file_id = self.pending[name]
        manager.execute_deferred(file_id)  # stores the built file: recorded under its name
        return dict.__getitem__(self, name)

    def __getitem__(self, name: str) -> bytes:
        return self.click(name) if name in self.pending else dict.__getitem__(self, name)

    def __contains__(self, name) -> bool:
        return name in self.pending or dict.__contains__(self, name)

    def __iter__(self):
        return iter(sorted(set(dict.keys(self)) | set(self.pending)))

    def clear(self) -> None:
        super().clear()
        self.pending.clear()

    def __repr__(self) -> str:  # names only: a failing assertion must not print megabytes of files
        return f"Downloads({list(self)})"


@pytest.fixture
def downloads(monkeypatch):
    """Every file handed to a download button: file name -> bytes (a deferred file is built on reading)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    files = Downloads()
    original = MemoryMediaFileStorage.load_and_get_id
    original_deferred = MediaFileManager.add_deferred

    def record(self, path_or_data, mimetype, kind, filename=None):
        data = path_or_data.encode("utf-8") if isinstance(path_or_data, str) else path_or_data
        if filename:
            dict.__setitem__(files, filename, data)
        return original(self, path_or_data, mimetype, kind, filename)

    def record_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        if file_name:
            files.pending[file_name] = (self, file_id)
            dict.pop(files, file_name, None)  # a file of an earlier run is not this run's
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    monkeypatch.setattr(MediaFileManager, "add_deferred", record_deferred)
    return files


def _labels(at) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


def test_bericht_offers_four_downloads_named_with_the_stand(demo_db, downloads):
    at = open_page("bericht")
    no_exception(at)
    text = all_text(at)
    assert "Bericht zum Stand 30.09.2026 mit 9 Abschnitten." in text
    assert _labels(at) == ["PowerPoint", "Excel", "HTML (offline)", "Sachstand (Text)"]
    names = sorted(downloads)
    assert names == sorted([f"Bericht_Kaiserslautern_Stand_{STAND}.html", f"Bericht_Kaiserslautern_Stand_{STAND}.pptx",
                            f"Bericht_Kaiserslautern_Stand_{STAND}.xlsx",
                            f"Sachstand_Kaiserslautern_Stand_{STAND}.txt"])
    prs = Presentation(io.BytesIO(downloads[f"Bericht_Kaiserslautern_Stand_{STAND}.pptx"]))
    assert len(prs.slides) == 16  # with "Inhalt" as slide 2, "Handlungsbedarf" after the key figures, "Entwicklung"
    tiles = [sh.text_frame.text for sh in prs.slides[2].shapes if sh.name.startswith("Kennzahl ")]
    assert tiles[0] == "1.378\nMenschen in Unterkünften\n+113 seit 31.03.2026"
    html = downloads[f"Bericht_Kaiserslautern_Stand_{STAND}.html"].decode("utf-8")
    assert not re.search(r"https?://", html)
    sachstand = at.code[0].value
    assert sachstand.startswith("Sachstand zur Unterbringung Geflüchteter in Kaiserslautern (Stand 30.09.2026)")
    assert "1.378 Menschen in 14 städtischen Unterkünften" in sachstand
    assert downloads[f"Sachstand_Kaiserslautern_Stand_{STAND}.txt"].decode("utf-8") == sachstand
    assert at.file_uploader(key="bericht_template_upload") is not None
    # the preview: one expander per section, with its speaker note (the sidebar has the focus area's)
    assert [e.label for e in at.main.expander] == [
        "Handlungsbedarf", "Kennzahlen und Definitionen", "Entwicklung", "Unterkünfte und Belegung", "Aufenthaltsdauer",
        "Wohnqualität",
        "Soziale Infrastruktur", "Stadtteilprofil: Bezirk 09 Kaiserslautern-West (mit Nordwest)",
        "Szenarienvergleich"]


def test_choice_of_sections_and_author(demo_db, downloads):
    at = open_page("bericht")
    at.multiselect(key="bericht_sections").set_value(["accommodations", "housing"])
    at.text_input(key="bericht_author").set_value("Integrationsbüro, Frau Beispiel")
    at.run()
    no_exception(at)
    assert "Bericht zum Stand 30.09.2026 mit 2 Abschnitten." in all_text(at)
    prs = Presentation(io.BytesIO(downloads[f"Bericht_Kaiserslautern_Stand_{STAND}.pptx"]))
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == [assemble.REPORT_TITLE, "Inhalt", "Kennzahlen auf einen Blick", "Unterkünfte und Belegung",
                      "Unterkünfte und Belegung", "Wohnqualität", "Wohnqualität", "Annahmen und Quellen"]
    title_text = "\n".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Integrationsbüro, Frau Beispiel" in title_text
    at.multiselect(key="bericht_sections").set_value([])
    at.run()
    assert "Bitte mindestens einen Abschnitt wählen." in all_text(at)
    assert not at.get("download_button")


def test_council_mode(demo_db, downloads):
    at = open_page("bericht")
    at.session_state["council_mode"] = True
    at.run()
    no_exception(at)
    text = all_text(at)
    assert "Ratsfassung, kleine Fallzahlen unterdrückt." in text
    assert not at.get("file_uploader")  # no upload control in council mode
    assert not at.dataframe  # no tables of persons on the page
    name = f"Bericht_Kaiserslautern_Stand_{STAND}_Rat.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(downloads[name]))
    los = [c for row in wb["Aufenthaltsdauer"].iter_rows(min_row=7, values_only=True) for c in row]
    # the Ratsfassung merges bands until no cell is small (issue 15), so the demo sheet needs no marker
    assert "Gesamt" in los and 1378 in los
    assert not [c for c in los if isinstance(c, (int, float)) and 0 < c <= 2]  # small counts never as numbers
    assert "Zum Schutz der Bewohnerinnen und Bewohner" in at.code[0].value
    # one threshold per Stand (issue 15): no choice on the page, the same markers as on the screens
    assert not at.get("radio")
    assert "<5" not in los


def test_store_with_accommodations_only(tmp_path, monkeypatch, downloads):
    path = tmp_path / "nur-unterkuenfte.db"
    s = store_mod.Store(str(path))
    s.import_tables([("accommodations", demo.STICHTAG, demo.build().accommodations, "unterkuenfte.xlsx", None,
                      None)], user="test")
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    at = open_page("bericht")
    no_exception(at)
    text = all_text(at)
    assert ("Ohne Daten und daher nicht im Bericht: Entwicklung, Aufenthaltsdauer, Wohnqualität, Soziale Infrastruktur."
            in text)  # Entwicklung: one Stand only
    assert "Bericht zum Stand 30.09.2026 mit 5 Abschnitten." in text
    assert len(_labels(at)) == 4
    assert "Die Modellrechnung zu den in der Unterkunftsliste geplanten Schließungen" in at.code[0].value


def test_empty_store_says_what_is_missing(tmp_path, monkeypatch):
    path = tmp_path / "leer.db"
    store_mod.Store(str(path))
    monkeypatch.setenv("ANKUNFT_DB", str(path))
    monkeypatch.setattr(store_mod, "ensure_demo", lambda s: None)
    at = open_page("bericht")
    no_exception(at)
    assert "Für einen Bericht fehlen noch Daten." in all_text(at)
    assert not at.get("download_button")


def test_city_template_is_used_and_a_bad_one_is_explained(demo_db, downloads):
    template = io.BytesIO()
    prs = Presentation()
    prs.slide_master.name = "Stadt KL"
    prs.save(template)
    at = open_page("bericht")
    at.multiselect(key="bericht_sections").set_value(["accommodations"])
    at.run()
    at.file_uploader(key="bericht_template_upload").set_value(
        ("stadt.potx", template.getvalue(), "application/vnd.openxmlformats-officedocument.presentationml.template"))
    at.run()
    no_exception(at)
    assert "PowerPoint mit der Vorlage „stadt.potx“." in all_text(at)
    at.file_uploader(key="bericht_template_upload").set_value(("kaputt.pptx", b"kein zip", "application/octet-stream"))
    at.run()
    no_exception(at)
    assert any("„kaputt.pptx“ kann nicht verwendet werden" in e.value for e in at.error)
    assert _labels(at) == ["Excel", "HTML (offline)", "Sachstand (Text)"]
