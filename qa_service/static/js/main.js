// The chat page: send the conversation to POST /v1/chat, stream the answer in, show its citations,
// and open cited passages beside the chat.
import { chatStream } from "./api.js";
import { plainText, renderAbstention, renderAnswerText, renderApplied, renderSources, sectionOf } from "./answer.js";
import { DocumentPane, hashFor, passageFromHash } from "./docpane.js";
import { copyButton } from "./copy.js";
import { DigestView } from "./digest.js";
import { h } from "./dom.js";
import { Filters } from "./filters.js";
import { KeyForm } from "./keyform.js";

const $ = (id) => document.getElementById(id);
const log = $("log");
const question = $("question");
const send = $("send");
const status = $("status");
const pane = new DocumentPane($("doc-pane"));
const filters = new Filters($("filters"), $("filters-chosen"));

const state = { messages: [], controller: null };
new KeyForm({ toggle: $("key-toggle"), form: $("key-form"), announce, onSaved: keySaved });

function announce(text) {
  // Re-set so the same message is announced again.
  status.textContent = "";
  requestAnimationFrame(() => {
    status.textContent = text;
  });
}

function openCitation(citation, opener) {
  const passage = {
    docId: citation.document.id,
    start: citation.char_start,
    end: citation.char_end,
    quote: citation.quote,
    section: sectionOf(citation),
    page: citation.page,
  };
  history.replaceState(null, "", hashFor(passage));
  pane.open(passage, opener);
}

const digestView = new DigestView($("digest-view"), openCitation, announce);

/** Show the chat or the digest; "#digest" in the address opens the digest. */
function showView(name) {
  const digest = name === "digest";
  $("chat-view").hidden = digest;
  $("chat-filters").hidden = digest;
  $("new-conversation").hidden = digest;
  $("digest-view").hidden = !digest;
  document.body.classList.toggle("view-digest", digest);
  $("view-chat").setAttribute("aria-pressed", String(!digest));
  $("view-digest").setAttribute("aria-pressed", String(digest));
  if (digest && !location.hash.startsWith("#doc=")) history.replaceState(null, "", "#digest");
  if (!digest && location.hash === "#digest") history.replaceState(null, "", location.pathname + location.search);
  (digest ? $("digest-year") : question).focus();
}
$("view-chat").addEventListener("click", () => showView("chat"));
$("view-digest").addEventListener("click", () => showView("digest"));

function userTurn(text) {
  return h("li", { class: "turn user" }, h("h3", { class: "visually-hidden" }, "You asked"), h("p", { class: "user-text" }, text));
}

function assistantTurn() {
  const answer = h("p", { class: "answer-text" });
  const body = h("div", { class: "answer-body" }, answer);
  const article = h(
    "li",
    { class: "turn assistant pending", "aria-busy": "true" },
    h("h3", { class: "visually-hidden" }, "Answer"),
    h("p", { class: "thinking" }, "Searching the submissions…"),
    body,
  );
  return { article, body, answer };
}

function finish(turn, response) {
  const { article, body, answer } = turn;
  article.classList.remove("pending");
  article.querySelector(".thinking")?.remove();
  article.setAttribute("aria-busy", "false");
  const names = filters.actionLineNames;
  if (response.abstained) {
    article.classList.add("abstained");
    body.replaceChildren(renderAbstention(response));
  } else {
    article.classList.add("answered");
    renderAnswerText(answer, response.answer, response.citations, openCitation);
    const sources = renderSources(response.citations, openCitation);
    if (sources) body.append(sources);
  }
  const copy = copyButton(response.abstained ? "Copy reply" : "Copy answer with sources", () => plainText(response), announce);
  const footer = h("div", { class: "answer-footer" }, renderApplied(response.applied_filters, names));
  const asked = state.messages.at(-1)?.content || "";
  const resolved = (response.resolved_question || "").trim();
  if (resolved && resolved.toLowerCase() !== asked.trim().toLowerCase()) {
    // A follow-up ("and in 2020?") is answered as a whole question: show which one.
    footer.prepend(h("p", { class: "muted resolved" }, `Understood as: “${resolved}”`));
  }
  if (!response.abstained) {
    footer.append(h("span", { class: "muted confidence" }, `Confidence ${Math.round((response.confidence || 0) * 100)}%`));
  }
  footer.append(copy);
  article.append(footer);
  (article.previousElementSibling || article).scrollIntoView({ block: "start" });
  const n = (response.citations || []).length;
  announce(response.abstained ? "No answer in the corpus." : `Answer ready with ${n} source${n === 1 ? "" : "s"}.`);
}

function fail(turn, error) {
  const { article } = turn;
  article.classList.remove("pending");
  article.classList.add("failed");
  article.setAttribute("aria-busy", "false");
  article.querySelector(".thinking")?.remove();
  article.append(h("p", { class: "error", role: "alert" }, `The question could not be answered: ${error.message}`));
}

async function ask(text) {
  if (state.controller) return; // one question at a time
  $("empty-hint").hidden = true;
  log.append(userTurn(text));
  state.messages.push({ role: "user", content: text });
  const turn = assistantTurn();
  log.append(turn.article);
  turn.article.scrollIntoView({ block: "end" });
  const controller = new AbortController();
  state.controller = controller;
  send.disabled = true;
  announce("Answering…");
  let streamed = "";
  let citations = null;
  let finished = false;
  try {
    const request = { messages: state.messages.slice() };
    const chosen = filters.value();
    if (chosen) request.filters = chosen;
    for await (const { event, data } of chatStream(request, controller.signal)) {
      if (event === "delta") {
        streamed += data.text || "";
        turn.article.querySelector(".thinking")?.remove();
        renderAnswerText(turn.answer, streamed, citations, openCitation);
      } else if (event === "citations") {
        citations = data.citations || [];
        renderAnswerText(turn.answer, streamed, citations, openCitation);
      } else if (event === "done") {
        finish(turn, data);
        state.messages.push({ role: "assistant", content: data.answer || "" });
        finished = true;
      } else if (event === "error") {
        const error = data.error || {};
        throw new Error(error.message || error.code || "the service reported an error");
      }
    }
    if (!finished) throw new Error("the answer stream ended early");
  } catch (error) {
    if (controller.signal.aborted) return; // a new conversation was started
    state.messages.pop(); // the unanswered question stays on screen but leaves the history
    fail(turn, error);
    // Refused for want of a key or scope: the key form is open; keep the question ready to send again.
    if ((error.status === 401 || error.status === 403) && !question.value) question.value = text;
    announce("The question could not be answered.");
  } finally {
    if (state.controller === controller) state.controller = null;
    send.disabled = false;
  }
}

function newConversation() {
  state.controller?.abort();
  state.controller = null;
  state.messages = [];
  log.replaceChildren();
  $("empty-hint").hidden = false;
  pane.close();
  send.disabled = false;
  question.value = "";
  question.focus();
  announce("New conversation started.");
}

$("ask").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = question.value.trim();
  if (!text || state.controller) return;
  question.value = "";
  ask(text);
  question.focus();
});

question.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("ask").requestSubmit();
  }
});

$("new-conversation").addEventListener("click", newConversation);

function openFromHash() {
  if (location.hash === "#digest" && $("digest-view").hidden) showView("digest");
  const passage = passageFromHash(location.hash);
  if (passage) pane.open(passage);
}
window.addEventListener("hashchange", openFromHash);

function loadFilters() {
  return filters
    .load()
    .then((list) => {
      digestView.setDocuments(list);
      const entities = Object.keys(list.facets.entity || {}).length;
      $("corpus-info").textContent = `${list.documents.length} submission${list.documents.length === 1 ? "" : "s"} from ${entities} entit${entities === 1 ? "y" : "ies"} · index ${list.index_version}`;
    })
    .catch((error) => {
      $("corpus-info").textContent = `The filters could not be loaded: ${error.message}`;
    });
}

function keySaved() {
  // Whatever the missing key stopped: the filters, a source document; the question is the user's to re-send.
  loadFilters();
  if (!pane.retry()) question.focus();
}

loadFilters();
question.focus();
openFromHash();
document.documentElement.dataset.ready = "true";
