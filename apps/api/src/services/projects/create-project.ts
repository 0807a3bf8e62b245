import { DEFAULT_FORM, type TCreateProjectRequest, ZCreateProjectRequest } from "@rankwise/shared";
import type { TDb } from "../../lib/prisma.ts";

/** Creates a project with version 1 of its form (a single ranking question). */
export async function createProject(db: TDb, userId: string, input: TCreateProjectRequest) {
  const data = ZCreateProjectRequest.parse(input);
  return db.project.create({
    data: {
      ...data,
      createdById: userId,
      forms: { create: { version: 1, definition: DEFAULT_FORM, createdById: userId } },
    },
  });
}
