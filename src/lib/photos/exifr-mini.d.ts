/**
 * exifr's "mini" bundle (JPEG and TIFF, EXIF and GPS only): the part of it the report form loads on
 * a photo pick, instead of the full build with its HEIC, PNG, XMP, ICC and IPTC readers.
 */
declare module "exifr/dist/mini.esm.mjs" {
  export { gps } from "exifr";
}
