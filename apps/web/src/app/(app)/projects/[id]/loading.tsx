import { LoadingBlock } from "../../../../components/console/state-views.tsx";

export default function ProjectTabLoading() {
  return (
    <div className="card">
      <LoadingBlock label="Loading this tab…" rows={5} />
    </div>
  );
}
