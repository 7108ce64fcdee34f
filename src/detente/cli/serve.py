"""``detente serve``: start the local web app (FastAPI on uvicorn) and print its URL.

Binds 127.0.0.1 unless ``--host`` says otherwise: the app reads and writes
the run store and the scenario folder, so it is for this machine only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .._console import error, out, warning
from .options import StorePath


def serve(
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(help="Address to bind; 0.0.0.0 exposes the app to the network.")]
    = "127.0.0.1",
    store: StorePath = None,
    scenarios: Annotated[Optional[Path], typer.Option(
        "--scenarios", help="Folder of your scenarios, listed and saved into (default: $DETENTE_SCENARIOS or "
        "~/.local/share/detente/scenarios).")] = None,
    max_upload: Annotated[int, typer.Option("--max-upload", help="Largest upload accepted, in bytes.", min=1)]
    = 5_000_000,
    jobs: Annotated[int, typer.Option("--jobs", help="Runs executed at the same time (others queue).", min=1)] = 1,
) -> None:
    """Start the local web app: build a scenario, run the models, see the charts (Ctrl-C stops it)."""
    import uvicorn

    from ..web import Settings, create_app

    loopback = host in ("127.0.0.1", "localhost", "::1")
    settings = Settings(store=store, max_upload=max_upload, job_workers=jobs,
                        allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None,
                        **({"scenario_dir": scenarios} if scenarios is not None else {}))
    _check_free(host, port)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    out.print(f"detente web app: http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs; Ctrl-C stops)",
              highlight=False, soft_wrap=True)
    if not loopback:
        warning(f"listening on {host}: anyone who can reach this machine can use the app")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except KeyboardInterrupt:  # pragma: no cover - uvicorn handles Ctrl-C itself
        pass


def _check_free(host: str, port: int) -> None:
    """A port that is taken (or an address not of this machine) is one line and exit 2, before anything starts."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            error(f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port (or --host)")
            raise typer.Exit(2) from None
