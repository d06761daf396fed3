// One assistant turn: the answer text with numbered citation marks, its sources, the filters that
// shaped it, and the plain "no answer in the corpus" form. All text goes in as text nodes.
import { formatYears, h } from "./dom.js";

const MARKER = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;

export function sectionOf(citation) {
  return (citation.section_path || []).join(" › ");
}

function sourceLabel(citation) {
  const doc = citation.document || {};
  // "p. N" only where the source has fixed pages (PDF); Word and web documents have none.
  const page = citation.page ? `p. ${citation.page}` : "";
  return [doc.entity, doc.year, sectionOf(citation), page].filter(Boolean).join(", ");
}

function citeMark(number, citation, onCite) {
  const label = citation ? `Source ${number}: ${sourceLabel(citation)}` : `Source ${number}`;
  return h(
    "sup",
    {},
    h(
      "button",
      {
        type: "button",
        class: "cite",
        "aria-label": label,
        title: label,
        disabled: !citation,
        dataset: { cite: String(number) },
        onclick: (event) => citation && onCite(citation, event.currentTarget),
      },
      String(number),
    ),
  );
}

/** Fill ``target`` with ``text``, its [n] markers turned into citation buttons. */
export function renderAnswerText(target, text, citations, onCite) {
  const byNumber = new Map((citations || []).map((c) => [c.number, c]));
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    if (match.index > last) nodes.push(text.slice(last, match.index));
    for (const part of match[1].split(/[,;]/)) {
      const number = Number.parseInt(part.trim(), 10);
      nodes.push(citeMark(number, byNumber.get(number), onCite));
    }
    last = match.index + match[0].length;
  }
  nodes.push(text.slice(last));
  target.replaceChildren(...nodes);
}

export function renderSources(citations, onCite) {
  if (!citations || !citations.length) return null;
  return h(
    "section",
    { class: "sources", "aria-label": "Sources" },
    h("h3", {}, "Sources"),
    h(
      "ol",
      {},
      citations.map((c) =>
        h(
          "li",
          { value: c.number },
          h(
            "button",
            {
              type: "button",
              class: "source",
              dataset: { cite: String(c.number) },
              "aria-label": `Open source ${c.number} in the document: ${sourceLabel(c)}`,
              onclick: (event) => onCite(c, event.currentTarget),
            },
            h("span", { class: "source-num" }, `[${c.number}]`),
            " ",
            h("span", { class: "source-title" }, (c.document && (c.document.title || c.document.id)) || ""),
            h("span", { class: "source-meta" }, sourceLabel(c)),
          ),
          h("blockquote", { class: "quote" }, c.quote || ""),
        ),
      ),
    ),
  );
}

const FIELD_NAMES = { entity: "Entity", year: "Year", action_line: "Action line", doc_id: "Document" };

function describeValue(key, value, actionLineNames) {
  if (key === "year") return formatYears(value);
  const values = Array.isArray(value) ? value : [value];
  if (key === "action_line") return values.map((code) => actionLineNames[code] ? `${code} ${actionLineNames[code]}` : code).join(", ");
  return values.join(", ");
}

/** "Filters applied: Entity UNDP (from your question) · Year 2021 (from your question)". */
export function renderApplied(applied, actionLineNames) {
  if (!applied) return null;
  const explicit = applied.explicit || {};
  const items = [];
  for (const key of Object.keys(FIELD_NAMES)) {
    if (applied[key] === undefined || applied[key] === null) continue;
    const understood = explicit[key] === undefined;
    items.push(
      h(
        "li",
        { class: understood ? "chip understood" : "chip chosen", dataset: { filter: key } },
        `${FIELD_NAMES[key]}: ${describeValue(key, applied[key], actionLineNames)}`,
        h("span", { class: "chip-origin" }, understood ? " (from your question)" : " (chosen)"),
      ),
    );
  }
  const boosted = applied.boosted_action_lines || [];
  if (boosted.length) {
    items.push(
      h("li", { class: "chip topic", dataset: { filter: "topic" } },
        `Topic: ${describeValue("action_line", boosted, actionLineNames)}`),
    );
  }
  if (!items.length) return h("p", { class: "applied muted" }, "No filters applied: the whole corpus was searched.");
  return h("div", { class: "applied" }, h("span", { class: "applied-label" }, "Filters applied:"), h("ul", {}, items));
}

/** The plain statement that the corpus holds no answer, visibly not an answer. */
export function renderAbstention(response) {
  const notice = response.notice;
  const said = (response.answer || "").trim();
  return h(
    "div",
    { class: "abstention", role: "note", "aria-label": "No answer in the corpus" },
    h("p", { class: "abstention-title" }, "No answer in the corpus"),
    said ? h("p", {}, said) : null,
    notice && !said.includes(notice) ? h("p", { class: "notice" }, notice) : null,
  );
}

/** The answer and its sources as plain text, for the clipboard. */
export function plainText(response) {
  const lines = [response.answer.trim()];
  if (response.citations && response.citations.length) {
    lines.push("", "Sources:");
    for (const c of response.citations) {
      const doc = c.document || {};
      lines.push(`[${c.number}] ${doc.title || doc.id} (${sourceLabel(c)}): “${c.quote}”`);
    }
  }
  return lines.join("\n");
}
