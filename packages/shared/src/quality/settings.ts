import { z } from "zod";

const ZShare = z.number().min(0).max(1);

/**
 * `projects.settings.quality`: honeypot rate and the tier rules. Rules only look at gold answers
 * scored since the member's last tier change, so a researcher's decision is not undone by old data.
 */
export const ZQualitySettings = z.object({
  /** Chance that a labeler's next task is a honeypot, while live work remains for them. */
  honeypotRate: ZShare.default(0.1),
  /** The member's gold agreement is the mean score over their last `goldWindow` gold items. */
  goldWindow: z.number().int().min(1).max(1000).default(50),
  /** QUALIFIED → SUPER_RATER. */
  promotion: z
    .object({
      enabled: z.boolean().default(true),
      /** Gold agreement of at least this... */
      minGoldAgreement: ZShare.default(0.9),
      /** ...over at least this many gold items... */
      minGoldItems: z.number().int().min(1).max(100_000).default(20),
      /** ...and peer agreement of at least this (null: peer agreement is not required). */
      minPeerAgreement: ZShare.nullable().default(0.75),
    })
    .prefault({}),
  /** QUALIFIED or SUPER_RATER → SUSPENDED. */
  suspension: z
    .object({
      enabled: z.boolean().default(true),
      /** Mean gold score over the last `window` gold items... */
      window: z.number().int().min(1).max(1000).default(10),
      /** ...below this suspends. */
      minGoldAgreement: ZShare.default(0.5),
    })
    .prefault({}),
});
export type TQualitySettings = z.infer<typeof ZQualitySettings>;
export type TQualitySettingsInput = z.input<typeof ZQualitySettings>;

export const DEFAULT_QUALITY_SETTINGS: TQualitySettings = ZQualitySettings.parse({});

/** Reads the quality rules from a project's settings JSON; missing or unreadable → the defaults. */
export function readQualitySettings(projectSettings: unknown): TQualitySettings {
  const raw =
    typeof projectSettings === "object" && projectSettings !== null ? (projectSettings as Record<string, unknown>).quality : undefined;
  const parsed = ZQualitySettings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : DEFAULT_QUALITY_SETTINGS;
}
