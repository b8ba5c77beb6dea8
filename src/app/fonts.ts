import localFont from "next/font/local";

/**
 * Devanagari, served from this app (no font CDN): Noto Sans Devanagari from @fontsource, regular and
 * bold. Its faces cover only the Devanagari range (unicode-range), so a browser downloads them only
 * for a page with Hindi on it, and Latin text keeps the system font. No adjusted fallback face:
 * one would apply to every character and replace the system font for English too.
 */
export const devanagari = localFont({
  src: [
    { path: "../../node_modules/@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-devanagari-400-normal.woff2", weight: "400", style: "normal" },
    { path: "../../node_modules/@fontsource/noto-sans-devanagari/files/noto-sans-devanagari-devanagari-700-normal.woff2", weight: "700", style: "normal" },
  ],
  variable: "--font-devanagari",
  display: "swap",
  preload: false,
  adjustFontFallback: false,
  fallback: [],
  declarations: [{ prop: "unicode-range", value: "U+0900-097F, U+1CD0-1CF9, U+200C-200D, U+20A8, U+20B9, U+20F0, U+25CC, U+A830-A839, U+A8E0-A8FF, U+11B00-11B09" }],
});
