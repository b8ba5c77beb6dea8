import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/config/env";

describe("photo storage settings", () => {
  it("store photos in .data/uploads unless told otherwise", () => {
    expect(parseEnv({ NODE_ENV: "development" })).toMatchObject({ STORAGE: "local", UPLOADS_DIR: ".data/uploads" });
  });

  it("need a bucket for S3, and both keys or neither", () => {
    expect(() => parseEnv({ STORAGE: "s3" })).toThrow(/S3_BUCKET is required when STORAGE=s3/);
    expect(() => parseEnv({ STORAGE: "s3", S3_BUCKET: "photos", S3_ACCESS_KEY_ID: "key" })).toThrow(/S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(() => parseEnv({ STORAGE: "gcs" })).toThrow(/STORAGE must be local or s3/);
    expect(() => parseEnv({ STORAGE: "s3", S3_BUCKET: "photos", S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT/);
    expect(parseEnv({ STORAGE: "s3", S3_BUCKET: "photos", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "1" })).toMatchObject({
      STORAGE: "s3",
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: true,
    });
  });
});
