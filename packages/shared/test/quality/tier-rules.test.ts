import { describe, expect, it } from "vitest";
import { DEFAULT_QUALITY_SETTINGS, readQualitySettings, ZQualitySettings } from "../../src/quality/settings.ts";
import { decideTierChange } from "../../src/quality/tier-rules.ts";

const settings = ZQualitySettings.parse({
  goldWindow: 4,
  promotion: { minGoldAgreement: 0.9, minGoldItems: 5, minPeerAgreement: 0.8 },
  suspension: { window: 3, minGoldAgreement: 0.5 },
});

describe("quality settings", () => {
  it("fill defaults, and unreadable stored settings fall back to them", () => {
    expect(DEFAULT_QUALITY_SETTINGS).toEqual({
      honeypotRate: 0.1,
      goldWindow: 50,
      promotion: { enabled: true, minGoldAgreement: 0.9, minGoldItems: 20, minPeerAgreement: 0.75 },
      suspension: { enabled: true, window: 10, minGoldAgreement: 0.5 },
    });
    expect(readQualitySettings({ quality: { honeypotRate: 0.3 } }).honeypotRate).toBe(0.3);
    expect(readQualitySettings({ quality: { honeypotRate: 7 } })).toEqual(DEFAULT_QUALITY_SETTINGS);
    expect(readQualitySettings(null)).toEqual(DEFAULT_QUALITY_SETTINGS);
    expect(readQualitySettings({ other: 1 })).toEqual(DEFAULT_QUALITY_SETTINGS);
  });
});

describe("decideTierChange", () => {
  it("promotes after enough gold items with high gold and peer agreement", () => {
    const input = { recentGold: [1, 1, 0.9, 0.8, 0.2], goldItems: 5, peerAgreement: 0.85 };
    // Gold agreement is the mean over the last goldWindow = 4 items: 0.925.
    expect(decideTierChange("QUALIFIED", input, settings)).toEqual({
      to: "SUPER_RATER",
      reason: "gold agreement 0.925 over 5 gold items ≥ 0.9; peer agreement 0.850 ≥ 0.8",
    });
    expect(decideTierChange("QUALIFIED", { ...input, goldItems: 4 }, settings)).toBeNull();
    expect(decideTierChange("QUALIFIED", { ...input, peerAgreement: 0.79 }, settings)).toBeNull();
    expect(decideTierChange("QUALIFIED", { ...input, peerAgreement: null }, settings)).toBeNull();
    expect(decideTierChange("QUALIFIED", { ...input, recentGold: [1, 1, 0.9, 0.6] }, settings)).toBeNull();
    const noPeer = ZQualitySettings.parse({ ...settings, promotion: { ...settings.promotion, minPeerAgreement: null } });
    expect(decideTierChange("QUALIFIED", { ...input, peerAgreement: null }, noPeer)?.to).toBe("SUPER_RATER");
    expect(decideTierChange("SUPER_RATER", input, settings)).toBeNull();
  });

  it("suspends when the rolling mean over the last m gold items is below z, only once m are in", () => {
    expect(decideTierChange("QUALIFIED", { recentGold: [0, 0], goldItems: 2, peerAgreement: null }, settings)).toBeNull();
    expect(decideTierChange("QUALIFIED", { recentGold: [0.2, 0.4, 0.6, 1, 1], goldItems: 5, peerAgreement: 1 }, settings)).toEqual({
      to: "SUSPENDED",
      reason: "rolling gold agreement 0.400 over the last 3 gold items is below 0.5",
    });
    expect(decideTierChange("SUPER_RATER", { recentGold: [0, 0, 0], goldItems: 3, peerAgreement: 1 }, settings)?.to).toBe("SUSPENDED");
    expect(decideTierChange("QUALIFIED", { recentGold: [0.5, 0.5, 0.5], goldItems: 3, peerAgreement: 1 }, settings)).toBeNull();
  });

  it("leaves other statuses and disabled rules alone", () => {
    const bad = { recentGold: [0, 0, 0, 0, 0], goldItems: 5, peerAgreement: 0 };
    for (const status of ["INVITED", "SCREENING", "FAILED", "SUSPENDED"] as const)
      expect(decideTierChange(status, bad, settings)).toBeNull();
    const off = ZQualitySettings.parse({ suspension: { enabled: false }, promotion: { enabled: false } });
    expect(decideTierChange("QUALIFIED", bad, off)).toBeNull();
    expect(decideTierChange("QUALIFIED", { recentGold: [1, 1, 1, 1, 1], goldItems: 50, peerAgreement: 1 }, off)).toBeNull();
  });
});
