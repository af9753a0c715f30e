"""The app ends when its terminal goes away (a closed window, a dropped SSH session, a killed
tmux pane), instead of staying behind with Textual's input thread reading end-of-file in a busy
loop: run under `make run`, okrtui never even receives the SIGHUP (make, the session leader,
does). Both ways are tried on a real pseudo-terminal with the real `okrtui` process."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

#: `make run`, as a newcomer starts the app: make leads the terminal's session and takes the
#: hang-up's SIGHUP; okrtui, its child, hears nothing. The recipe prints okrtui's pid first.
MAKEFILE = """
run:
\t@echo child=$$$$; exec "{python}" -m okrtui
"""


def _read_until(fd: int, needle: bytes, seconds: float = 30) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while needle not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    assert needle in seen, f"never saw {needle!r}; the terminal showed {seen[-500:]!r}"
    return seen


def _gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        # a zombie of ours counts as gone once reaped
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.1)
    return False


def _spawn(tmp_path: Path, command: list[str]) -> tuple[int, int]:
    """Run `command` on a new 80×24 pseudo-terminal of its own; its pid and the terminal."""
    env = dict(os.environ, OKRTUI_DB=str(tmp_path / "okrtui.json"), TERM="xterm-256color")
    env.pop("TEXTUAL_HEADLESS", None)
    pid, master = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        os.execvpe(command[0], command, env)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, master


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make, as `make run` does")
def test_a_hang_up_ends_the_app_run_by_make_which_hears_the_sighup_instead(tmp_path):
    makefile = tmp_path / "Makefile"
    makefile.write_text(MAKEFILE.format(python=sys.executable))
    leader, master = _spawn(tmp_path, ["make", "-s", "-f", str(makefile), "run"])
    shown = _read_until(master, b"child=")
    child = int(shown.split(b"child=")[1].split()[0])
    _read_until(master, b"Welcome")
    os.close(master)  # the terminal goes away
    try:
        assert _gone(child, 15), "okrtui stayed behind after its terminal hung up"
    finally:
        for pid in (child, leader):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(leader, 0)


def test_a_hang_up_ends_the_app_that_leads_its_session(tmp_path):
    pid, master = _spawn(tmp_path, [sys.executable, "-m", "okrtui"])
    _read_until(master, b"Welcome")
    os.close(master)
    try:
        assert _gone(pid, 15), "okrtui stayed behind after its terminal hung up"
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def test_a_terminal_that_is_still_there_is_not_gone():
    from okrtui.tui.terminal_guard import terminal_gone

    master, slave = os.openpty()
    try:
        assert not terminal_gone(slave)
    finally:
        os.close(master)
        os.close(slave)
