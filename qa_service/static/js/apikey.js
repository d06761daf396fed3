// The API key the user gave, for services that run with QA_REQUIRE_API_KEY=true.
// Kept in sessionStorage, not localStorage: a staff key should not outlive the tab it was typed into.
// It only ever travels in the Authorization header, never in a URL (URLs end up in logs and history).

const STORAGE = "wsis-qa.api-key";
let memory = null; // when storage is blocked (some privacy settings throw on access), keep it for this page only
const listeners = [];

export function storedKey() {
  try {
    return sessionStorage.getItem(STORAGE) || null;
  } catch {
    return memory;
  }
}

/** A key is pasted, not typed: refuse what cannot be an HTTP header value rather than have fetch throw. */
export function keyProblem(key) {
  if (!key) return "Enter a key, or use Forget to remove the saved one.";
  if (!/^[\x21-\x7e]+$/.test(key)) return "An API key has no spaces or special characters: check what was pasted.";
  return null;
}

export function saveKey(key) {
  memory = key;
  try {
    sessionStorage.setItem(STORAGE, key);
  } catch {
    // storage blocked: the in-memory copy serves this page
  }
}

export function forgetKey() {
  memory = null;
  try {
    sessionStorage.removeItem(STORAGE);
  } catch {
    // nothing stored
  }
}

/** Headers that carry the key, or none when the user gave no key. */
export function authHeaders() {
  const key = storedKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** Be told when the service refuses a call for want of a key (401) or of a scope (403). */
export function onKeyRefused(listener) {
  listeners.push(listener);
}

/**
 * Called by api.js with the ApiError of a refused call, the scope the call needed ("search" or "chat")
 * and whether it carried a key (a 401 then means a wrong or revoked key, not a missing one).
 */
export function reportKeyRefused(error, scope, sentKey) {
  for (const listener of listeners) listener(error, scope, sentKey);
}
