import type { TMemberStatus } from "@rankwise/shared";
import type { TTone } from "./state-views.tsx";

export const MEMBER_STATUS: Record<TMemberStatus, { label: string; tone: TTone; hint: string }> = {
  INVITED: { label: "Invited", tone: "neutral", hint: "Added; has not started screening" },
  SCREENING: { label: "Screening", tone: "info", hint: "Answering screening items" },
  QUALIFIED: { label: "Qualified", tone: "success", hint: "Takes live tasks" },
  FAILED: { label: "Failed screening", tone: "danger", hint: "Did not pass screening" },
  SUPER_RATER: { label: "Super rater", tone: "accent", hint: "Trusted: counts as a top-tier labeler" },
  SUSPENDED: { label: "Suspended", tone: "warning", hint: "Takes no tasks until reinstated" },
};
