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
    real = gitrepo._run
    calls = [0]

    names: list[str] = []

    def counted(folder, *args, **kwargs):
        calls[0] += 1
        names.append(next((a for a in args if not a.startswith("-") and "=" not in a), "?"))
        if calls[0] == stop_at:
            # Kill mid-command: start git and stop once it is under way, as a kill -9 would.
            environ = gitrepo.os.environ | {"LC_ALL": "C"} | dict(kwargs.get("env") or {})
            subprocess.Popen(["git", *gitrepo.SAFE_OPTIONS, "-C", str(folder), *args], env=environ)
            time.sleep(0.05)
            flag.write_text(" ".join(args[:3]))
            time.sleep(600)
        return real(folder, *args, **kwargs)

    gitrepo._run = counted
    code = main(["--db", db, "sync"])
    if stop_at == 0:
        print(" ".join(names))
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
