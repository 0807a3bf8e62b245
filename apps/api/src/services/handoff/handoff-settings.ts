import { type TExportFormat, ZHandoffSettings } from "@rankwise/shared";

export type TResolvedHandoff = { enabled: true; queue: string } | { enabled: false; reason: string };

/**
 * Which training queue, if any, an export of this format goes to: the project's
 * `settings.handoff.queue`, else TRAINING_QUEUE. Invalid project settings start nothing rather than
 * publish to a queue nobody meant.
 */
export function resolveHandoff(projectSettings: unknown, format: TExportFormat, defaultQueue: string): TResolvedHandoff {
  const raw = (projectSettings as { handoff?: unknown } | null)?.handoff ?? {};
  const parsed = ZHandoffSettings.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${["handoff", ...i.path].join(".")}: ${i.message}`).join("; ");
    return { enabled: false, reason: `invalid project settings (${detail})` };
  }
  const settings = parsed.data;
  if (!settings.enabled) return { enabled: false, reason: "settings.handoff.enabled is false" };
  if (settings.formats && !settings.formats.includes(format))
    return { enabled: false, reason: `format ${format} is not in settings.handoff.formats` };
  return { enabled: true, queue: settings.queue ?? defaultQueue };
}
