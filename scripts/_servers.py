"""What the scripts that run the site under gunicorn share; imported by scripts/bench_load,
scripts/servers and scripts/fault_drills, not run by itself.

A throwaway PostgreSQL database with the plan loaded and the static files collected, the
production settings' environment, gunicorn servers with intranet/gunicorn.conf.py, a staff user
logged in by a session made server-side, and wrk with a one-line JSON report.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NoReturn

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"

# wrk's error counts; "status" is any response that is not 2xx or 3xx.
ERROR_KINDS = ("connect", "read", "write", "timeout", "status")

# Runs inside `manage.py shell`: a staff user, a logged-in session for it, and the URLs to hit.
PREPARE = """
import json
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.templatetags.static import static
from directory.models import HelpServicePage
from guidance.models import MeasurePage

user, _ = get_user_model().objects.get_or_create(
    username="ytelse.ansatt", defaults={"first_name": "Ytelse", "last_name": "Test"}
)
client = Client()
client.force_login(user)
name = settings.SESSION_COOKIE_NAME
print(json.dumps({
    "cookie": f"{name}={client.cookies[name].value}",
    "measure": MeasurePage.objects.live().order_by("path").first().url,
    "service": HelpServicePage.objects.live().order_by("path").first().url,
    "home": "/",
    "static": static("js/session-timeout.js"),
}))
"""

# wrk prints one JSON line at the end: throughput, latency percentiles and every kind of error.
WRK_REPORT = """
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS") or "/", "[^ ]+") do
  paths[#paths + 1] = path
end
local next_path = 0
request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.3f, "p95": %.3f, "p99": %.3f, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}\\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    e.connect, e.read, e.write, e.timeout, e.status))
end
"""


def log(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


def fail(message: str) -> NoReturn:
    """Stop the script with one line naming it (``finally`` blocks still run)."""
    sys.exit(f"{Path(sys.argv[0]).name}: {message}")


def run(*args: str, env: dict, capture: bool = False) -> str:
    result = subprocess.run(
        args, cwd=REPO, env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return result.stdout or ""


def manage(env: dict, *args: str, capture: bool = False) -> str:
    return run(str(PYTHON), "manage.py", *args, env=env, capture=capture)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# PostgreSQL from PGHOST/PGPORT/PGUSER, as createdb and psql read them.
PG_HOST = os.environ.get("PGHOST", "127.0.0.1")
PG_PORT = os.environ.get("PGPORT", "5432")
PG_USER = os.environ.get("PGUSER", "postgres")
PG_ARGS = ("-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER)


def database_url(database: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}"


def site_env(database_url: str, redis_url: str, static_root: Path, **settings: str) -> dict:
    """The environment of manage.py and gunicorn: production settings, a new secret key."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        **settings,
    }


def build_site(env: dict, create_database: str | None = None) -> None:
    """Create ``create_database`` if given, migrate the database, load the plan (which leaves
    what is there alone) and collect the static files (beside the first two: they need no
    database)."""
    collecting = subprocess.Popen(
        [str(PYTHON), "manage.py", "collectstatic", "--no-input", "-v0"], cwd=REPO, env=env
    )
    try:
        if create_database:
            log(f"Creating database {create_database}")
            run("createdb", *PG_ARGS, create_database, env=env)
        log("Migrating, loading the plan, collecting static files")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_plan", capture=True)
    finally:
        if collecting.wait() != 0:
            fail("collectstatic failed")


def drop_database(database: str) -> None:
    subprocess.run(["dropdb", "--if-exists", *PG_ARGS, database], check=False)


def start_gunicorn(env: dict, port: int, server_log: Path) -> subprocess.Popen:
    """gunicorn with intranet/gunicorn.conf.py on 127.0.0.1:``port``, in a process group of
    its own (``stop`` ends it with its workers)."""
    return subprocess.Popen(
        [str(GUNICORN), "-c", "intranet/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=server_log.open("w"),
        start_new_session=True,
    )


def stop(*processes: subprocess.Popen) -> None:
    """SIGTERM to each process's group (started with ``start_new_session``) at once, then wait
    for them; SIGKILL to a group still there after 30 s."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def logged_errors(server_log: Path) -> list[str]:
    """The lines gunicorn's JSON log has at level ERROR."""
    if not server_log.exists():
        return []
    return [line for line in server_log.open() if '"level": "ERROR"' in line]


def headers(cookie: str) -> dict:
    # TLS ends at the proxy in production; it says so with X-Forwarded-Proto.
    return {"Cookie": cookie, "X-Forwarded-Proto": "https"}


def wait_until_up(url: str, request_headers: dict | None = None, timeout: float = 30.0) -> str:
    """Wait until ``url`` answers with 2xx; return the body."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=request_headers or {})
    while True:
        try:
            with urllib.request.urlopen(request) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                fail(f"the server did not answer at {url}")
            time.sleep(0.3)


def wait_until_logged_in(url: str, cookie: str) -> None:
    """Wait for the server, then check the cookie really logs us in (not the login page)."""
    if "logg-ut" not in wait_until_up(url, headers(cookie)):
        fail("the session cookie does not log in; refusing to measure the login page")


def wrk(
    base: str, paths: list[str], cookie: str, connections: int, seconds: int, timeout: int = 2
) -> dict:
    """wrk's figures; a response slower than ``timeout`` seconds counts as a timeout error."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        args = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s"]
        args += [f"--timeout={timeout}s"]
        for name, value in headers(cookie).items():
            args += ["-H", f"{name}: {value}"]
        output = subprocess.run(
            [*args, "-s", script.name, base],
            env={**os.environ, "BENCH_PATHS": " ".join(paths)},
            check=True,
            text=True,
            capture_output=True,
        ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    result["errors"] = sum(result[kind] for kind in ERROR_KINDS)
    return result


def error_kinds(result: dict) -> str:
    return ", ".join(f"{kind} {result[kind]}" for kind in ERROR_KINDS)
