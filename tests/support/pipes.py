"""Running a command whose standard output is a pipe that its reader has already closed, as in
``cityhub enroll ... | head -1`` when ``head`` has what it wanted before the command writes."""

from __future__ import annotations

import os
import subprocess
import sys


def run_into_closed_pipe(module: str, *args: str, stdin: str = "",
                         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m module args`` with stdout a real pipe whose read end is closed before the process starts: its
    every write to stdout meets EPIPE. Returns the exit code and what it wrote to stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        process = subprocess.run([sys.executable, "-m", module, *args], input=stdin, stdout=write_end,
                                 stderr=subprocess.PIPE, text=True, timeout=120, env={**os.environ, **(env or {})})
    finally:
        os.close(write_end)
    return subprocess.CompletedProcess(process.args, process.returncode, "", process.stderr)


def assert_quiet_exit(result: subprocess.CompletedProcess[str]) -> None:
    """The reader went away: the command stops quietly (no traceback, no "Exception ignored") with the exit code
    of a process ended by SIGPIPE, as a shell reports it (128 + 13)."""
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert result.returncode == 141, (result.returncode, result.stderr)
