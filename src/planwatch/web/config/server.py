"""``planwatch serve``: the web application under gunicorn, with one synchronous worker process per
request in flight.

Why this shape (measured in ``bench/README.md``):

- Python runs one thread at a time per process, so using both cores of the province's server takes
  processes; threads inside one process only queue for it.
- Synchronous workers close the connection after each answer, and the kernel hands the next connection
  to whichever worker is free: requests wait in one first-come queue. Threaded workers keep each
  browser's connection for themselves, so a worker holding many busy connections made its clients wait
  three times longer than the median (p95 ≈ 3 × p50) while another sat idle.
- ``2 × cores + 1`` workers (gunicorn's own advice) leaves workers free while a slow request runs (a PDF
  report takes a few seconds).

Every process keeps its own caches, keyed by ``data_stamp()``, so they never disagree. What must be
shared lives in the database cache (settings ``CACHES["shared"]``): login throttling and API rate
limits, and the costly results one process computes for all (web.caching: the evaluated catalogue,
the laid-out reports).
"""

from __future__ import annotations

import os
import socket
from typing import Any

from planwatch.domain.errors import DomainError

# A request that takes longer than this is stopped and its worker replaced (the slowest known one, a
# PDF report converted by LibreOffice, takes seconds, not minutes).
REQUEST_TIMEOUT_SECONDS = 120


class ServeError(DomainError):
    """The server cannot start: the address is taken or unknown."""


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


def serve(application: Any, host: str, port: int, workers: int) -> None:
    """Serve ``application`` on ``host:port`` with ``workers`` (at least one) processes until stopped."""
    _check_free(host, port)
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {
                "bind": f"{host}:{port}",
                "workers": workers,
                "worker_class": "sync",
                "timeout": REQUEST_TIMEOUT_SECONDS,
                "accesslog": None,
                "loglevel": "warning",
                "proc_name": "planwatch",
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


def _check_free(host: str, port: int) -> None:
    """Say clearly that the address is taken, before gunicorn retries it five times and gives up."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as error:
        raise ServeError(f"không hiểu địa chỉ máy '{host}' ({error.strerror})") from None
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            raise ServeError(
                f"không mở được cổng {host}:{port} ({error.strerror}); "
                "một chương trình khác đang dùng cổng này? Hãy dừng nó hoặc dùng --port"
            ) from None
