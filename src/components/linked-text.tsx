import { splitUrls } from "@/lib/split-urls";

/** Plain text with its http(s) URLs as links. React escapes every part: no HTML from the text is ever rendered. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitUrls(text).map((part, i) =>
        "url" in part ? (
          <a key={i} href={part.url} rel="noreferrer">
            {part.url}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
