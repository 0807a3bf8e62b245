import { ZItemQuality, ZMessage } from "@rankwise/shared";
import { z } from "zod";

/**
 * A screening or honeypot item as the gold editor needs it: its quality flags plus the prompt and
 * the responses to answer. The API has no endpoint listing a project's items yet; this is the shape
 * the Screening tab asks `GET /api/v1/projects/:id/items?role=…` for (move it to @rankwise/shared
 * once the route exists there).
 */
export const ZGoldItem = ZItemQuality.extend({
  prompt: z.array(ZMessage),
  responses: z.array(
    z.object({ id: z.string(), model: z.string().nullable().optional(), content: z.string(), steps: z.array(z.string()).optional() }),
  ),
});
export type TGoldItem = z.infer<typeof ZGoldItem>;

export const ZGoldItemList = z.object({ items: z.array(ZGoldItem) });

export type TGoldRole = "SCREENING" | "HONEYPOT";

export function goldItemsPath(projectId: string, role: TGoldRole): `/api/${string}` {
  return `/api/v1/projects/${projectId}/items?role=${role}`;
}

/**
 * Lines of a JSONL file with `role` set where it is missing, so a file of plain items can be
 * imported as screening (or honeypot) items. Lines that are not JSON objects pass through untouched
 * for the API to report with their line number.
 */
export function withRole(text: string, role: "screening" | "honeypot"): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      if (!line.trim()) return line;
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && !("role" in parsed))
          return JSON.stringify({ ...parsed, role });
      } catch {
        // left for the API's line-numbered error
      }
      return line;
    })
    .join("\n");
}
