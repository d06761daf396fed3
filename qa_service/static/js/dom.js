// Building DOM nodes without HTML strings: every child string becomes a text node, so text from
// documents and answers can never be parsed as markup (the page's Trusted Types CSP forbids HTML-string sinks anyway).

/**
 * Create an element.
 * @param {string} tag
 * @param {Record<string, unknown>} [attrs] attributes; "class", "dataset", "on<event>" handled specially
 * @param {...(Node|string|number|null|undefined|false|Array)} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append children (strings become text nodes; null/false are skipped; arrays are flattened). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Python counts characters in code points, JavaScript strings in UTF-16 units: convert an offset. */
export function codePointToIndex(text, offset) {
  if (!/[\uD800-\uDFFF]/.test(text)) return offset;
  let index = 0;
  for (let cp = 0; cp < offset && index < text.length; cp += 1) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return index;
}

/** "2021", "2019–2021", "from 2019" for a {min, max} year range (or a plain number). */
export function formatYears(year) {
  if (year === null || year === undefined) return "";
  if (typeof year === "number" || typeof year === "string") return String(year);
  const { min, max } = year;
  if (min != null && max != null) return min === max ? String(min) : `${min}–${max}`;
  if (min != null) return `from ${min}`;
  if (max != null) return `until ${max}`;
  return "";
}
