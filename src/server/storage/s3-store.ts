import "server-only";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import type { ObjectStore, StoredObject } from "./object-store";

export interface S3Settings {
  bucket: string;
  region: string;
  /** For S3-compatible stores (R2, MinIO): their API address. Unset: AWS. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bucket in the path rather than the host name (MinIO and most self-hosted stores). */
  forcePathStyle: boolean;
}

const isMissing = (err: unknown) => err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey" || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/** Objects in one bucket of any S3-compatible store, through the AWS SDK. */
export function s3Store(settings: S3Settings, client?: S3Client): ObjectStore {
  const s3 =
    client ??
    new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    });
  const Bucket = settings.bucket;

  async function read(key: string) {
    try {
      return await s3.send(new GetObjectCommand({ Bucket, Key: key }));
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  return {
    async put(key, body, contentType) {
      // A stream of unknown length cannot be sent as one PutObject; callers hand bounded buffers.
      const bytes = Buffer.isBuffer(body) ? body : Buffer.concat(await (body as Readable).toArray());
      await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    },
    async get(key) {
      const object = await read(key);
      if (!object?.Body) return null;
      return Buffer.from(await object.Body.transformToByteArray());
    },
    async stream(key): Promise<StoredObject | null> {
      const object = await read(key);
      if (!object?.Body) return null;
      return { body: object.Body as Readable, contentType: object.ContentType ?? "application/octet-stream", size: object.ContentLength ?? 0 };
    },
    async delete(key) {
      await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
