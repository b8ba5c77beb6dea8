import "server-only";
import type { Executor } from "../../db/client";
import type { ExportFormat } from "./export-formats";
import { EXPORT_BATCH_SIZE, exportReports } from "./export-rows";
import type { ExportFilter } from "./open-data.schemas";

/** The most bytes one chunk carries: a batch is written into a buffer this big, reused for every batch. */
export const EXPORT_CHUNK_BYTES = 256 * 1024;

/**
 * The export as a byte stream with back-pressure: the next batch is read from the database only when
 * the reader has taken the last one (pull with a high-water mark of one chunk), so a slow client
 * slows the reads instead of filling memory, and a client that goes away stops them.
 *
 * Each row's text is encoded straight into one buffer kept for the whole download, and a chunk is
 * copied out of it when the batch ends (or the buffer is full): no batch ever exists as one large
 * string, which V8 would keep in its large-object space, and the chunks handed on live outside the
 * JavaScript heap. A chunk is a copy, so the reader may keep it while the buffer is written again.
 */
export function exportStream(db: Executor, f: ExportFilter, format: ExportFormat, batchSize = EXPORT_BATCH_SIZE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const buffer = Buffer.alloc(EXPORT_CHUNK_BYTES);
  const batches = exportReports(db, f, batchSize);
  let used = 0;
  let first = true;

  const flush = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    if (used > 0) controller.enqueue(new Uint8Array(buffer.subarray(0, used)));
    used = 0;
  };
  const write = (controller: ReadableStreamDefaultController<Uint8Array>, text: string) => {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > buffer.length - used) flush(controller);
    // Longer than a whole buffer (no report comes near it: a description is at most 2,000 characters).
    if (bytes > buffer.length) controller.enqueue(encoder.encode(text));
    else used += buffer.write(text, used, "utf8");
  };

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        write(controller, format.head);
        flush(controller);
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) {
          if (format.tail) write(controller, format.tail);
          flush(controller);
          controller.close();
          return;
        }
        for (const report of next.value) {
          write(controller, format.row(report, first));
          first = false;
        }
        flush(controller);
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
