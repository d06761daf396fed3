"""The chat page and widget as served: headers, a strict CSP, local assets only, no HTML sinks in the scripts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qa_service.routes.web import STATIC_DIR

PAGES = ["/", "/widget/example"]


class _Refs(HTMLParser):
    """Collects what a page loads and anything that would need 'unsafe-inline'."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if not values.get("src"):
                self.inline.append("inline <script>")
            else:
                self.refs.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.refs.append(values["href"] or "")
        if tag == "style":
            self.inline.append("<style>")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.inline.append(f"{tag} {name}=")


def _directives(csp: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in csp.split(";") if part.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_a_strict_csp(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    csp = _directives(response.headers["content-security-policy"])
    assert csp["default-src"] == "default-src 'self'"
    assert csp["script-src"] == "script-src 'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["connect-src"] == "connect-src 'self'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert "require-trusted-types-for" in csp
    assert "unsafe" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_local_assets_and_have_no_inline_code(client, path):
    parser = _Refs()
    parser.feed(client.get(path).text)
    assert parser.inline == []
    assert parser.refs, "the page should load its script and style"
    for ref in parser.refs:
        assert not re.match(r"^(https?:)?//", ref), f"{ref} is not served by the service"
        url = "/widget/" + ref if path.startswith("/widget/") else "/" + ref
        asset = client.get(url.replace("/widget/../", "/"))
        assert asset.status_code == 200, ref
        assert asset.headers["x-content-type-options"] == "nosniff"


def test_modules_and_assets_are_served_with_the_right_types(client):
    for js in sorted((STATIC_DIR / "js").glob("*.js")) + [STATIC_DIR / "widget.js"]:
        response = client.get("/static/" + js.relative_to(STATIC_DIR).as_posix())
        assert response.status_code == 200 and "javascript" in response.headers["content-type"], js.name
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/nope.js").status_code == 404
    assert client.get("/static/../qa_service/app.py").status_code == 404


def test_widget_script_loads_from_any_origin(client):
    """A portal's plain <script src> needs no CORS, but a CORP header would still block it."""
    response = client.get("/static/widget.js", headers={"Origin": "https://portal.example.org"})
    assert response.status_code == 200 and "cross-origin-resource-policy" not in response.headers


def test_action_line_names(client):
    names = client.get("/web/action-lines").json()
    assert names["C9"] == "Media" and names["C7.e-health"] == "E-health"
    assert "/" not in client.get("/openapi.json").json()["paths"]  # the page is not part of the API


def _scripts() -> list[Path]:
    return sorted(STATIC_DIR.rglob("*.js"))


@pytest.mark.parametrize("script", _scripts(), ids=lambda p: p.name)
def test_scripts_use_no_html_sinks_or_eval(script):
    # The browser tests prove document text stays text; this keeps the sinks from coming back at all.
    code = script.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc"):
        assert sink not in code, f"{script.name} uses {sink}"


def test_package_data_ships_the_static_files():
    """pyproject's package-data globs must cover every asset, or an installed service serves 404s."""
    import tomllib

    globs = tomllib.loads((STATIC_DIR.parents[1] / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "qa_service"
    ]
    package = STATIC_DIR.parent
    covered = {p for pattern in globs for p in package.glob(pattern) if p.is_file()}
    assert {p for p in STATIC_DIR.rglob("*") if p.is_file()} <= covered
