import type { TMemberStatus } from "../projects.ts";
import type { TQualitySettings } from "./settings.ts";

export type TTierInput = {
  /** Gold scores since the member's last tier change, newest first. */
  recentGold: readonly number[];
  /** Gold items scored since the last tier change (may exceed recentGold.length, which is capped). */
  goldItems: number;
  peerAgreement: number | null;
};

export type TTierDecision = { to: TMemberStatus; reason: string };

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number) => x.toFixed(3);

/**
 * The automatic tier change for a member, if any. Only QUALIFIED and SUPER_RATER members are
 * evaluated; suspension is checked first (a member can be both eligible for promotion over the long
 * window and failing the short one, and the short one is the warning sign).
 */
export function decideTierChange(status: TMemberStatus, input: TTierInput, settings: TQualitySettings): TTierDecision | null {
  if (status !== "QUALIFIED" && status !== "SUPER_RATER") return null;
  const { suspension, promotion } = settings;
  if (suspension.enabled && input.recentGold.length >= suspension.window) {
    const rolling = mean(input.recentGold.slice(0, suspension.window));
    if (rolling < suspension.minGoldAgreement) {
      return {
        to: "SUSPENDED",
        reason: `rolling gold agreement ${fmt(rolling)} over the last ${suspension.window} gold items is below ${suspension.minGoldAgreement}`,
      };
    }
  }
  if (status === "QUALIFIED" && promotion.enabled && input.goldItems >= promotion.minGoldItems && input.recentGold.length > 0) {
    const gold = mean(input.recentGold.slice(0, settings.goldWindow));
    const peer = input.peerAgreement;
    const peerOk = promotion.minPeerAgreement === null || (peer !== null && peer >= promotion.minPeerAgreement);
    if (gold >= promotion.minGoldAgreement && peerOk) {
      const peerText = promotion.minPeerAgreement === null ? "" : `; peer agreement ${fmt(peer as number)} ≥ ${promotion.minPeerAgreement}`;
      return {
        to: "SUPER_RATER",
        reason: `gold agreement ${fmt(gold)} over ${input.goldItems} gold items ≥ ${promotion.minGoldAgreement}${peerText}`,
      };
    }
  }
  return null;
}
