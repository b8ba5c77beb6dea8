/**
 * Draws the app's install icons from public/favicon.svg into public/icons/ (committed; run again
 * after the logo changes): `npm run icons`. "any" icons are the logo on transparency; the maskable
 * one puts it inside the safe zone (the central 80% circle) on the brand colour, so a launcher's
 * circle or squircle crop never cuts it.
 */
import { mkdir, readFile } from "node:fs/promises";
import sharp from "sharp";

const BRAND = "#0f5c4d";
const svg = await readFile(new URL("../public/favicon.svg", import.meta.url));
const out = new URL("../public/icons/", import.meta.url);
await mkdir(out, { recursive: true });

for (const size of [192, 512]) {
  await sharp(svg, { density: (72 * size) / 32 }).resize(size, size).png().toFile(new URL(`icon-${size}.png`, out).pathname);
}

const size = 512;
const logo = Math.round(size * 0.6);
const mark = await sharp(svg, { density: (72 * logo) / 32 }).resize(logo, logo).png().toBuffer();
await sharp({ create: { width: size, height: size, channels: 4, background: BRAND } })
  .composite([{ input: mark, gravity: "centre" }])
  .png()
  .toFile(new URL(`maskable-${size}.png`, out).pathname);
