import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/**
 * A local S3-compatible server (s3rver) with one empty bucket, for the S3 store's tests: the AWS SDK
 * speaks real S3 HTTP to it. Its data sits in a temporary directory removed by `stop`.
 */
export async function startS3Standin(bucket = "civiclens-photos") {
  const directory = await mkdtemp(join(tmpdir(), "civiclens-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    settings: {
      bucket,
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      forcePathStyle: true,
    },
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
