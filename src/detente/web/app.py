"""The app factory: routers under ``/api/``, the page and every asset served from the installed packages.

Nothing is fetched from the internet: the page's JavaScript and CSS are in
``detente/web/static``, plotly.js is the one inside the installed ``plotly``
package, and the OpenAPI pages (``/docs``: Swagger UI 5, ``/redoc``) use the
copies shipped by the ``fastapi-offline`` package. ``/openapi.json`` is
FastAPI's own.
"""

from __future__ import annotations

import contextlib
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..store import Store
from . import api_draft, api_history, api_runs, api_scenarios
from .errors import install_handlers
from .jobs import JobManager
from .limits import UploadLimit
from .settings import Settings

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "static"


def _plotly_js() -> Path:
    return Path(str(files("plotly") / "package_data" / "plotly.min.js"))


def _docs_assets() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app instance: its own job threads, run store and scenario folder (see :class:`.Settings`)."""
    settings = settings or Settings()
    jobs = JobManager(settings.job_workers)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        jobs.shutdown()

    app = FastAPI(title="detente", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Forecast and stress-test multi-party negotiations: the HTTP API of `detente serve`. "
                              "It calls the same Python functions as the command line.")
    store = Store(settings.store)
    app.state.settings, app.state.jobs, app.state.store = settings, jobs, lambda: store
    install_handlers(app)
    for module in (api_scenarios, api_runs, api_history, api_draft):
        app.include_router(module.router)
    _pages(app)
    app.add_middleware(UploadLimit, limit=settings.max_upload)
    if settings.allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    return app


def _pages(app: FastAPI) -> None:
    app.mount("/static/docs", StaticFiles(directory=_docs_assets()), name="docs-assets")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(_docs_assets() / "favicon.png", media_type="image/png")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js(), media_type="text/javascript")

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="detente API",
                                   swagger_js_url="/static/docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static/docs/swagger-ui.css",
                                   swagger_favicon_url="/static/docs/favicon.png")

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="detente API",
                              redoc_js_url="/static/docs/redoc.standalone.js",
                              redoc_favicon_url="/static/docs/favicon.png", with_google_fonts=False)
