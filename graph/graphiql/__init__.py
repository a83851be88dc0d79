"""GraphiQL served from the package: the page, its own start script and style, and the IDE's
built assets (`assets/`, from npm; see VERSIONS.md and scripts/graphiql-assets). Nothing of
the page comes from another origin, and its Content-Security-Policy allows nothing else:
scripts, styles, fonts and requests from this origin only, no inline script."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
# Every file the page may load, by the name under /graphiql/; nothing else is served.
FILES = {
    "graphiql.min.js": ASSETS / "graphiql.min.js",
    "graphiql.min.css": ASSETS / "graphiql.min.css",
    "react.production.min.js": ASSETS / "react.production.min.js",
    "react-dom.production.min.js": ASSETS / "react-dom.production.min.js",
    "start.js": HERE / "start.js",
    "page.css": HERE / "page.css",
}
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",  # GraphiQL's fonts are inlined in its stylesheet
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ASSET_MAX_AGE = 86_400


def page() -> Response:
    """The IDE's page (its caching is decided by /graphql's rules: private, no-store)."""
    html = (HERE / "index.html").read_text("utf-8")
    return HTMLResponse(html, headers=SECURITY_HEADERS)


async def asset(request: Request) -> Response:
    """One of FILES; public and cacheable (they are the published packages' own files)."""
    path = FILES.get(request.path_params["name"])
    if path is None:
        return PlainTextResponse("Not Found", status_code=404)
    headers = {**SECURITY_HEADERS, "Cache-Control": f"public, max-age={ASSET_MAX_AGE}"}
    return FileResponse(path, headers=headers)
