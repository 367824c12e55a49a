"""check_links against a local HTTP server that answers 200, 301, 404, 500 and hangs (issue 17)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from review.links import check, collect_links
from review.models import LinkCheck
from tests import factories as f

HANG_SECONDS = 3
TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    def _answer(self):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        elif self.path == "/missing":
            self.send_response(404)
        elif self.path == "/error":
            self.send_response(500)
        elif self.path == "/hang":
            time.sleep(HANG_SECONDS)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = _answer

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(
    ("path", "outcome", "status", "final", "error"),
    [
        ("/ok", LinkCheck.OK, 200, "", ""),
        ("/moved", LinkCheck.MOVED, 200, "/ok", ""),
        ("/no-head", LinkCheck.OK, 200, "", ""),
        ("/missing", LinkCheck.BROKEN, 404, "", "HTTP 404"),
        ("/error", LinkCheck.BROKEN, 500, "", "HTTP 500"),
        ("/hang", LinkCheck.BROKEN, None, "", "tidsavbrudd"),
        ("/loop", LinkCheck.BROKEN, None, "/loop", "for mange omdirigeringer"),
    ],
)
def test_each_answer_is_reported(server, path, outcome, status, final, error):
    started = time.monotonic()
    result = check(server + path, timeout=TIMEOUT)
    assert (result.outcome, result.status, result.error) == (outcome, status, error)
    assert result.final_url == (server + final if final else "")
    assert time.monotonic() - started < HANG_SECONDS  # the timeout holds


def test_an_unreachable_host_is_broken():
    result = check("http://127.0.0.1:9/", timeout=TIMEOUT)
    assert result.outcome == LinkCheck.BROKEN and result.error


@pytest.fixture
def linked(site_tree, server):
    """A help service, a page's text and a provision pointing at the local server."""
    service = site_tree.services[0]
    service.website = f"{server}/moved"
    service.save_revision().publish()
    f.ContentPageFactory(
        parent=site_tree.home,
        slug="lenker",
        intro=f'Se <a href="{server}/missing">denne siden</a> og {server}/error.',
    )
    provision = site_tree.provisions["current"]
    provision.lovdata_url = f"{server}/hang"
    provision.save()
    superseded = site_tree.provisions["superseded"]
    superseded.lovdata_url = f"{server}/ok"
    superseded.save()
    return site_tree


@pytest.mark.django_db
def test_every_kind_of_link_is_collected(linked, server):
    links = collect_links()
    assert {f"{server}/moved", f"{server}/missing", f"{server}/error", f"{server}/hang"} <= set(
        links
    )
    assert links[f"{server}/moved"][0]["title"] == "Krisesenteret i Oslo"
    assert links[f"{server}/hang"][0]["title"] == str(linked.provisions["current"])


@pytest.mark.django_db
def test_the_command_stores_and_prints_the_result(linked, server, capsys):
    call_command("check_links", "--timeout", str(TIMEOUT))
    out = capsys.readouterr().out
    assert f"flyttet  {server}/moved {server}/ok" in out
    assert f"brutt    {server}/missing HTTP 404" in out
    assert f"brutt    {server}/hang tidsavbrudd" in out
    assert LinkCheck.objects.get(url=f"{server}/ok").outcome == LinkCheck.OK
    assert "moved, " in out.splitlines()[-1] and out.splitlines()[-1].startswith("check_links:")
    with pytest.raises(CommandError, match="broken"):
        call_command("check_links", "--timeout", str(TIMEOUT), "--fail-on-broken")


@pytest.mark.django_db
def test_the_admin_report_lists_broken_and_moved_links_for_the_coordinator(linked, server):
    call_command("check_links", "--timeout", str(TIMEOUT))
    coordinator = Client()
    coordinator.force_login(f.CoordinatorFactory())
    html = coordinator.get("/admin/lenkesjekk/").content.decode()
    assert f"{server}/missing" in html and "HTTP 404" in html
    assert f"Flyttet til {server}/ok" in html
    assert "Krisesenteret i Oslo" in html
    assert f"<td>{server}/ok</td>" not in html  # working links are only counted
    staff = Client()
    staff.force_login(f.EditorFactory())
    assert staff.get("/admin/lenkesjekk/").status_code in (302, 403)
