import json
import math

import numpy as np
import pytest

from ankunft.core import geo, reference


@pytest.fixture(scope="module")
def shipped():
    return geo.load_districts_geojson()


def test_shipped_file_is_the_generated_partition(shipped):
    assert shipped == geo.generate_districts_geojson()
    assert geo.is_approximate(shipped)
    assert [f["properties"]["district_id"] for f in shipped["features"]] == [d.id for d in reference.DISTRICTS]
    for f in shipped["features"]:
        p = f["properties"]
        assert p["approximate"] is True
        assert p["name"] == reference.DISTRICT_NAMES[p["district_id"]]
        ring = f["geometry"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) >= 4


def test_each_polygon_contains_its_marker_and_no_other(shipped):
    for f in shipped["features"]:
        did = f["properties"]["district_id"]
        for d in reference.DISTRICTS:
            assert geo.point_in_feature(d.lon, d.lat, f) == (d.id == did), (did, d.id)


def test_polygons_partition_the_outline(shipped):
    areas = [geo.ring_area_km2(f["geometry"]["coordinates"][0]) for f in shipped["features"]]
    outline = geo.ring_area_km2(geo.CITY_OUTLINE)
    assert sum(areas) == pytest.approx(outline, rel=1e-3)
    # the outline is roughly the city's 139.7 km²
    assert 120 < outline < 160
    assert min(areas) > 0.5


def test_quartiersbuero_slevfisch_lies_in_district_09(shipped):
    f09 = next(f for f in shipped["features"] if f["properties"]["district_id"] == "09")
    assert geo.point_in_feature(7.743, 49.447, f09)


def test_point_in_ring_square_vectorised():
    square = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    res = geo.point_in_ring(np.array([0.5, 1.5, 0.1, -0.1]), np.array([0.5, 0.5, 0.9, 0.5]), square)
    assert res.tolist() == [True, False, True, False]
    assert geo.point_in_ring(0.5, 0.5, square) is True


def test_polygon_area_unit_square():
    assert geo.polygon_area([(0, 0), (1, 0), (1, 1), (0, 1)]) == pytest.approx(1.0)
    assert geo.polygon_area([(0, 0), (0, 1), (1, 1), (1, 0)]) == pytest.approx(-1.0)


def test_haversine_known_values():
    # one degree of latitude along a meridian: R·π/180
    assert geo.haversine_m(49.0, 7.0, 50.0, 7.0) == pytest.approx(6_371_008.8 * math.pi / 180, rel=1e-9)
    assert geo.haversine_m(49.44, 7.76, 49.44, 7.76) == 0.0
    # one degree of longitude at latitude 60° is about half of one at the equator
    eq = geo.haversine_m(0.0, 0.0, 0.0, 1.0)
    assert geo.haversine_m(60.0, 0.0, 60.0, 1.0) == pytest.approx(eq / 2, rel=1e-3)
    lat2 = np.array([49.44, 49.45, 49.46])
    d = geo.haversine_m(49.44, 7.76, lat2, np.array([7.76, 7.76, 7.76]))
    assert d.shape == (3,)
    assert d[0] == 0.0
    assert d[2] == pytest.approx(2 * d[1], rel=1e-6)
    assert d[1] == pytest.approx(1111.95, abs=0.5)


def _official_sample() -> bytes:
    def sq(x, y, s=0.005):
        return [[[x, y, 231.5], [x + s, y, 231.5], [x + s, y + s, 231.5], [x, y + s, 231.5], [x, y, 231.5]]]

    feats = [
        {"type": "Feature", "properties": {"Bezirk": "Kaiserslautern-West", "Nummer": "9"},
         "geometry": {"type": "Polygon", "coordinates": sq(7.72, 49.44)}},
        {"type": "Feature", "properties": {"Bezirk": "Innenstadt-West/Kotten", "Nummer": None},
         "geometry": {"type": "Polygon", "coordinates": sq(7.75, 49.44)}},
        {"type": "Feature", "properties": {"Bezirk": "Kaiserslautern-West", "Nummer": "09"},
         "geometry": {"type": "Polygon", "coordinates": sq(7.71, 49.45)}},
        {"type": "Feature", "properties": {"Bezirk": "Atlantis", "Nummer": "77"},
         "geometry": {"type": "Polygon", "coordinates": sq(7.0, 49.0)}},
    ]
    return json.dumps({"type": "FeatureCollection", "features": feats}).encode("utf-8")


def test_import_official_normalises_ids_names_and_drops_z():
    g = geo.import_official_geojson(_official_sample())
    assert g["approximate"] is False
    ids = [f["properties"]["district_id"] for f in g["features"]]
    assert ids == ["03", "09"]
    f03, f09 = g["features"]
    assert f03["properties"]["name"] == "Innenstadt West/Kotten"
    assert f03["geometry"]["coordinates"][0][0] == [7.75, 49.44]
    # two parts of 09 merged into one MultiPolygon
    assert f09["geometry"]["type"] == "MultiPolygon"
    assert len(f09["geometry"]["coordinates"]) == 2
    assert all(len(pt) == 2 for part in f09["geometry"]["coordinates"] for pt in part[0])
    assert g["skipped"] == ["Atlantis: kein bekannter Stadtteil"]
    assert "01" in g["missing"] and "09" not in g["missing"]
    assert geo.point_in_feature(7.7125, 49.4525, f09)
    assert not geo.is_approximate(g)


def test_import_official_rejects_garbage():
    with pytest.raises(geo.GeoJSONError, match="kein gültiges GeoJSON"):
        geo.import_official_geojson(b"{not json")
    with pytest.raises(geo.GeoJSONError, match="FeatureCollection"):
        geo.import_official_geojson(b'{"type": "Feature"}')
    with pytest.raises(geo.GeoJSONError, match="Stadtteil"):
        geo.import_official_geojson(b'{"type": "FeatureCollection", "features": []}')


def test_official_file_replaces_approximate_in_store(tmp_path):
    from ankunft.storage.store import Store

    store = Store(tmp_path / "a.db")
    assert geo.is_approximate(geo.load_districts_geojson(store=store))
    geo.save_official_geojson(store, _official_sample(), user="test")
    loaded = geo.load_districts_geojson(store=store)
    assert not geo.is_approximate(loaded)
    assert [f["properties"]["district_id"] for f in loaded["features"]] == ["03", "09"]
    geo.reset_official_geojson(store, user="test")
    assert geo.is_approximate(geo.load_districts_geojson(store=store))
