"""Server start: the first view's imports and data are prepared before the server answers (issue #17).

`streamlit run app.py` finds the ``st.App`` that app.py names when it is imported as a module and
serves it; the App's lifespan runs :func:`prepare` once, after Streamlit's runtime has started and
before the first browser can connect. Without it the first visitor paid ≈ 1 s of CPU for imports
(pandas, pyarrow, plotly: 0,5 s), opening the store, loading the newest Stand and building the
Übersicht – all now done while the server starts, in the same shared caches the page reads
(:mod:`ankunft.ui.data`). The other pages' modules and first models of the newest Stand are built
here too (a background build competed with the officer's first page switches: 2,1–2,2 s each in
the browser benchmark). The background warm-up of the council view, the Bericht and the older
Stände still starts after the first page is drawn (app.py), so it never competes with that drawing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from ankunft.ui import auth, data
from ankunft.ui import frame as _frame  # noqa: F401 - the first page's modules, imported at start
from ankunft.ui import tables as _tables  # noqa: F401
from ankunft.ui import widgets as _widgets  # noqa: F401
from ankunft.views import overview_view as _overview_view  # noqa: F401

log = logging.getLogger("ankunft.startup")
PAGES_DIR = Path(__file__).resolve().parents[2] / "app_pages"


def prepare() -> list[str]:
    """Build what the first page view reads, through the page's own cached calls: the store (the demo
    filled on first use), the newest Stand and the one before, the Übersicht's model for the saved
    focus area. Returns the names of what was prepared. A fault (a damaged store …) is logged and
    never stops the server: the page then shows its German message, as before."""
    done: list[str] = []
    started = time.process_time()
    try:
        days = data.stichtage()
        done.append("Datenbank")
        if days:
            state, previous = data.load_state(days[-1]), data.load_previous(days[-1])
            done.append("Stand")
            if data.overview_model(state, previous, False) is not None:
                done.append("Übersicht")
            # the other pages' modules and their first models of the newest Stand (≈ 3 s CPU on 50.000
            # stays after a restart): built in the background beside the officer's first clicks, they
            # made each first page switch wait 2 s; the council view, the Bericht and the older Stände
            # stay in the background warm-up (app.py), which finds these built
            data.import_pages(PAGES_DIR)
            built = data.page_models(state, previous, data.history("accommodations", days[-1]))
            done += [name for name in built if name not in done]
    except Exception:  # noqa: BLE001 - the server starts anyway; the page reports the fault
        log.exception("Vorbereiten der ersten Ansicht fehlgeschlagen")
    log.info("Erste Ansicht vorbereitet (%s) in %.2f s CPU", ", ".join(done) or "nichts",
             time.process_time() - started)
    return done


@asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """The ``st.App`` lifespan: prepare the first view (in a worker thread, the event loop stays
    free), then serve. Set ANKUNFT_NO_WARM_UP to skip it (as the background warm-up).

    The upload guard (sign-in required for uploads, with ``[auth]``) is installed here, before the
    first session exists: installed only by the first script run, a PUT that arrived before that run
    reached the guard was kept (seen on a loaded CI machine: 204 instead of 403)."""
    try:
        auth.guard_uploads(auth.config())
    except Exception:  # noqa: BLE001 - the first script run installs it again (idempotent)
        log.exception("Upload-Schutz beim Start nicht eingerichtet")
    if not data.env_flag("ANKUNFT_NO_WARM_UP"):
        await asyncio.to_thread(prepare)
    yield
