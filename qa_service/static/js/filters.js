// The filter form, built from the facets of GET /v1/documents; its values become the chat "filters".
import { getJSON } from "./api.js";
import { h } from "./dom.js";

function byCount(facet) {
  return Object.entries(facet || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function actionLineOrder(a, b) {
  // C2 before C10, and C7 before its e-applications
  const key = (code) => code.replace(/^C(\d+)/, (_, n) => n.padStart(2, "0"));
  return key(a[0]).localeCompare(key(b[0]));
}

export class Filters {
  constructor(form, chosenOutput, onChange) {
    this.form = form;
    this.chosenOutput = chosenOutput;
    this.entity = form.querySelector("#filter-entity");
    this.year = form.querySelector("#filter-year");
    this.actionLine = form.querySelector("#filter-action-line");
    this.actionLineNames = {};
    this.entityNames = {};
    form.addEventListener("change", () => this.showChosen(onChange));
    form.addEventListener("reset", () => setTimeout(() => this.showChosen(onChange)));
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  /** Fill the selects; resolves to the document list (for the corpus summary). */
  async load() {
    const [list, names] = await Promise.all([getJSON("v1/documents"), getJSON("web/action-lines").catch(() => ({}))]);
    this.actionLineNames = names;
    for (const doc of list.documents) if (doc.entity) this.entityNames[doc.entity] = doc.entity_name || doc.entity;
    const facets = list.facets || {};
    const chosen = [this.entity.value, this.year.value, this.actionLine.value];
    // Loaded again after an API key is given: keep only the "Any ..." option before filling.
    for (const select of [this.entity, this.year, this.actionLine]) select.replaceChildren(select.options[0]);
    this.entity.append(
      ...byCount(facets.entity).map(([entity, n]) => {
        const name = this.entityNames[entity];
        const label = name && name !== entity ? `${entity} — ${name}` : entity;
        return h("option", { value: entity }, `${label} (${n})`);
      }),
    );
    this.year.append(
      ...Object.entries(facets.year || {})
        .sort((a, b) => Number(b[0]) - Number(a[0]))
        .map(([year, n]) => h("option", { value: year }, `${year} (${n})`)),
    );
    this.actionLine.append(
      ...Object.entries(facets.action_line || {})
        .sort(actionLineOrder)
        .map(([code, n]) => h("option", { value: code }, `${code} ${names[code] || ""} (${n})`.replace("  ", " "))),
    );
    [this.entity, this.year, this.actionLine].forEach((select, i) => {
      // A value that is no longer among the facets falls back to "Any ...".
      select.selectedIndex = Math.max(0, [...select.options].findIndex((option) => option.value === chosen[i]));
    });
    return list;
  }

  /** The chosen filters in the chat request's shape, or undefined when none is chosen. */
  value() {
    const filters = {};
    if (this.entity.value) filters.entity = [this.entity.value];
    if (this.year.value) filters.year = Number.parseInt(this.year.value, 10);
    if (this.actionLine.value) filters.action_line = [this.actionLine.value];
    return Object.keys(filters).length ? filters : undefined;
  }

  showChosen(onChange) {
    const chosen = [this.entity, this.year, this.actionLine]
      .filter((select) => select.value)
      .map((select) => select.selectedOptions[0].textContent.replace(/ \(\d+\)$/, ""));
    this.chosenOutput.textContent = chosen.length ? `Every question is limited to: ${chosen.join("; ")}.` : "";
    if (onChange) onChange(this.value());
  }
}
