"""Provides `Terminal`, a tmux pane to run a program in and watch as a person would.

Timing "until it is on screen" means polling `tmux capture-pane` for a known string: what a
person sees, drawing and terminal included, not an event inside the program. Polls are ~2 ms
apart, which bounds the resolution. The pane runs the command with `exec`, so the pane's
process is the program itself and its peak memory can be read from /proc.
"""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

#: Seconds between two looks at the screen.
POLL = 0.002


class Terminal:
    """A detached tmux session of a fixed size on its own server socket."""

    def __init__(self, socket: Path, width: int = 120, height: int = 40) -> None:
        self.socket = str(socket)
        self.size = (width, height)
        self._tmux(
            "new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), "sleep 100000"
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self, command: list[str], env: Mapping[str, str]) -> float:
        """Run `command` in a fresh window; returns the moment it was started."""
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = f"exec env {exports} {shlex.join(command)}"
        started = time.perf_counter()
        self._tmux("new-window", "-d", "-t", "bench:1", "-n", "run", line)
        return started

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "bench:1")

    def wait_for(self, *texts: str, timeout: float = 60.0) -> float:
        """Poll the screen until every one of `texts` is on it; returns that moment."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts):
                return time.perf_counter()
            time.sleep(POLL)
        raise TimeoutError(f"never saw {texts!r}; the screen shows:\n{self.screen()}")

    def press(self, *keys: str) -> float:
        """Send keys (tmux names: Enter, Escape, or literal text); returns the moment sent."""
        self._tmux("send-keys", "-t", "bench:1", *keys)
        return time.perf_counter()

    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", "bench:1", "#{pane_pid}").strip())

    def peak_memory_mib(self) -> float:
        """The program's peak resident memory so far (VmHWM), in MiB."""
        status = Path(f"/proc/{self.pid()}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        return kib / 1024

    def stop(self) -> None:
        """Close the window (and so the program in it)."""
        subprocess.run(
            ["tmux", "-S", self.socket, "kill-window", "-t", "bench:1"], capture_output=True
        )
        time.sleep(0.05)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)
