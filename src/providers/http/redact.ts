/**
 * Scrubbing of upstream-supplied text (validation messages, schema issue messages) before it goes
 * into a ProviderError. Upstreams echo requests back in their errors, so a message may hold the
 * api key, the token or a password: the values the client knows it sent are removed literally,
 * and anything shaped like a credential is removed by pattern as a second line of defence.
 */

const REDACTED = '[redacted]';

/** Header names whose values are credentials (the values are scrubbed from upstream text). */
const SENSITIVE_NAME = /auth|token|secret|password|passwd|api[-_]?key|private[-_]?key|credential|session|cookie/i;

export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

const PATTERNS: readonly [RegExp, string][] = [
  // `Bearer abc…`, `Basic abc…`: an Authorization header value quoted back.
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // `password=…`, `"apiKey": "…"`, `token: …`: a named credential and its value.
  [
    /((?:password|passwd|secret|token|api[-_]?key|private[-_]?key|client[-_]?secret|authorization|access[-_]?token)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    `$1${REDACTED}`,
  ],
  // JWTs.
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g, REDACTED],
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Long opaque strings with letters and digits look like keys or tokens; guids are ids users need.
const OPAQUE = /[A-Za-z0-9+/_-]{32,}={0,2}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the given secret values (and their URL-encoded form) and credential-shaped substrings.
 * Secrets shorter than 4 characters are ignored: scrubbing "2" would mangle every message.
 */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  // Longest first: a short secret inside a longer one must not break the longer one's match.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.replace(new RegExp(escapeRegExp(form), 'g'), REDACTED);
    }
  }
  for (const [pattern, replacement] of PATTERNS) result = result.replace(pattern, replacement);
  return result.replace(OPAQUE, (match) => (GUID.test(match) || !/\d/.test(match) || !/[A-Za-z]/.test(match) ? match : REDACTED));
}

/** Collects string values stored under credential-like keys anywhere in a JSON request body. */
export function secretsInBody(body: unknown, found: string[] = [], depth = 0): string[] {
  if (depth > 8 || body === null || typeof body !== 'object') return found;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && isSensitiveName(key)) found.push(value);
    else if (typeof value === 'object') secretsInBody(value, found, depth + 1);
  }
  return found;
}
