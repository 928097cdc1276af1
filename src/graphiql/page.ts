/** The HTML around the GraphiQL bundle, and the short pages said instead of it. */
import type { GraphiqlPageConfig } from './config.js';

/**
 * Everything the page loads comes from this server: the browser refuses any other host even if
 * a future GraphiQL version tried one. Inline styles are allowed because React, CodeMirror and
 * the dialogs set style attributes; fonts and icons are data: URLs inside the stylesheet.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderGraphiqlPage(options: { title: string; scriptUrl: string; styleUrl: string; config: GraphiqlPageConfig }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(options.styleUrl)}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql"><noscript>GraphiQL needs JavaScript.</noscript></div>
<script id="graphiql-config" type="application/json">${jsonForScript(options.config)}</script>
<script src="${escapeHtml(options.scriptUrl)}"></script>
</body>
</html>
`;
}

/** Said to a browser instead of GraphiQL: why there is none, with no detail of the server. */
export function renderMessagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="icon" href="data:,"></head>
<body><p>${escapeHtml(message)}</p></body>
</html>
`;
}
