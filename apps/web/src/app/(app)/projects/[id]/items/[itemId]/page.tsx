import type { TFormVersion } from "@rankwise/shared";
import { ItemReview } from "../../../../../../components/console/review/item-review.tsx";
import { loadForPage } from "../../../../../../lib/server-api.ts";
import { loadProjectPage, tabMetadata } from "../../project-data.ts";
import { ResearchersOnly } from "../../researchers-only.tsx";

export const generateMetadata = tabMetadata("Review item");

export default async function ProjectItemReviewPage({ params }: { params: Promise<{ id: string; itemId: string }> }) {
  const { id, itemId } = await params;
  const here = `/projects/${id}/items/${itemId}`;
  const { role } = await loadProjectPage(id, here);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="Reviewing items" />;
  const form = await loadForPage<TFormVersion>(`/api/v1/projects/${id}/form`, here);
  return <ItemReview projectId={id} itemId={itemId} form={form.definition} />;
}
