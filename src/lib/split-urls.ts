export type TextPart = { text: string } | { url: string };

// http(s) only: a body that says "javascript:..." stays text. Spaces, quotes and angle brackets end a URL.
const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
// Sentence punctuation after a link belongs to the sentence ("open https://x/a." -> "https://x/a").
const TRAILING = /[.,;:!?)\]]+$/;

/** Splits plain text into text and the http(s) URLs in it, so a view can link them without injecting HTML. */
export function splitUrls(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, "");
    if (url.length <= "https://".length) continue;
    if (match.index > at) parts.push({ text: text.slice(at, match.index) });
    parts.push({ url });
    at = match.index + url.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}
