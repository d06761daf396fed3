// The source document beside the chat: its metadata, its full text, and the cited passage highlighted
// and scrolled into view. The passage comes from the citation's offsets into GET /v1/documents/{id} text.
import { getJSON } from "./api.js";
import { codePointToIndex, h } from "./dom.js";

const cache = new Map(); // document id -> Promise of the document

function load(id) {
  if (!cache.has(id)) {
    const pending = getJSON(`v1/documents/${encodeURIComponent(id)}`);
    pending.catch(() => cache.delete(id)); // retry next time
    cache.set(id, pending);
  }
  return cache.get(id);
}

/** Where the quote is in ``text`` as UTF-16 indexes, and whether the offsets matched exactly. */
export function locate(text, start, end, quote) {
  const from = codePointToIndex(text, start);
  const to = codePointToIndex(text, end);
  if (quote === undefined || quote === null || text.slice(from, to) === quote) return { from, to, exact: true };
  const found = quote ? text.indexOf(quote) : -1;
  return found >= 0 ? { from: found, to: found + quote.length, exact: false } : null;
}

export class DocumentPane {
  constructor(root) {
    this.root = root;
    this.title = root.querySelector("#doc-title");
    this.meta = root.querySelector("#doc-meta");
    this.note = root.querySelector("#doc-note");
    this.body = root.querySelector("#doc-text");
    this.opener = null;
    this.request = 0;
    this.failed = null; // the passage whose document could not be loaded, to retry once a key is given
    root.querySelector("#doc-close").addEventListener("click", () => this.close());
    root.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
  }

  /**
   * Show a passage: {docId, start, end, quote?, section?, page?}; ``opener`` gets focus back on close.
   */
  async open(passage, opener = null) {
    const request = ++this.request;
    this.opener = opener;
    this.failed = null;
    this.root.hidden = false;
    document.body.classList.add("doc-open");
    this.title.textContent = "Loading the source document…";
    this.meta.replaceChildren();
    this.note.textContent = "";
    this.body.replaceChildren();
    this.title.focus();
    let doc;
    try {
      doc = await load(passage.docId);
    } catch (error) {
      if (request !== this.request) return;
      this.title.textContent = "The source document could not be loaded";
      this.note.textContent = error.message;
      this.failed = passage;
      return;
    }
    if (request !== this.request) return; // a later click won
    this.render(doc, passage);
  }

  render(doc, passage) {
    this.title.textContent = doc.title || doc.id;
    const section = passage.section || this.sectionAt(doc, passage.start);
    const rows = [
      ["Entity", [doc.entity, doc.entity_name && doc.entity_name !== doc.entity ? `(${doc.entity_name})` : ""].filter(Boolean).join(" ")],
      ["Year", doc.year],
      ["Section", section],
      ["Page", passage.page || pageAt(doc.page_starts, passage.start)],
      ["Session", doc.session ? `CSTD ${doc.session}` : null],
    ];
    this.meta.replaceChildren(
      ...rows
        .filter(([, value]) => value !== null && value !== undefined && value !== "")
        .flatMap(([name, value]) => [h("dt", {}, name), h("dd", { dataset: { field: name.toLowerCase() } }, String(value))]),
    );
    const text = doc.text || "";
    const where = locate(text, passage.start, passage.end, passage.quote);
    const breaks = pageBreaks(text, doc.page_starts);
    if (!where) {
      this.note.textContent = "The quoted passage could not be found in this version of the document.";
      this.body.replaceChildren(...withBreaks(text, 0, text.length, breaks));
      return;
    }
    if (!where.exact) this.note.textContent = "The document changed since this answer; the quote was found by its text.";
    const mark = h("mark", { class: "quote-highlight", id: "quote-highlight" }, ...withBreaks(text, where.from, where.to, breaks));
    this.body.replaceChildren(
      ...withBreaks(text, 0, where.from, breaks),
      mark,
      ...withBreaks(text, where.to, text.length, breaks),
    );
    mark.scrollIntoView({ block: "center" });
  }

  /** Load again the passage that failed (after an API key was given); false when there is none. */
  retry() {
    if (!this.failed || this.root.hidden) return false;
    this.open(this.failed, this.opener);
    return true;
  }

  /** The section of the chunk holding ``offset`` (for deep links that carry no section). */
  sectionAt(doc, offset) {
    const chunk = (doc.chunk_map || []).find((c) => c.char_start <= offset && offset < c.char_end);
    return chunk ? chunk.section_path.join(" › ") : "";
  }

  close() {
    if (this.root.hidden) return;
    this.request += 1;
    this.failed = null;
    this.root.hidden = true;
    document.body.classList.remove("doc-open");
    if (location.hash.startsWith("#doc=")) history.replaceState(null, "", location.pathname + location.search);
    const opener = this.opener;
    this.opener = null;
    if (opener && opener.isConnected) opener.focus();
    else document.getElementById("question").focus();
  }
}

/** The page of the character at code-point ``offset``, from the document's [offset, page] starts; null without pages. */
export function pageAt(pageStarts, offset) {
  let page = null;
  for (const [start, number] of pageStarts || []) {
    if (start > offset) break;
    page = number;
  }
  return page;
}

/** Where a new page starts inside the text (UTF-16 index and page), the first page's start left out. */
function pageBreaks(text, pageStarts) {
  return (pageStarts || []).slice(1).map(([start, page]) => ({ at: codePointToIndex(text, start), page }));
}

/** ``text`` from ``from`` to ``to`` as nodes, with a "p. N" marker where a page starts. */
function withBreaks(text, from, to, breaks) {
  const nodes = [];
  let last = from;
  for (const { at, page } of breaks) {
    if (at <= from || at >= to) continue;
    nodes.push(text.slice(last, at));
    nodes.push(h("span", { class: "page-break", role: "separator", "aria-label": `Page ${page}`, dataset: { page: String(page) } }, `p. ${page}`));
    last = at;
  }
  nodes.push(text.slice(last, to));
  return nodes;
}

/** Parse "#doc=<id>&start=<n>&end=<n>" (a link to a passage) or return null. */
export function passageFromHash(hash) {
  if (!hash.startsWith("#doc=")) return null;
  const params = new URLSearchParams(hash.slice(1));
  const start = Number.parseInt(params.get("start") || "", 10);
  const end = Number.parseInt(params.get("end") || "", 10);
  if (!params.get("doc") || !Number.isFinite(start) || !Number.isFinite(end) || end < start) return null;
  return { docId: params.get("doc"), start, end };
}

export function hashFor(passage) {
  const params = new URLSearchParams({ doc: passage.docId, start: String(passage.start), end: String(passage.end) });
  return `#${params}`;
}
