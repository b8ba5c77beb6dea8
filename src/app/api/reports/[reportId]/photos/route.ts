import { photoUploadResponse } from "@/server/http/photo-upload";

export const dynamic = "force-dynamic";

/** The path segment as typed; a malformed escape stays as it came, and the id check refuses it (404). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Adds a photo to a report (server/http/photo-upload.ts). */
export async function POST(request: Request, { params }: { params: Promise<{ reportId: string }> }) {
  return photoUploadResponse(request, decoded((await params).reportId));
}
