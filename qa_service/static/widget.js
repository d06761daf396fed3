/*
 * <wsis-search>: a search box and result list over the /v1/search API of a wsis-qa service, for portals.
 *
 *   <script src="https://qa.example.org/static/widget.js" defer></script>
 *   <wsis-search service="https://qa.example.org" entity="UNDP"></wsis-search>
 *
 * or, in one tag, a box where the script stands:
 *
 *   <script src="https://qa.example.org/static/widget.js" data-wsis-search></script>
 *
 * "service" defaults to where this script was loaded from. Other attributes: k (results per page),
 * entity, year, action-line (fixed filters), placeholder, label, api-key. Styling: CSS variables --wsis-* on the
 * element (see STYLE) and the parts form, input, button, status, results, result, title, meta, snippet, more.
 * A classic script (not a module) so that loading it from another origin needs no CORS; it uses only
 * DOM nodes and constructable stylesheets, so it runs under a strict CSP and Trusted Types on the portal.
 *
 * A service that requires API keys (QA_REQUIRE_API_KEY=true) needs api-key="..." (data-api-key in the
 * one-tag form); it is sent as the X-API-Key header. A key written into a public page is visible to every
 * visitor, who can copy it: give a widget only a key with the "search" scope (never chat or admin), one key
 * per portal, so that it can be revoked alone. On 401/403 the widget shows the service's error message.
 */
(() => {
  "use strict";

  const script = document.currentScript;
  const scriptBase = script && script.src ? new URL("../", script.src).href : new URL("./", location.href).href;

  const STYLE = `
:host {
  display: block;
  font-family: var(--wsis-font, inherit);
  color: var(--wsis-text, inherit);
  background: var(--wsis-bg, transparent);
  --_accent: var(--wsis-accent, #2f5d8a);
  --_border: var(--wsis-border, #c9ced6);
  --_radius: var(--wsis-radius, 6px);
  --_muted: var(--wsis-muted, #5d6470);
}
[hidden] { display: none !important; }
form { display: flex; gap: var(--wsis-gap, .5rem); flex-wrap: wrap; align-items: center; }
label { flex-basis: 100%; font-weight: 600; font-size: .9em; }
input {
  flex: 1; min-width: 12rem; font: inherit; padding: .45em .7em; color: inherit; background: var(--wsis-input-bg, #fff);
  border: 1px solid var(--_border); border-radius: var(--_radius);
}
button {
  font: inherit; padding: .45em 1em; cursor: pointer; border-radius: var(--_radius);
  background: var(--_accent); color: var(--wsis-accent-text, #fff); border: 1px solid var(--_accent);
}
button:disabled { opacity: .6; cursor: progress; }
:focus-visible { outline: 3px solid var(--wsis-focus, #f0a500); outline-offset: 2px; }
.status { margin: .6em 0; color: var(--_muted); font-size: .9em; }
.status.error { color: var(--wsis-error, #a4161a); font-weight: 600; }
ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: var(--wsis-gap, .75rem); }
li { border-bottom: 1px solid var(--_border); padding-bottom: .6em; }
.title { font-weight: 600; color: var(--_accent); }
a.title { text-decoration: none; }
a.title:hover { text-decoration: underline; }
.meta { display: block; font-size: .85em; color: var(--_muted); }
.snippet { margin: .3em 0 0; font-size: .95em; line-height: 1.45; }
mark { background: var(--wsis-mark, #fff0a8); color: inherit; padding: 0 .1em; }
.more { margin-top: .6em; background: transparent; color: var(--_accent); }
`;

  let sheet = null;
  function styleSheet() {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLE);
    }
    return sheet;
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child); // strings become text
    return node;
  }

  const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#x27": "'", "#39": "'" };
  function unescapeHtml(text) {
    return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
      const lower = name.toLowerCase();
      if (ENTITIES[lower] !== undefined) return ENTITIES[lower];
      if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
      if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
      return whole;
    });
  }

  /**
   * The API's snippet is escaped HTML with <mark> around matched words. Rebuild it as text nodes and
   * <mark> elements only: nothing else in it can become markup.
   */
  function snippetNodes(snippet) {
    const nodes = [];
    const parts = String(snippet).split(/(<mark>|<\/mark>)/);
    let marked = false;
    for (const part of parts) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) nodes.push(marked ? el("mark", {}, unescapeHtml(part)) : document.createTextNode(unescapeHtml(part)));
    }
    return nodes;
  }

  function safeLink(value) {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch {
      return null;
    }
  }

  class WsisSearch extends HTMLElement {
    static get observedAttributes() {
      return ["placeholder", "label"];
    }

    constructor() {
      super();
      this.offset = 0;
      this.query = "";
      this.controller = null;
      const root = this.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [styleSheet()];
      const inputId = "wsis-q";
      this.label = el("label", { for: inputId, part: "label" });
      this.input = el("input", { id: inputId, type: "search", name: "q", part: "input", autocomplete: "off", maxlength: 1000 });
      this.button = el("button", { type: "submit", part: "button" }, "Search");
      this.form = el("form", { role: "search", part: "form" }, this.label, this.input, this.button);
      this.status = el("p", { class: "status", role: "status", "aria-live": "polite", part: "status" });
      this.results = el("ol", { part: "results", "aria-label": "Search results" });
      this.more = el("button", { type: "button", class: "more", part: "more", hidden: true }, "More results");
      root.append(this.form, this.status, this.results, this.more);
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.search(this.input.value, 0);
      });
      this.more.addEventListener("click", () => this.search(this.query, this.offset));
    }

    connectedCallback() {
      this.attributeChangedCallback();
    }

    attributeChangedCallback() {
      this.label.textContent = this.getAttribute("label") || "Search the WSIS submissions";
      this.input.placeholder = this.getAttribute("placeholder") || "e.g. disinformation, e-health, broadband";
    }

    get service() {
      const given = this.getAttribute("service");
      return new URL(given ? given.replace(/\/?$/, "/") : scriptBase, location.href).href;
    }

    get pageSize() {
      const k = Number.parseInt(this.getAttribute("k") || "5", 10);
      return Number.isFinite(k) && k >= 1 && k <= 50 ? k : 5;
    }

    requestUrl(query, offset) {
      const url = new URL("v1/search", this.service);
      url.searchParams.set("q", query);
      url.searchParams.set("k", String(this.pageSize));
      if (offset) url.searchParams.set("offset", String(offset));
      for (const name of ["entity", "action-line"]) {
        for (const value of (this.getAttribute(name) || "").split(",").map((v) => v.trim()).filter(Boolean)) {
          url.searchParams.append(name.replace("-", "_"), value);
        }
      }
      if (this.getAttribute("year")) url.searchParams.set("year", this.getAttribute("year"));
      return url;
    }

    headers() {
      // A custom header makes a cross-origin request preflighted; the service's CORS allows X-API-Key.
      const key = (this.getAttribute("api-key") || "").trim();
      return key ? { Accept: "application/json", "X-API-Key": key } : { Accept: "application/json" };
    }

    showStatus(text, isError = false) {
      this.status.textContent = text;
      this.status.classList.toggle("error", isError);
      this.status.setAttribute("role", isError ? "alert" : "status");
    }

    async search(text, offset) {
      const query = text.trim();
      if (!query) {
        this.showStatus("Type a few words to search.");
        return;
      }
      if (!/^[\x21-\x7e]*$/.test((this.getAttribute("api-key") || "").trim())) {
        // fetch would throw on such a header, which would read as a network failure
        this.showStatus("This search box's api-key attribute is not a valid API key.", true);
        return;
      }
      this.controller?.abort();
      const controller = new AbortController();
      this.controller = controller;
      this.query = query;
      this.button.disabled = true;
      this.more.hidden = true;
      if (!offset) this.results.replaceChildren();
      this.showStatus("Searching…");
      let response;
      try {
        response = await fetch(this.requestUrl(query, offset), { headers: this.headers(), signal: controller.signal });
      } catch (error) {
        if (controller.signal.aborted) return;
        this.button.disabled = false;
        this.showStatus(await this.explainNetworkFailure(), true);
        this.dispatchEvent(new CustomEvent("wsis-search-error", { detail: { reason: "network" } }));
        return;
      }
      this.button.disabled = false;
      let body = null;
      try {
        body = await response.json();
      } catch {
        // not JSON
      }
      if (controller.signal.aborted) return;
      if (!response.ok) {
        const error = (body && body.error) || {};
        let message = error.message || `The search service answered ${response.status}.`;
        // 401: no key, or a wrong or revoked one; 403: a key without the search scope. Say it is about access.
        if (response.status === 401 || response.status === 403) message = `The search service refused access: ${message}`.replace(/\.?$/, ".");
        this.showStatus(message, true);
        const detail = { reason: "http", status: response.status, code: error.code || null };
        this.dispatchEvent(new CustomEvent("wsis-search-error", { detail }));
        return;
      }
      this.render(body, offset);
    }

    /**
     * A blocked cross-origin response and an unreachable server both surface as a TypeError. An opaque
     * no-cors request tells them apart: it succeeds when the server answered but CORS withheld the reply.
     */
    async explainNetworkFailure() {
      try {
        await fetch(new URL("healthz", this.service), { mode: "no-cors", cache: "no-store" });
        return "This site is not allowed to use the search service (CORS). Ask the service's administrators to add " +
          `${location.origin} to its allowed origins.`;
      } catch {
        return "The search service could not be reached. Check the connection or try again later.";
      }
    }

    render(body, offset) {
      const hits = body.hits || [];
      this.results.append(...hits.map((hit) => this.result(hit)));
      this.offset = offset + hits.length;
      const total = body.total || 0;
      if (!total) {
        this.showStatus(body.notice ? `No results. ${body.notice}` : "No results.");
      } else {
        this.showStatus(`${total} result${total === 1 ? "" : "s"}${total > this.offset ? `, showing ${this.offset}` : ""}.`);
      }
      this.more.hidden = this.offset >= total || !hits.length;
      this.dispatchEvent(new CustomEvent("wsis-search-results", { detail: { total, shown: this.offset } }));
    }

    result(hit) {
      const doc = hit.document || {};
      const titleText = doc.title || doc.id || "Untitled";
      const link = doc.source ? safeLink(doc.source) : null;
      const title = link
        ? el("a", { class: "title", part: "title", href: link, rel: "noopener noreferrer", target: "_blank" }, titleText)
        : el("span", { class: "title", part: "title" }, titleText);
      const section = (hit.section_path || []).join(" › ");
      const meta = [doc.entity_name || doc.entity, doc.year, section, hit.page ? `page ${hit.page}` : null]
        .filter(Boolean)
        .join(" · ");
      const snippet = el("p", { class: "snippet", part: "snippet" });
      snippet.append(...snippetNodes(hit.snippet || ""));
      return el("li", { part: "result" }, title, el("span", { class: "meta", part: "meta" }, meta), snippet);
    }
  }

  if (!customElements.get("wsis-search")) customElements.define("wsis-search", WsisSearch);

  // One-tag use: put a box right where the script tag stands, configured by its data-* attributes.
  if (script && script.hasAttribute("data-wsis-search")) {
    const box = document.createElement("wsis-search");
    for (const name of ["service", "k", "entity", "year", "action-line", "placeholder", "label", "api-key"]) {
      const value = script.getAttribute(`data-${name}`);
      if (value !== null) box.setAttribute(name, value);
    }
    script.after(box);
  }
})();
