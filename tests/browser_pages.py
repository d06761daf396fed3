"""One way to open a page in the test browser and collect what went wrong on it.

Every browser test asserts the same thing at the end: no script error and no console error (a CSP or
Trusted Types violation, a failed load). The collection lives here so that each test module states only
what is particular to it: the origin, the viewport, the console lines it expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DESKTOP = {"width": 1400, "height": 900}


@contextmanager
def watched_page(
    browser, *, console: bool = True, expected: re.Pattern[str] | None = None, **context_options: Any
) -> Iterator[tuple[Any, list[str]]]:
    """A fresh context's page and the list of problems it logs; the context is closed on exit.

    ``console=False`` collects only uncaught script errors (pages that deliberately provoke refused
    requests); ``expected`` matches console error lines the test provokes on purpose.
    """
    context = browser.new_context(**{"viewport": DESKTOP, **context_options})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    if console:
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and not (expected and expected.match(message.text))
                and problems.append(f"console: {message.text}")
            ),
        )
    try:
        yield page, problems
    finally:
        context.close()
