// The Digest view: per WSIS action line, the entities whose submissions of a year address it, each with
// its key sentences. Every quote opens the document pane at its offsets, as the chat's citations do;
// the same digest downloads as Markdown or DOCX for drafting the report. All text goes in as text nodes.
import { getBlob, getJSON } from "./api.js";
import { h } from "./dom.js";

const FORMATS = { markdown: "md", docx: "docx" };

function sourceLabel(citation) {
  const doc = citation.document || {};
  const page = citation.page != null ? `, page ${citation.page}` : "";
  return `${doc.id}, characters ${citation.char_start}–${citation.char_end}${page}`;
}

export class DigestView {
  /**
   * @param {HTMLElement} root the view's <main>
   * @param {(citation: object, opener: HTMLElement) => void} onCite opens the document pane
   * @param {(text: string) => void} announce a polite status message for screen readers
   */
  constructor(root, onCite, announce) {
    this.root = root;
    this.onCite = onCite;
    this.announce = announce;
    this.form = root.querySelector("#digest-form");
    this.year = root.querySelector("#digest-year");
    this.entity = root.querySelector("#digest-entity");
    this.summary = root.querySelector("#digest-summary");
    this.lines = root.querySelector("#digest-lines");
    this.request = 0;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.show();
    });
    for (const [format, extension] of Object.entries(FORMATS)) {
      root.querySelector(`#digest-${format}`).addEventListener("click", () => this.download(format, extension));
    }
  }

  /** Fill the year and entity choices from GET /v1/documents (newest year first, chosen values kept). */
  setDocuments(list) {
    const chosen = [this.year.value, this.entity.value];
    const years = [...new Set(list.documents.map((d) => d.year).filter(Boolean))].sort((a, b) => b - a);
    const names = new Map(list.documents.filter((d) => d.entity).map((d) => [d.entity, d.entity_name || d.entity]));
    this.year.replaceChildren(...years.map((y) => h("option", { value: String(y) }, String(y))));
    this.entity.replaceChildren(
      this.entity.options[0] || h("option", { value: "" }, "All entities"),
      ...[...names.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([id, name]) => h("option", { value: id }, name && name !== id ? `${id} — ${name}` : id)),
    );
    [this.year, this.entity].forEach((select, i) => {
      const index = [...select.options].findIndex((option) => option.value === chosen[i]);
      select.selectedIndex = Math.max(0, index);
    });
  }

  params() {
    const params = { year: this.year.value };
    if (this.entity.value) params.entity = this.entity.value;
    return params;
  }

  async show() {
    if (!this.year.value) return;
    const request = ++this.request;
    this.root.setAttribute("aria-busy", "true");
    this.summary.textContent = "Reading the submissions…";
    this.lines.replaceChildren();
    try {
      const digest = await getJSON("v1/digest", this.params());
      if (request !== this.request) return;
      this.render(digest);
    } catch (error) {
      if (request !== this.request) return;
      this.summary.textContent = "";
      this.lines.replaceChildren(h("p", { class: "error", role: "alert" }, `The digest could not be made: ${error.message}`));
    } finally {
      if (request === this.request) this.root.setAttribute("aria-busy", "false");
    }
  }

  render(digest) {
    const addressed = digest.action_lines.filter((line) => line.addressed).length;
    const n = digest.documents.length;
    const who = digest.entity ? ` of ${digest.entity}` : "";
    this.summary.textContent =
      digest.notice ||
      `${addressed} of ${digest.action_lines.length} action lines addressed in ${n} submission${n === 1 ? "" : "s"}${who} of ${digest.year}.`;
    this.lines.replaceChildren(...digest.action_lines.map((line) => this.lineSection(line, digest.year)));
    this.announce(this.summary.textContent);
  }

  lineSection(line, year) {
    const heading = h("h3", {}, `${line.id} ${line.name}`);
    if (!line.addressed) {
      return h(
        "section",
        { class: "digest-line not-addressed", dataset: { line: line.id } },
        heading,
        h("p", { class: "muted" }, `No submission of ${year} addresses this action line.`),
      );
    }
    return h(
      "section",
      { class: "digest-line", dataset: { line: line.id } },
      heading,
      line.entities.map((entity) =>
        h(
          "div",
          { class: "digest-entity", dataset: { entity: entity.entity } },
          h("h4", {}, entity.entity_name && entity.entity_name !== entity.entity ? `${entity.entity} — ${entity.entity_name}` : entity.entity),
          h(
            "ul",
            {},
            entity.citations.map((citation) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "digest-quote",
                    title: `Open ${sourceLabel(citation)}`,
                    onclick: (event) => this.onCite(citation, event.currentTarget),
                  },
                  `“${citation.quote}”`,
                ),
                h("span", { class: "muted source" }, sourceLabel(citation)),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** Fetch the digest as a file (with the API key, which a plain link could not send) and save it. */
  async download(format, extension) {
    if (!this.year.value) return;
    const params = this.params();
    try {
      const blob = await getBlob("v1/digest", { ...params, format });
      const name = ["wsis-digest", params.year, params.entity].filter(Boolean).join("-").replace(/[^\w.-]/g, "_");
      const link = h("a", { href: URL.createObjectURL(blob), download: `${name}.${extension}`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      this.announce(`Downloaded ${name}.${extension}.`);
    } catch (error) {
      this.summary.textContent = `The download failed: ${error.message}`;
    }
  }
}
