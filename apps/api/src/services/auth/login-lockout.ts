import type { TDb } from "../../lib/prisma.ts";

export type TLockoutPolicy = { threshold: number; minutes: number };

export function isLocked(user: { lockedUntil: Date | null }, now = new Date()): boolean {
  return user.lockedUntil !== null && user.lockedUntil > now;
}

/**
 * Counts one failed password; the failure that reaches the threshold locks the account for
 * `minutes` and starts the count again. The increment is a single UPDATE, so parallel attempts
 * cannot slip past the threshold.
 */
export async function recordFailedLogin(db: TDb, userId: string, policy: TLockoutPolicy): Promise<{ locked: boolean }> {
  const { failedLogins } = await db.user.update({
    where: { id: userId },
    data: { failedLogins: { increment: 1 } },
    select: { failedLogins: true },
  });
  if (failedLogins < policy.threshold) return { locked: false };
  await db.user.update({
    where: { id: userId },
    data: { failedLogins: 0, lockedUntil: new Date(Date.now() + policy.minutes * 60_000) },
  });
  return { locked: true };
}

/** A successful password login clears the count (one small write only when there is something to clear). */
export async function clearFailedLogins(db: TDb, user: { id: string; failedLogins: number; lockedUntil: Date | null }) {
  if (user.failedLogins === 0 && user.lockedUntil === null) return;
  await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
}

/** Lifts a lockout early (admins); true when there was a lock or a count to clear. */
export async function unlockUser(db: TDb, userId: string): Promise<boolean> {
  const res = await db.user.updateMany({
    where: { id: userId, OR: [{ lockedUntil: { not: null } }, { failedLogins: { gt: 0 } }] },
    data: { failedLogins: 0, lockedUntil: null },
  });
  return res.count > 0;
}
