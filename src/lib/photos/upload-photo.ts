/** What became of one upload, for the picker to show in the reader's words (a key of the Photos catalog's errors). */
export type UploadFailure = "notAPhoto" | "tooLarge" | "cannotAdd" | "signIn" | "notYours" | "tooMany" | "network" | "failed";

export type UploadResult = { ok: true; id: string } | { ok: false; failure: UploadFailure };

/** The failure an HTTP status of the upload route stands for (server/http/photo-upload.ts). */
export function failureOf(status: number): UploadFailure {
  if (status === 400 || status === 415) return "notAPhoto";
  if (status === 413) return "tooLarge";
  if (status === 409 || status === 404) return "cannotAdd";
  if (status === 401) return "signIn";
  if (status === 403) return "notYours";
  if (status === 429) return "tooMany";
  return "failed";
}

/** Where a photo goes: a report, or one of its updates (ADR 0023). */
export interface PhotoTarget {
  reportId: string;
  updateId?: string;
}

/**
 * Sends one photo to POST /api/reports/{reportId}/photos (with `?updateId=` for an update's photo;
 * multipart, field `photo`; the session cookie goes with it, same origin), reporting the share of
 * bytes sent as it goes. XMLHttpRequest, because fetch reports no upload progress.
 */
export function uploadPhoto(to: PhotoTarget, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const query = to.updateId ? `?updateId=${encodeURIComponent(to.updateId)}` : "";
    xhr.open("POST", `/api/reports/${encodeURIComponent(to.reportId)}/photos${query}`);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { id?: string } | null;
      if (xhr.status === 201 && body?.id) resolve({ ok: true, id: body.id });
      else resolve({ ok: false, failure: failureOf(xhr.status) });
    };
    xhr.onerror = () => resolve({ ok: false, failure: "network" });
    xhr.onabort = () => resolve({ ok: false, failure: "network" });
    signal?.addEventListener("abort", () => xhr.abort());
    const body = new FormData();
    body.append("photo", file, file.name);
    xhr.send(body);
  });
}
