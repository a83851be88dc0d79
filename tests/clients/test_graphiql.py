"""GraphiQL comes from the package: the page names no other origin, its CSP allows none, and
in a real headless Chromium the IDE loads and runs a query (skipped only without a browser)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from graph.app import create_app
from graph.settings import Settings
from tests.attack.conftest import ApiFactory, hardened_settings

HTML = {"accept": "text/html,application/xhtml+xml"}


async def test_the_page_and_its_assets_come_from_the_app(make_api: ApiFactory) -> None:
    async with make_api(environment="development") as api:
        page = await api.http.get("/graphql", headers=HTML)
        assert page.status_code == 200
        csp = page.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "http" not in page.text.replace("http-equiv", "")  # no URL of another origin
        assert "<script>" not in page.text  # no inline script
        links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assets = [link for link in links if not link.startswith("data:")]
        assert len(assets) == 6
        for link in assets:
            asset = await api.http.get(f"/{link}")
            assert asset.status_code == 200, link
            assert asset.headers["cache-control"].startswith("public")
            assert "sourceMappingURL" not in asset.text
        assert (await api.http.get("/graphiql/..%2Fpyproject.toml")).status_code == 404
        assert (await api.http.get("/graphiql/VERSIONS.md")).status_code == 404


async def test_production_shows_no_ide_to_anonymous_callers(make_api: ApiFactory) -> None:
    async with make_api(environment="production") as api:
        page = await api.http.get("/graphql", headers=HTML)
        assert page.status_code == 404
        assert page.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip(
            "no Chromium here: install the distribution's `chromium` and `chromium-driver` "
            "(Debian: apt-get install -y chromium chromium-driver) to run the browser test"
        )
    return chromium, driver


@pytest.fixture
def served(settings: Settings, backend: str) -> Iterator[str]:
    """The app on a real loopback port, as a browser needs it (development: GraphiQL open)."""
    if backend != "sqlite":
        pytest.skip("the browser test runs once, against the SQLite registry")
    _browser_paths()
    app = create_app(hardened_settings(settings, environment="development"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


def test_graphiql_runs_a_query_in_headless_chromium(served: str) -> None:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    chromium, driver_path = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        browser.get(f"{served}/graphql")
        wait = WebDriverWait(browser, 60)
        run = wait.until(
            expected_conditions.element_to_be_clickable(
                (By.CSS_SELECTOR, ".graphiql-execute-button")
            )
        )
        run.click()
        wait.until(
            expected_conditions.text_to_be_present_in_element(
                (By.CSS_SELECTOR, ".result-window"), '"code": "DE-BY"'
            )
        )
        result = browser.find_element(By.CSS_SELECTOR, ".result-window").text
        assert '"name": "Bayern"' in result
        console = [entry["message"] for entry in browser.get_log("browser")]
        assert not [m for m in console if "Content Security Policy" in m], console
        requested = _requested_urls(browser.get_log("performance"))
        assert requested, "no request seen"
        assert all(url.startswith((served, "data:")) for url in requested), requested
    finally:
        browser.quit()


def _requested_urls(entries: list[dict[str, Any]]) -> list[str]:
    urls = []
    for entry in entries:
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
