"""Provides `guard_terminal`: the app ends when its terminal goes away.

Closing a terminal window, a dropped SSH session or a killed tmux pane hangs up the app's
terminal. The kernel's SIGHUP does not always reach the app (run under `make run`, it goes to
make), and Textual's input thread then reads end-of-file in a busy loop: the app would stay
behind, invisible, burning a core for as long as the machine runs. So the app listens for
SIGHUP and also looks, every `LOOK_INTERVAL` seconds, whether the terminal it started on is
still a terminal; when it is gone, the app exits as if the person had quit. Every change is
already on disk by then (each is written atomically as it is made), and Textual's own shutdown
can block writing its last bytes to the terminal that is gone, so if the app has not ended
`GRACE` seconds later, the process ends there and then.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from typing import Any

from textual.app import App

#: Seconds between looks at the terminal.
LOOK_INTERVAL = 1.0
#: Seconds the app's shutdown may take once the terminal is gone.
GRACE = 3.0
#: The exit status of a process whose terminal hung up (128 + SIGHUP, as a shell reports it).
HUNG_UP = 129


def _terminal_fd() -> int | None:
    """The file descriptor the app reads keys from, if it is a terminal."""
    stream = sys.__stdin__
    if stream is None:
        return None
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


def terminal_gone(fd: int) -> bool:
    """Whether `fd`, a terminal when the app started, has been hung up."""
    try:
        return not os.isatty(fd)
    except OSError:
        return True


def guard_terminal(app: App[Any]) -> None:
    """Make `app` exit when its terminal hangs up (call once the app runs, e.g. on mount).

    Does nothing for an app that did not start on a terminal (tests, headless runs)."""
    fd = _terminal_fd()
    if fd is None or app.is_headless:
        return
    ending = threading.Event()

    def hung_up() -> None:
        if ending.is_set():
            return
        ending.set()
        threading.Thread(target=_end_after_grace, name="terminal guard", daemon=True).start()
        app.exit(return_code=HUNG_UP)

    if hasattr(signal, "SIGHUP"):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, hung_up)

    def look() -> None:
        if terminal_gone(fd):
            hung_up()

    app.set_interval(LOOK_INTERVAL, look, name="terminal guard")


def _end_after_grace() -> None:
    """End the process if the app's shutdown has not, `GRACE` seconds after a hang-up."""
    threading.Event().wait(GRACE)
    os._exit(HUNG_UP)
