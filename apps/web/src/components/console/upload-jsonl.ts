/**
 * Sends a JSONL file with XMLHttpRequest, because fetch cannot report upload progress. Resolves
 * with the status and parsed JSON body for any HTTP answer; rejects only when nothing came back.
 */
export type TUploadProgress = { loaded: number; total: number; phase: "sending" | "processing" };
export type TUploadAnswer = { status: number; body: unknown };

export class UploadNetworkError extends Error {
  override name = "UploadNetworkError";
}

export function uploadJsonl(
  url: string,
  body: Blob,
  onProgress: (p: TUploadProgress) => void,
): { done: Promise<TUploadAnswer>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<TUploadAnswer>((resolve, reject) => {
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : body.size, phase: "sending" });
    // Every byte is out: the server now parses and stores the lines.
    xhr.upload.onload = () => onProgress({ loaded: body.size, total: body.size, phase: "processing" });
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = null;
      }
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.onerror = () => reject(new UploadNetworkError("Can't reach Rankwise. Check your connection and try again."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    onProgress({ loaded: 0, total: body.size, phase: "sending" });
    xhr.send(body);
  });
  return { done, abort: () => xhr.abort() };
}
