"""Several app servers behind nginx, sharing PostgreSQL and Redis (issue 18, goal 4).

Runs ``scripts/servers --check`` once for the module: three gunicorn servers with the production
settings on a throwaway PostgreSQL database, behind nginx, checked through HTTP (the script's
docstring says how, docs/deployment.md why). Each check is a test here, on the line the script
printed for it. The script is started as soon as the run's tests are collected
(``start_early``), so that its waits pass beside the other tests. Needs PostgreSQL (skipped on
SQLite), Redis (REDIS_URL, or 127.0.0.1:6379), nginx and wrk: when one of the last three is
missing the tests skip, and under CI=true they fail (.ci/run installs nginx and wrk).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "servers"
CHECKS = (
    "login",
    "page cache",
    "publish",
    "read confirmation",
    "idle logout",
    "stopping a server",
    "logs",
)
TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Run:
    returncode: int
    output: str
    env: dict

    def line(self, check: str) -> str | None:
        found = re.search(rf"^(ok|FAILED) +{re.escape(check)}: .*$", self.output, re.MULTILINE)
        return found and found.group(0)


def missing() -> list[str]:
    path = f"{os.environ.get('PATH', '')}:/usr/sbin"
    absent = [
        f"{tool} (apt-get install {tool})"
        for tool in ("nginx", "wrk")
        if shutil.which(tool, path=path) is None
    ]
    redis = urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379"))
    address = (redis.hostname, redis.port or 6379)
    try:
        socket.create_connection(address, timeout=2).close()
    except OSError:
        absent.append(f"Redis at {address[0]}:{address[1]}")
    return absent


def postgres_env() -> dict:
    """The environment for the script: the test database's PostgreSQL server."""
    database = settings.DATABASES["default"]
    return {
        **os.environ,
        "PGHOST": database["HOST"] or "127.0.0.1",
        "PGPORT": str(database["PORT"] or 5432),
        "PGUSER": database["USER"] or "postgres",
    }


@dataclass
class Started:
    process: subprocess.Popen
    output: IO[str]
    env: dict
    started: float


_early: Started | None = None


def launch() -> Started:
    """``scripts/servers --check``, its output going to a temporary file."""
    env = postgres_env()
    output = tempfile.TemporaryFile("w+")  # noqa: SIM115 - the fixture reads and closes it
    process = subprocess.Popen(
        [str(SCRIPT), "--check"], cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT
    )
    return Started(process, output, env, time.monotonic())


def start_early() -> None:
    """Start the check when the run's tests have been collected (the root conftest.py calls
    this when this module's tests are among them): it mostly waits (servers starting, the idle
    logout's 16 s, a wrk run), so it runs beside the other tests and the fixture collects what
    it printed. Not on SQLite, and not when something it needs is missing (the fixture then
    skips or fails as usual)."""
    global _early
    if _early is None and connection.vendor == "postgresql" and not missing():
        _early = launch()
        atexit.register(stop, _early)


def stop(started: Started) -> None:
    """SIGTERM lets the script stop its servers and drop its database."""
    if started.process.poll() is None:
        started.process.send_signal(signal.SIGTERM)
        started.process.wait(timeout=60)


@pytest.fixture(scope="module")
def run() -> Run:
    if connection.vendor != "postgresql":
        pytest.skip("the servers share a PostgreSQL database: run with DATABASE_URL=postgres://…")
    absent = missing()
    if absent:
        reason = f"missing: {', '.join(absent)}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the several-servers test cannot run under CI; {reason}")
        pytest.skip(reason)
    started = _early or launch()
    left = TIMEOUT_SECONDS - (time.monotonic() - started.started)
    try:
        started.process.wait(timeout=max(left, 1))
    except subprocess.TimeoutExpired:
        stop(started)
        started.output.seek(0)
        pytest.fail(
            f"scripts/servers --check took over {TIMEOUT_SECONDS} s:\n{started.output.read()}"
        )
    started.output.seek(0)
    output = started.output.read()
    started.output.close()
    print(output)
    return Run(started.process.returncode, output, started.env)


@pytest.mark.parametrize("check", CHECKS)
def test_the_check_passes(run, check):
    line = run.line(check)
    assert line is not None, f"no line for «{check}»:\n{run.output}"
    assert line.startswith("ok"), f"{line}\n\n{run.output}"


def test_the_script_succeeds_and_leaves_nothing_behind(run):
    assert run.returncode == 0, run.output
    ports = re.findall(r"^==> \w+ on port (\d+): /healthz", run.output, re.MULTILINE)
    assert len(ports) == 4, run.output
    for port in ports:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()
    (database,) = re.findall(r"^==> Creating database (\w+)$", run.output, re.MULTILINE)
    left = subprocess.run(
        ["psql", "-Atc", f"SELECT count(*) FROM pg_database WHERE datname = '{database}'"],
        env=run.env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert left.stdout.strip() == "0", f"{database} was not dropped"
