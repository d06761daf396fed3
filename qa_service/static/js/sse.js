// A reader for text/event-stream bodies delivered through fetch (EventSource cannot POST a body).
// Follows the WHATWG parsing rules: lines end in CRLF, LF or CR; a blank line dispatches the event.

const LINE_END = /\r\n|\r|\n/;

/**
 * Yield {event, data} for each event in a fetch Response body.
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<{event: string, data: string}>}
 */
export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event = "";
  let data = [];
  const take = function* (line) {
    if (line === "") {
      if (data.length) yield { event: event || "message", data: data.join("\n") };
      event = "";
      data = [];
      return;
    }
    if (line.startsWith(":")) return; // a comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (;;) {
        const match = LINE_END.exec(buffer);
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (!match || (match[0] === "\r" && match.index === buffer.length - 1)) break;
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        yield* take(line);
      }
    }
    if (buffer) yield* take(buffer.replace(/\r$/, ""));
    yield* take("");
  } finally {
    reader.releaseLock();
  }
}
