"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { downscalePhoto } from "@/lib/photos/downscale-photo";
import { uploadPhoto, type PhotoTarget, type UploadFailure } from "@/lib/photos/upload-photo";

export const MAX_PHOTOS = 4;
/** An update's photos (domain/photos/photo-rules.ts MAX_PHOTOS_PER_UPDATE). */
export const MAX_UPDATE_PHOTOS = 3;

export type PhotoUpload = {
  key: string;
  /** The file as picked: its preview, and its location is read from it (photo-location.ts). */
  file: File;
  preview: string;
  /** "waiting": picked on the report form, sent once the report is filed. */
  state: "waiting" | "sending" | "sent" | "failed";
  progress: number;
  failure?: UploadFailure;
};

export interface PhotoUploads {
  items: PhotoUpload[];
  /** How many more may be picked. */
  room: number;
  /** Takes the picked files that fit; returns them. */
  add(files: File[]): File[];
  retry(item: PhotoUpload): void;
  remove(item: PhotoUpload): void;
  /** Forgets every photo (another report is being filed). */
  clear(): void;
}

/**
 * The photos picked for one report (or one update on it) and their uploads. With no `reportId` yet
 * (the report form before filing, the update form before posting) they wait; once there is one,
 * each goes on its own to POST /api/reports/{reportId}/photos (`?updateId=` with `updateId`; a
 * large JPEG brought down first, downscale-photo.ts), with its progress, and a failed one can be
 * retried or removed. `already`: photos the report carries; `max`: how many it may carry.
 */
export function usePhotoUploads({
  reportId,
  updateId,
  already = 0,
  max = MAX_PHOTOS,
  onUploaded,
}: {
  reportId: string | null;
  updateId?: string;
  already?: number;
  max?: number;
  onUploaded?: () => void;
}): PhotoUploads {
  const [items, setItems] = useState<PhotoUpload[]>([]);
  const previews = useRef(new Set<string>());
  // Each photo is started once, however often the effect below runs.
  const started = useRef(new Set<string>());
  const uploaded = useRef(onUploaded);
  useEffect(() => {
    uploaded.current = onUploaded;
  }, [onUploaded]);

  useEffect(() => {
    const urls = previews.current;
    return () => urls.forEach((u) => URL.revokeObjectURL(u));
  }, []);

  const update = useCallback((key: string, patch: Partial<PhotoUpload>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...patch } : i))), []);

  const send = useCallback(
    async (item: PhotoUpload, to: PhotoTarget) => {
      await Promise.resolve();
      update(item.key, { state: "sending", progress: 0, failure: undefined });
      const file = await downscalePhoto(item.file);
      const result = await uploadPhoto(to, file, (progress) => update(item.key, { progress }));
      if (result.ok) {
        update(item.key, { state: "sent", progress: 1 });
        uploaded.current?.();
      } else {
        update(item.key, { state: "failed", failure: result.failure });
      }
    },
    [update],
  );

  useEffect(() => {
    if (!reportId) return;
    for (const item of items) {
      if (item.state !== "waiting" || started.current.has(item.key)) continue;
      started.current.add(item.key);
      void send(item, { reportId, ...(updateId ? { updateId } : {}) });
    }
  }, [reportId, updateId, items, send]);

  const room = Math.max(0, max - already - items.filter((i) => i.state !== "failed").length);

  function add(files: File[]): File[] {
    const chosen = files.slice(0, room);
    const added = chosen.map((file) => {
      const preview = URL.createObjectURL(file);
      previews.current.add(preview);
      return { key: `${Date.now()}-${Math.random()}`, file, preview, state: "waiting" as const, progress: 0 };
    });
    setItems((all) => [...all, ...added]);
    return chosen;
  }

  function forget(item: PhotoUpload) {
    URL.revokeObjectURL(item.preview);
    previews.current.delete(item.preview);
  }

  return {
    items,
    room,
    add,
    retry: (item) => {
      if (reportId) void send(item, { reportId, ...(updateId ? { updateId } : {}) });
    },
    remove: (item) => {
      forget(item);
      setItems((all) => all.filter((i) => i.key !== item.key));
    },
    clear: () => {
      items.forEach(forget);
      setItems([]);
    },
  };
}
