import "server-only";
import type { Executor } from "../../db/client";
import type { ExportFormat } from "./export-formats";
import { EXPORT_BATCH_SIZE, exportReports } from "./export-rows";
import type { ExportFilter } from "./open-data.schemas";

/**
 * The export as a byte stream with back-pressure: the next batch is read from the database only when
 * the reader has taken the last one (pull with a high-water mark of one chunk), so a slow client
 * slows the reads instead of filling memory, and a client that goes away stops them.
 */
export function exportStream(db: Executor, f: ExportFilter, format: ExportFormat, batchSize = EXPORT_BATCH_SIZE): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = exportReports(db, f, batchSize);
  let first = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(format.head));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) {
          if (format.tail) controller.enqueue(encoder.encode(format.tail));
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(format.batch(next.value, first)));
        first = false;
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
