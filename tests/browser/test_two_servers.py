"""Two Vonk servers behind nginx with one PostgreSQL (scripts/run_two_servers.sh,
deploy/nginx/vonk.conf): each browser sticks to one server by its cookie (every
request, the websocket included), browsers spread over both, and state lives in
the database: a plan answered through server A is seen through server B, and a
phone's vote on server A reaches the shared screen on server B within 2 seconds.

Needs nginx (scripts/run_tests.sh installs it) and PostgreSQL (VONK_TEST_POSTGRES_URL;
skipped without it on a developer's machine, failing in CI). Loopback only.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from content.labels import message
from tests.browser.conftest import ROOT, _free_port, wait_idle
from tests.browser.scan_driver import CONTENT, answer_rule
from tests.conftest import drop_test_database
from tests.unit.conftest import postgres_admin_url

OPTIONS = CONTENT.rules[0].texts["nl"].questions["responsible"].options
READY = re.compile(r"Vonk is ready at (http://127\.0\.0\.1:\d+)")
LOG_LINE = re.compile(r'"(?P<request>[^"]*)" \d+ route=(?P<route>\S+) upstream=(?P<up>\S+)')


@dataclass
class TwoServers:
    url: str
    ports: tuple[int, int]
    run_dir: Path
    database_url: str

    def log(self) -> list[tuple[str, str, str]]:
        """(request, route cookie, upstream) of every request nginx passed on."""
        lines = (self.run_dir / "nginx-access.log").read_text().splitlines()
        return [(m["request"], m["route"], m["up"]) for line in lines
                if (m := LOG_LINE.search(line))]

    def upstream_of(self, route: str) -> int:
        """The server nginx sends a browser with this route cookie to."""
        request = urllib.request.Request(f"{self.url}/_stcore/health",
                                         headers={"Cookie": f"vonk_route={route}"})
        with urllib.request.urlopen(request, timeout=5) as r:
            assert r.status == 200
        for _ in range(20):  # nginx writes the line once the response is done
            ups = [up for _, rt, up in self.log() if rt == route]
            if ups:
                return int(ups[-1].rsplit(":", 1)[1])
            time.sleep(0.1)
        raise AssertionError(f"no log line for route {route}")

    def route_to(self, port: int) -> str:
        """A route cookie value that nginx sends to the server on `port`."""
        for _ in range(64):
            route = secrets.token_hex(16)
            if self.upstream_of(route) == port:
                return route
        raise AssertionError(f"no route reached port {port} in 64 tries")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoServers]:
    admin = postgres_admin_url()
    name = f"vonk_test_{secrets.token_hex(6)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    run_dir = tmp_path_factory.mktemp("two-servers")
    proxy, a, b = _free_port(), _free_port(), _free_port()
    env = {**os.environ, "VONK_DATABASE_URL": url, "VONK_RUN_DIR": str(run_dir),
           "VONK_PROXY_PORT": str(proxy), "VONK_PORT_A": str(a), "VONK_PORT_B": str(b)}
    out = open(run_dir / "script.log", "w+")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(["bash", "scripts/run_two_servers.sh"], cwd=ROOT, env=env,
                            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        found = None
        while time.monotonic() < deadline and found is None:
            if proc.poll() is not None:
                raise RuntimeError((run_dir / "script.log").read_text())
            found = READY.search((run_dir / "script.log").read_text())
            time.sleep(0.3)
        if found is None:
            raise RuntimeError("not ready in 120 s:\n" + (run_dir / "script.log").read_text())
        yield TwoServers(found[1], (a, b), run_dir, url)
    finally:
        proc.send_signal(signal.SIGTERM)  # the script stops the servers and nginx it started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        out.close()
        engine.dispose()
        drop_test_database(admin, name)


def _context(browser: Browser, servers: TwoServers, port: int) -> tuple[BrowserContext, str]:
    route = servers.route_to(port)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    context.add_cookies([{"name": "vonk_route", "value": route, "domain": "127.0.0.1",
                          "path": "/"}])
    return context, route


def _page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def test_new_browsers_get_a_route_cookie_and_spread_over_both_servers(
        two_servers: TwoServers) -> None:
    seen = set()
    for _ in range(16):
        with urllib.request.urlopen(f"{two_servers.url}/_stcore/health", timeout=5) as r:
            cookies = r.headers.get_all("Set-Cookie") or []
        route = next((m for c in cookies if (m := re.match(
            r"vonk_route=([0-9a-f]+); Path=/; HttpOnly; SameSite=Lax$", c))), None)
        assert route, cookies
        seen.add(two_servers.upstream_of(route[1]))
        assert two_servers.upstream_of(route[1]) == two_servers.upstream_of(route[1])  # sticky
    assert seen == set(two_servers.ports)


def test_a_plan_answered_through_server_a_is_seen_through_server_b(
        two_servers: TwoServers, browser: Browser) -> None:
    a, b = two_servers.ports
    context_a, route_a = _context(browser, two_servers, a)
    context_b, route_b = _context(browser, two_servers, b)
    try:
        page_a = _page(context_a)
        page_a.goto(f"{two_servers.url}/scan")
        wait_idle(page_a)
        answer_rule(page_a, 0, {"responsible": "named_internal", "follow_up": "intended"})
        token = page_a.url.split("plan=")[1].split("&")[0]

        page_b = _page(context_b)
        page_b.goto(f"{two_servers.url}/scan?plan={token}")
        wait_idle(page_b)
        expect(page_b.get_by_role("radio", name=OPTIONS["named_internal"])
               ).to_be_checked()
        # And back: an answer given through B is what A shows after a reload.
        answer_rule(page_b, 0, {"responsible": "external"})
        page_a.reload()
        wait_idle(page_a)
        expect(page_a.get_by_role("radio", name=OPTIONS["external"])
               ).to_be_checked()
    finally:
        context_a.close()
        context_b.close()
    # Every request of each browser, its websocket included, went to its own server
    # (nginx logs a websocket when it closes).
    deadline = time.monotonic() + 15
    while True:
        log = two_servers.log()
        closed = {rt for req, rt, _ in log if "/_stcore/stream" in req}
        if {route_a, route_b} <= closed or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    for route, port in ((route_a, a), (route_b, b)):
        mine = [(req, up) for req, rt, up in log if rt == route]
        assert any("/_stcore/stream" in req for req, _ in mine), mine[:5]
        assert {up for _, up in mine} == {f"127.0.0.1:{port}"}


def _seen_at(page: Page, text: str, timeout_s: float) -> datetime | None:
    """When `text` was first seen on the page (the DOM polled every 50 ms)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.get_by_text(text, exact=True).count():
            return datetime.now(UTC)
        page.wait_for_timeout(50)
    return None


def test_a_phone_vote_through_server_a_reaches_the_screen_on_server_b_within_2_s(
        two_servers: TwoServers, browser: Browser) -> None:
    """The issue's promise for several servers: a phone on server A votes, the shared
    screen on server B shows it within 2 seconds. A functional requirement of the
    propagation between servers (the screen polls its own server's database read
    every second, `polling.screen_seconds`), so it is asserted; to hold on a busy
    machine the 2 s run from the moment the vote was stored (its `updated_at`,
    written in the vote's transaction), not from the click or from the phone's
    confirmation, and the screen's DOM is polled every 50 ms. What the screen
    shows before the reveal is the room's "k of N answered", which a vote moves."""
    from content.loader import default_content
    from services.plans import PlanService
    from services.workshop import WorkshopService
    from storage import PlanStore
    from storage.workshops import WorkshopStore
    from workshop.group import statements
    from workshop.phases import Phase

    content = default_content()
    m = content.messages["nl"]
    rule_id, (statement_id, *_rest) = next(iter(statements(content).items()))
    plans, wstore = PlanStore(two_servers.database_url), WorkshopStore(two_servers.database_url)
    svc = WorkshopService(wstore, PlanService(plans, content), content)
    try:
        created = svc.create(language="nl", rule_ids=[rule_id], statement_ids=[statement_id])
        svc.advance(created.workshop_id, created.control_secret, Phase.RATE)
    finally:
        plans.dispose()
    a, b = two_servers.ports
    phone_context, phone_route = _context(browser, two_servers, a)
    screen_context, screen_route = _context(browser, two_servers, b)
    try:
        screen = _page(screen_context)
        screen.goto(f"{two_servers.url}/workshop-scherm?ws={created.workshop_id}")
        wait_idle(screen)
        phone = _page(phone_context)
        phone.goto(f"{two_servers.url}/doe-mee?code={created.code}")
        wait_idle(phone)
        expect(screen.get_by_text(message(m, "workshop.screen.joined", n=1), exact=True)
               ).to_be_visible()
        before = m["workshop.progress"].format(answered=0, of=1)
        after = m["workshop.progress"].format(answered=1, of=1)
        expect(screen.get_by_text(f"{_rule_label(content, rule_id)} · {before}", exact=True)
               ).to_be_visible()
        label = content.rule(rule_id).texts["nl"].questions[statement_id].label
        phone.locator('[data-testid="stRadio"]').filter(
            has=phone.get_by_text(label, exact=True)).get_by_text(
            f"4 · {m['scale.4']}", exact=True).click()
        seen = _seen_at(screen, f"{_rule_label(content, rule_id)} · {after}", timeout_s=30)
        expect(phone.get_by_text(m["workshop.phone.saved"])).to_be_visible()
        with wstore.engine.connect() as conn:
            stored = conn.scalar(text("SELECT max(updated_at) FROM workshop_votes "
                                      "WHERE workshop_id = :w"), {"w": created.workshop_id})
        assert stored is not None, "the vote was not stored"
        assert seen is not None, "the screen on B never showed the vote cast on A"
        delay = (seen - stored).total_seconds()
        assert delay <= 2.0, f"the screen on B showed the vote {delay:.2f} s after it was stored"
    finally:
        wstore.dispose()
        phone_context.close()
        screen_context.close()
    log = two_servers.log()
    assert {up for _, rt, up in log if rt == phone_route} == {f"127.0.0.1:{a}"}
    assert {up for _, rt, up in log if rt == screen_route} == {f"127.0.0.1:{b}"}


def _rule_label(content: Any, rule_id: str) -> str:
    return str(content.rule_label(rule_id, "nl"))


def test_a_phone_keeps_its_seat_whichever_server_serves_it(two_servers: TwoServers,
                                                           browser: Browser) -> None:
    """The seat cookie (ui/seat_cookie.py) through nginx: set by server A (its POST
    goes where the browser's route sends it), read by server B when the same browser
    opens the QR's route again after its route moved (a server taken out): the same
    seat, one participant, as the seat lives in the shared database."""
    from content.loader import default_content
    from services.plans import PlanService
    from services.workshop import WorkshopService
    from storage import PlanStore
    from storage.workshops import WorkshopStore
    from ui.seat_cookie import cookie_name
    from workshop.codes import normalise_code

    content = default_content()
    plans, wstore = PlanStore(two_servers.database_url), WorkshopStore(two_servers.database_url)
    svc = WorkshopService(wstore, PlanService(plans, content), content)
    a, b = two_servers.ports
    context, route = _context(browser, two_servers, a)
    try:
        created = svc.create(language="nl", rule_ids=["r04"])
        code = normalise_code(created.code)
        assert code is not None
        first = _page(context)
        first.goto(f"{two_servers.url}/J/{code}")
        wait_idle(first)
        expect(first).to_have_url(re.compile(r"[?&]p="))
        token = first.url.split("p=", 1)[1].split("&", 1)[0]
        deadline = time.monotonic() + 10
        while not [c for c in context.cookies() if c["name"] == cookie_name(code)]:
            assert time.monotonic() < deadline, context.cookies()
            time.sleep(0.2)
        # The browser's route now leads to server B.
        context.add_cookies([{"name": "vonk_route", "value": two_servers.route_to(b),
                              "domain": "127.0.0.1", "path": "/"}])
        again = _page(context)
        again.goto(f"{two_servers.url}/J/{code}")
        wait_idle(again)
        expect(again.get_by_text(content.messages["nl"]["workshop.join.welcome_back"])
               ).to_be_visible()
        assert f"p={token}" in again.url
        assert svc.results(created.workshop_id).participants == 1
    finally:
        context.close()
        wstore.dispose()
        plans.dispose()
    log = two_servers.log()
    assert any("POST /J/seat" in req and up == f"127.0.0.1:{a}" for req, rt, up in log
               if rt == route), log
    assert any(f"/J/{code}" in req and up == f"127.0.0.1:{b}" for req, _, up in log), log
