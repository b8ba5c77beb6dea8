import { describe, expect, it } from "vitest";
import { downscaledSize, downscalePhoto, UPLOAD_LONG_SIDE } from "@/lib/photos/downscale-photo";

describe("a large photo brought down before upload", () => {
  it("keeps its shape with the long side at the upload size, portrait or landscape", () => {
    expect(downscaledSize(4032, 3024)).toEqual({ width: UPLOAD_LONG_SIDE, height: 1920 });
    expect(downscaledSize(3024, 4032)).toEqual({ width: 1920, height: UPLOAD_LONG_SIDE });
  });

  it("is left alone when it already fits the display image's needs", () => {
    expect(downscaledSize(UPLOAD_LONG_SIDE, 1000)).toBeNull();
    expect(downscaledSize(1600, 1200)).toBeNull();
    expect(downscaledSize(0, 0)).toBeNull();
  });

  it("comes back as it was where the browser cannot redraw it (no createImageBitmap here, or not a JPEG)", async () => {
    const heic = new File([new Uint8Array([0, 0, 0, 24])], "IMG_0001.HEIC", { type: "image/heic" });
    const jpeg = new File([new Uint8Array([0xff, 0xd8, 0xff])], "IMG_0002.jpg", { type: "image/jpeg" });
    expect(await downscalePhoto(heic)).toBe(heic);
    expect(await downscalePhoto(jpeg)).toBe(jpeg);
  });
});
