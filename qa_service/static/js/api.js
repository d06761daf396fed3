// Calls to the service. URLs are relative to the page, so the service may live under a path prefix.
// Every call carries the user's API key when there is one; a 401 or 403 is reported to whoever listens.
import { authHeaders, reportKeyRefused } from "./apikey.js";
import { readEvents } from "./sse.js";

export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export function apiUrl(path, params = {}) {
  const url = new URL(path, document.baseURI);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, String(value));
  return url;
}

async function errorFrom(response, scope, sentKey) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: fall through to the status line
  }
  const error = body && body.error;
  const failure = new ApiError(
    (error && error.code) || "http_error",
    (error && error.message) || `The service answered ${response.status} ${response.statusText}`,
    response.status,
  );
  if (response.status === 401 || response.status === 403) reportKeyRefused(failure, scope, sentKey);
  return failure;
}

export async function getJSON(path, params) {
  const auth = authHeaders();
  const response = await fetch(apiUrl(path, params), { headers: { Accept: "application/json", ...auth } });
  if (!response.ok) throw await errorFrom(response, "search", "Authorization" in auth); // documents and facets
  return response.json();
}

/** A GET whose answer is a file (the digest as Markdown or DOCX), as a Blob. */
export async function getBlob(path, params) {
  const auth = authHeaders();
  const response = await fetch(apiUrl(path, params), { headers: auth });
  if (!response.ok) throw await errorFrom(response, "search", "Authorization" in auth);
  return response.blob();
}

/**
 * POST /v1/chat with stream: true and yield its events as {event, data} with data parsed from JSON.
 * @param {{messages: Array<{role: string, content: string}>, filters?: object}} request
 * @param {AbortSignal} signal
 */
export async function* chatStream(request, signal) {
  const auth = authHeaders();
  const response = await fetch(apiUrl("v1/chat"), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream", ...auth },
    body: JSON.stringify({ ...request, stream: true }),
    signal,
  });
  if (!response.ok) throw await errorFrom(response, "chat", "Authorization" in auth);
  const type = response.headers.get("content-type") || "";
  if (!type.includes("text/event-stream")) {
    // A service that answers in one piece: treat the body as the final event.
    yield { event: "done", data: await response.json() };
    return;
  }
  for await (const { event, data } of readEvents(response.body)) {
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch {
      throw new ApiError("bad_stream", "The service sent an event that is not JSON.");
    }
    yield { event, data: parsed };
  }
}
