"""How a snapshot's rows are stored: compressed column-wise JSON that records each column's dtype,
so canonical frames round-trip exactly (text ids with leading zeros, NA, dates, nullable booleans)."""

from __future__ import annotations

import json
import zlib

import numpy as np
import pandas as pd

ENCODING = "columns-json-zlib-1"


def _none_where(values: np.ndarray, mask: np.ndarray) -> list:
    out = values.astype(object)
    out[mask] = None
    return out.tolist()


def encode_frame(df: pd.DataFrame) -> bytes:
    """Column-wise JSON (zlib) that keeps each column's dtype; see :func:`decode_frame`."""
    cols = []
    for name in df.columns:
        s = df[name]
        dtype = s.dtype
        mask = s.isna().to_numpy()
        if isinstance(dtype, np.dtype) and dtype.kind == "M":
            values = s.to_numpy().view("int64").tolist()  # NaT is int64 min
            kind = "datetime"
        elif isinstance(dtype, np.dtype) and dtype.kind == "f":
            values = _none_where(s.to_numpy(), mask)
            kind = "float"
        elif isinstance(dtype, np.dtype) and dtype.kind in "iu":
            values = s.to_numpy().tolist()
            kind = "int"
        elif isinstance(dtype, np.dtype) and dtype.kind == "b":
            values = s.to_numpy().tolist()
            kind = "bool"
        elif isinstance(dtype, pd.BooleanDtype) or str(dtype) in ("Int64", "Int32", "Float64"):
            values = _none_where(s.to_numpy(dtype=object), mask)
            kind = "nullable"
        elif isinstance(dtype, pd.StringDtype) or dtype == object:
            values = _none_where(s.astype(object).to_numpy(), mask)
            values = [v if v is None or isinstance(v, str) else str(v) for v in values]
            kind = "text"
        elif isinstance(dtype, pd.DatetimeTZDtype):
            values = [None if m else v.isoformat() for v, m in zip(s, mask)]
            kind = "datetime_tz"
        else:
            values = [None if m else str(v) for v, m in zip(s.astype(object), mask)]
            kind = "text"
        cols.append({"name": str(name), "dtype": str(dtype), "kind": kind, "values": values})
    body = json.dumps({"n": len(df), "columns": cols}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(body.encode("utf-8"), 1)


def decode_frame(payload: bytes) -> pd.DataFrame:
    obj = json.loads(zlib.decompress(payload).decode("utf-8"))
    data = {}
    for c in obj["columns"]:
        kind, dtype, values = c["kind"], c["dtype"], c["values"]
        if kind == "datetime":
            s = pd.Series(np.array(values, dtype="int64").view(dtype))
        elif kind == "float":
            s = pd.Series(np.array([np.nan if v is None else v for v in values], dtype=dtype))
        elif kind in ("int", "bool"):
            s = pd.Series(np.array(values, dtype=dtype))
        elif kind == "nullable":
            s = pd.Series(pd.array(values, dtype=dtype))
        elif kind == "datetime_tz":
            s = pd.Series(pd.to_datetime(values, utc=True)).astype(dtype)
        else:
            s = pd.Series(values, dtype=object if dtype == "object" else dtype)
        data[c["name"]] = s
    df = pd.DataFrame(data, index=pd.RangeIndex(obj["n"]))
    return df
