import { ItemImport } from "../../../../../components/console/item-import.tsx";
import { ItemBrowser } from "../../../../../components/console/review/item-browser.tsx";
import { loadProjectPage, tabMetadata } from "../project-data.ts";
import { ResearchersOnly } from "../researchers-only.tsx";

export const generateMetadata = tabMetadata("Items");

export default async function ProjectItemsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { role } = await loadProjectPage(id, `/projects/${id}/items`);
  if (role !== "manage") return <ResearchersOnly projectId={id} what="Importing items" />;
  return (
    <div className="stack">
      <ItemImport projectId={id} />
      <ItemBrowser projectId={id} />
    </div>
  );
}
