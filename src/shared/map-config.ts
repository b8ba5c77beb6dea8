/** The map settings a page hands to the browser: built on the server from env, drawn by the client. */
export interface MapConfig {
  tileUrl: string;
  attribution: string;
  center: [number, number];
  zoom: number;
}
