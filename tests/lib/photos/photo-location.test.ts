import { describe, expect, it } from "vitest";
import { photoLocation } from "@/lib/photos/photo-location";
import { failureOf } from "@/lib/photos/upload-photo";
import { FIXTURE_GPS, phoneJpeg, plainImage } from "../../support/photo-fixtures";

describe("a picked photo's location, read in the browser before upload", () => {
  it("is the GPS position its EXIF carries", async () => {
    const point = await photoLocation(new Blob([new Uint8Array(await phoneJpeg())], { type: "image/jpeg" }));
    expect(point).toEqual({ latitude: expect.closeTo(FIXTURE_GPS.latitude, 5), longitude: expect.closeTo(FIXTURE_GPS.longitude, 5) });
  });

  it("is null for a photo without one, or a file that is not a photo", async () => {
    expect(await photoLocation(new Blob([new Uint8Array(await plainImage("jpeg"))]))).toBeNull();
    expect(await photoLocation(new Blob(["not a photo"]))).toBeNull();
  });
});

describe("an upload's refusal, in the words the picker shows", () => {
  it("follows the route's status codes", () => {
    expect([400, 401, 403, 404, 409, 413, 415, 429, 500, 503].map(failureOf)).toEqual([
      "notAPhoto",
      "signIn",
      "notYours",
      "cannotAdd",
      "cannotAdd",
      "tooLarge",
      "notAPhoto",
      "tooMany",
      "failed",
      "failed",
    ]);
  });
});
