"use client";

import type { TInvitation, TInvitationList } from "@rankwise/shared";
import { useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { useApiResource } from "../use-api-resource.ts";

/** An invitation list (`base` + `?…`) and revoking one (`base/:id`), for the admin page and a project's members. */
export function useInvitations(base: `/api/${string}`, status: string) {
  const query = new URLSearchParams({ pageSize: "100", ...(status ? { status } : {}) });
  const resource = useApiResource<TInvitationList>(`${base}?${query}`);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function revoke(invitation: TInvitation) {
    setRevoking(invitation.id);
    setFailure(null);
    try {
      const { data } = await apiFetch<TInvitation>(`${base}/${invitation.id}`, { method: "DELETE" });
      if (data) resource.setData((prev) => ({ ...prev, invitations: prev.invitations.map((i) => (i.id === data.id ? data : i)) }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFailure(`${invitation.email}: ${errorMessage(err)}`);
    } finally {
      setRevoking(null);
    }
  }

  return { ...resource, revoke, revoking, failure };
}
