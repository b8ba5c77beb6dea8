import { decodedSegment } from "@/server/http/path-segment";
import { photoUploadResponse } from "@/server/http/photo-upload";

export const dynamic = "force-dynamic";

/** Adds a photo to a report (server/http/photo-upload.ts). */
export async function POST(request: Request, { params }: { params: Promise<{ reportId: string }> }) {
  return photoUploadResponse(request, decodedSegment((await params).reportId));
}
