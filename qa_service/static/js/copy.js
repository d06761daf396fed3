// "Copy answer with sources": the async clipboard where the page is a secure context, else a fallback.
import { h } from "./dom.js";

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http deployments have no async clipboard: fall back to a selected textarea.
  const area = h("textarea", { class: "visually-hidden", readonly: true }, text);
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

/** A button that copies ``text()`` and says (on itself and to screen readers) whether it worked. */
export function copyButton(label, text, announce) {
  const button = h("button", { type: "button", class: "secondary small copy" }, label);
  button.addEventListener("click", async () => {
    try {
      await copyText(text());
      button.textContent = "Copied";
      announce("Answer and sources copied");
    } catch {
      button.textContent = "Copy failed";
      announce("The answer could not be copied");
    }
    setTimeout(() => {
      button.textContent = label;
    }, 2500);
  });
  return button;
}
