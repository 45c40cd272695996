"""Every documented header variant (glossary labels, keys and synonyms) maps to its field – generated
from the glossary, one test per variant – and docs/data-format.md lists every variant."""

from __future__ import annotations

from pathlib import Path

import pytest

from ankunft.core import glossary
from ankunft.importing.io import header_field
from ankunft.importing.pipeline import check_file

ROOT = Path(__file__).resolve().parents[3]


def _variants():
    for ds in glossary.DATASETS.values():
        for f in ds.fields:
            for v in dict.fromkeys((f.label, *f.synonyms)):
                yield pytest.param(ds.key, f.key, v, id=f"{ds.key}.{f.key}:{v}")


@pytest.mark.parametrize("dataset,key,variant", list(_variants()))
def test_variant_maps_to_its_field(dataset, key, variant):
    assert header_field(variant, dataset) == key
    assert header_field(variant.upper(), dataset) == key  # case
    assert header_field(f" {variant}\n", dataset) == key  # spaces and line breaks
    ds = glossary.DATASETS[dataset]
    others = [ds.field(k).label for k in ds.required if k != key and header_field(ds.field(k).label, dataset) != key]
    header = [variant, *others]
    csv = ";".join(header) + "\n" + ";".join("7" for _ in header) + "\n"
    rep = check_file(csv.encode("utf-8"), file_name="neutral.csv", dataset={"*": dataset})
    assert rep.code is None, rep.error
    t = rep.tables[0]
    assert t.dataset == dataset
    assert t.columns[variant] == key, t.columns


@pytest.mark.parametrize("dataset", glossary.DATASET_KEYS)
def test_dataset_is_detected_from_its_labels_alone(dataset):
    ds = glossary.DATASETS[dataset]
    header = [f.label for f in ds.fields]
    csv = ";".join(header) + "\n"
    rep = check_file(csv.encode("utf-8"), file_name="export.csv")
    assert [t.dataset for t in rep.tables] == [dataset]
    assert set(rep.tables[0].columns.values()) == set(ds.keys)


def test_data_format_doc_lists_every_dataset_field_and_variant():
    doc = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    for ds in glossary.DATASETS.values():
        assert f"`{ds.key}`" in doc and ds.label in doc
        section = doc.split(f"`{ds.key}`", 1)[1].split("\n## ", 1)[0]
        for f in ds.fields:
            row = next((ln for ln in section.splitlines() if ln.startswith(f"| `{f.key}` ")), None)
            assert row is not None, (ds.key, f.key)
            assert f.label in row
            for v in f.synonyms:
                assert v in row, (ds.key, f.key, v)
            assert ("ja" if f.required else "nein") in row.split("|")[4]
    for header, what in glossary.IDENTIFIER_HEADERS.items():
        assert what in doc
