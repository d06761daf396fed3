// The "API key" control in the header: a button that shows whether a key is saved and opens a small form
// (password input, Save, Forget). A call the service refuses with 401 or 403 opens the form and says why.
import { forgetKey, keyProblem, onKeyRefused, saveKey, storedKey } from "./apikey.js";

const ACTIONS = { chat: "ask questions", search: "load the filters and documents" };

/** What happened, in plain words, from the refused call's status, error code and message. */
export function explainRefusal(error, scope, sentKey) {
  const said = error.message ? ` (The service said: ${error.message.replace(/\.?$/, ".")})` : "";
  if (error.status === 403 || error.code === "forbidden") {
    const needed = scope === "chat" ? "chat" : "search";
    return `This API key may not ${ACTIONS[needed]}: it lacks the ${needed} scope. ` +
      `Enter a key with the chat and search scopes.${said}`;
  }
  if (!sentKey) return `This service requires an API key, and none was given. Enter your key to continue.${said}`;
  return `The service did not accept the saved API key: it is unknown or has been revoked. Enter another key.${said}`;
}

export class KeyForm {
  /**
   * @param {{toggle: HTMLButtonElement, form: HTMLFormElement, announce: (text: string) => void, onSaved: () => void}} parts
   */
  constructor({ toggle, form, announce, onSaved }) {
    this.toggle = toggle;
    this.form = form;
    this.input = form.querySelector("#api-key");
    this.problem = form.querySelector("#key-problem");
    this.stateLabel = toggle.querySelector("#key-state");
    this.announce = announce;
    this.onSaved = onSaved;
    toggle.addEventListener("click", () => (form.hidden ? this.open() : this.close()));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    form.querySelector("#key-forget").addEventListener("click", () => this.forget());
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.close();
    });
    onKeyRefused((error, scope, sentKey) => this.open(explainRefusal(error, scope, sentKey)));
    this.showState();
  }

  showState() {
    this.stateLabel.textContent = storedKey() ? "saved" : "none";
  }

  /** Show the form, with ``problem`` (a refused call) said in its alert, and put the caret in the input. */
  open(problem = "") {
    if (problem || this.form.hidden) this.problem.textContent = problem;
    this.form.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    if (!this.form.contains(document.activeElement)) this.input.focus();
  }

  close() {
    if (this.form.hidden) return;
    const hadFocus = this.form.contains(document.activeElement);
    this.form.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (hadFocus) this.toggle.focus();
  }

  save() {
    const key = this.input.value.trim();
    const problem = keyProblem(key);
    if (problem) {
      this.problem.textContent = problem;
      this.input.focus();
      return;
    }
    saveKey(key);
    this.input.value = ""; // the key is not left in the page once stored
    this.problem.textContent = "";
    this.showState();
    this.form.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    this.announce("API key saved for this tab.");
    this.onSaved();
  }

  forget() {
    forgetKey();
    this.input.value = "";
    this.problem.textContent = "";
    this.showState();
    this.input.focus();
    this.announce("API key forgotten.");
  }
}
