"""Several app servers behind nginx, sharing PostgreSQL and Redis (issue 18, goal 4).

Runs ``scripts/servers --check`` once for the module: three gunicorn servers with the production
settings on a throwaway PostgreSQL database, behind nginx, checked through HTTP (the script's
docstring says how, docs/deployment.md why). Each check is a test here, on the line the script
printed for it. Needs PostgreSQL (skipped on SQLite), Redis (REDIS_URL, or 127.0.0.1:6379),
nginx and wrk: when one of the last three is missing the tests skip, and under CI=true they
fail (.ci/run installs nginx and wrk).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
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
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "PGHOST": database["HOST"] or "127.0.0.1",
        "PGPORT": str(database["PORT"] or 5432),
        "PGUSER": database["USER"] or "postgres",
    }
    process = subprocess.Popen(
        [str(SCRIPT), "--check"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        # SIGTERM lets the script stop its servers and drop its database.
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
        pytest.fail(f"scripts/servers --check took over {TIMEOUT_SECONDS} s:\n{output}")
    print(output)
    return Run(process.returncode, output, env)


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
