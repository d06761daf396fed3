// Starts ReDoc on /redoc. A served file, not FastAPI's inline script, so the page keeps the strict CSP.
"use strict";
window.addEventListener("load", () => {
  // No search box: its index runs in a blob: worker, which script-src 'self' refuses.
  const options = { disableSearch: true };
  window.Redoc.init(new URL("openapi.json", document.baseURI).href, options, document.getElementById("redoc"));
});
