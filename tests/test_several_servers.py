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
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
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


@dataclass(frozen=True)
class Started:
    """A run of the script, in files any test process can read: ``output`` (what it prints),
    ``pid`` and, once it has ended, ``returncode``. Under pytest-xdist every worker finds the
    same directory, so the worker that started the script need not be the one that runs the
    tests."""

    directory: Path

    @property
    def returncode(self) -> int | None:
        path = self.directory / "returncode"
        return int(path.read_text()) if path.exists() else None

    def output(self) -> str:
        return (self.directory / "output").read_text()

    def stop(self) -> None:
        """SIGTERM lets the script stop its servers and drop its database."""
        pid = self.directory / "pid"
        if self.returncode is None and pid.exists():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid.read_text()), signal.SIGTERM)

    def wait(self) -> None:
        """Until the script has ended; fails the test after TIMEOUT_SECONDS from its start."""
        pid = self.directory / "pid"
        deadline = time.time() + TIMEOUT_SECONDS
        while self.returncode is None:
            if pid.exists():
                deadline = pid.stat().st_mtime + TIMEOUT_SECONDS
            if time.time() > deadline:
                self.stop()
                pytest.fail(
                    f"scripts/servers --check took over {TIMEOUT_SECONDS} s:\n{self.output()}"
                )
            time.sleep(0.5)


_own_parent: Path | None = None


def run_directory() -> Path:
    """Where this test run's script writes: one folder for all pytest-xdist workers of the run
    (named after it), else one in a folder of this process's own."""
    global _own_parent
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run_id:
        return Path(tempfile.gettempdir()) / f"vnr-several-servers-{run_id}"
    if _own_parent is None:
        _own_parent = Path(tempfile.mkdtemp(prefix="vnr-several-servers-"))
        atexit.register(shutil.rmtree, _own_parent, True)
    return _own_parent / "run"


def write_whole(path: Path, text: str) -> None:
    """Write ``path`` so that a reader in another process sees all of it or nothing."""
    part = path.with_name(f"{path.name}.part")
    part.write_text(text)
    os.replace(part, path)


def launch() -> Started | None:
    """Start ``scripts/servers --check`` unless another process of the run has (None then: the
    run's folder was there). A thread writes the exit status when it ends; when this process
    exits, the script is stopped if still running and its files are removed."""
    directory = run_directory()
    try:
        directory.mkdir()
    except FileExistsError:
        return None
    started = Started(directory)
    output = (directory / "output").open("w")
    process = subprocess.Popen(
        [str(SCRIPT), "--check"],
        cwd=REPO,
        env=postgres_env(),
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    write_whole(directory / "pid", str(process.pid))

    def record_exit() -> None:
        returncode = process.wait()
        output.close()
        write_whole(directory / "returncode", str(returncode))

    waiter = threading.Thread(target=record_exit, daemon=True)
    waiter.start()

    def clean_up() -> None:
        started.stop()
        waiter.join(timeout=60)
        shutil.rmtree(directory, ignore_errors=True)

    atexit.register(clean_up)
    return started


def start_early() -> None:
    """Start the check when the run's tests have been collected (the root conftest.py calls
    this when this module's tests are among them): it mostly waits (servers starting, the idle
    logout's 16 s, a wrk run), so it runs beside the other tests and the fixture collects what
    it printed. Under pytest-xdist only the first worker starts it. Not on SQLite, and not when
    something it needs is missing (the fixture then skips or fails as usual)."""
    if os.environ.get("PYTEST_XDIST_WORKER", "gw0") != "gw0":
        return
    if connection.vendor == "postgresql" and not missing():
        launch()


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
    started = launch() or Started(run_directory())
    started.wait()
    output = started.output()
    print(output)
    return Run(started.returncode, output, postgres_env())


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
