"""A sync that stops dead at a chosen instant: `python -m tests.git._kill_sync DB N FLAG`.

Runs `okrtui sync` on DB; at the N-th git command it starts (counting from 1), it writes FLAG
and waits to be killed (the test SIGKILLs the whole process group): so a test can kill a sync
at every step in turn, including while git runs the merge driver (the git command is started,
and the wait happens once it has run for a moment) or between writing files and moving HEAD.
With N = 0 it only prints how many git commands the sync ran.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from okrtui.cli import main
from okrtui.store.team import gitrepo


def run(db: str, stop_at: int, flag: Path) -> int:
    real = subprocess.run
    calls = [0]
    names: list[str] = []

    def counted(command, *args, **kwargs):
        if command[:1] != ["git"]:
            return real(command, *args, **kwargs)
        calls[0] += 1
        words = command[1:]
        if "-C" in words:  # the subcommand follows the options and the folder
            words = words[words.index("-C") + 2 :]
        names.append(next((w for w in words if not w.startswith("-") and "=" not in w), "?"))
        if calls[0] == stop_at:
            # Killed mid-command: git is started, and the process stops once it is under way.
            subprocess.Popen(command, env=kwargs.get("env"), stdout=subprocess.DEVNULL)
            time.sleep(0.05)
            flag.write_text(names[-1])
            time.sleep(600)
        return real(command, *args, **kwargs)

    gitrepo.subprocess.run = counted  # the module's own reference: git calls only
    code = main(["--db", db, "sync"])
    if stop_at == 0:
        print(" ".join(names))
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
