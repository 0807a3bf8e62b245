"use client";

import { useEffect, useState } from "react";

function format(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mmss = `${String(m).padStart(h ? 2 : 1, "0")}:${String(s).padStart(2, "0")}`;
  return h ? `${h}:${mmss}` : mmss;
}

/** How long the task stays reserved for this labeler; warns in the last two minutes. */
export function LeaseTimer({ expiresAt }: { expiresAt: string }) {
  const deadline = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = deadline - now;
  const state = left <= 0 ? "expired" : left < 120_000 ? "low" : "ok";
  return (
    <span className="lease-timer" data-state={state} title="Time left before this task goes back to the queue">
      {state === "expired" ? "Reservation expired" : `Reserved for ${format(left)}`}
    </span>
  );
}
