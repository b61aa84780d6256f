#!/usr/bin/env python3
"""supervisord event listener: when a program's main process dies, end what is left of its group.

systemd ends every process of a unit's control group before restarting it; supervisord only
restarts the main process. granian's workers outlive a killed granian (they keep the listening
socket and serve the old code beside the restarted server), so on PROCESS_STATE_EXITED this
listener sends SIGKILL to the dead process's group: supervisord starts each program in a process
group of its own whose id is the program's first pid, and the restarted process has a new one.
"""

from __future__ import annotations

import os
import signal
import sys


def fields(text: str) -> dict[str, str]:
    """`key:value key:value` as supervisord writes event headers and payloads."""
    return dict(token.split(":", 1) for token in text.split() if ":" in token)


def end_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def main() -> None:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        stdout.write(b"READY\n")
        stdout.flush()
        header = stdin.readline()
        if not header:
            return
        head = fields(header.decode())
        payload = stdin.read(int(head.get("len", "0"))).decode()
        if head.get("eventname") == "PROCESS_STATE_EXITED":
            pid = int(fields(payload.splitlines()[0] if payload else "").get("pid", "0"))
            if pid > 1:
                end_group(pid)
        stdout.write(b"RESULT 2\nOK")
        stdout.flush()


if __name__ == "__main__":
    main()
