import type { MetadataRoute } from "next";

/** The web app manifest (/manifest.webmanifest): what a phone needs to install CivicLens. Theme colour as the layout's viewport. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "CivicLens",
    short_name: "CivicLens",
    description: "Report problems in your city and follow them to resolution, even on a patchy connection.",
    id: "/",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#0f5c4d",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [{ name: "Report a problem", url: "/reports/new" }],
  };
}
