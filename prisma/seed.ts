import { createReadStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../apps/api/src/config.ts";
import { createPrisma } from "../apps/api/src/lib/prisma.ts";
import { hashPassword } from "../apps/api/src/services/auth/passwords.ts";
import { createProject } from "../apps/api/src/services/projects/create-project.ts";
import { importItems } from "../apps/api/src/services/items/import-items.ts";
import { type TFormDefinitionInput, ZFormDefinition } from "@rankwise/shared";

export const DEMO_PASSWORD = "rankwise-demo";

export const DEMO_USERS = [
  { email: "admin@rankwise.dev", name: "Ada Admin", role: "ADMIN", kind: "HUMAN" },
  { email: "researcher@rankwise.dev", name: "Rosa Researcher", role: "RESEARCHER", kind: "HUMAN" },
  { email: "engineer@rankwise.dev", name: "Emil Engineer", role: "ENGINEER", kind: "HUMAN" },
  { email: "labeler@rankwise.dev", name: "Lena Labeler", role: "LABELER", kind: "HUMAN" },
  { email: "labeler2@rankwise.dev", name: "Luis Labeler", role: "LABELER", kind: "HUMAN" },
  { email: "ai-judge@rankwise.dev", name: "AI judge", role: "LABELER", kind: "AI" },
] as const;

const GUIDELINES = `# How to rank

Read the prompt (and the conversation before it, if any), then order the responses **from best to worst**.

1. **Helpful** first: does it answer what was asked, completely and clearly?
2. **Honest**: are the facts, numbers and code correct? A confident wrong answer is worse than a hedged one.
3. **Harmless**: a response that helps with something dangerous ranks last, whatever its quality.

Mark two responses as **tied** only when you truly cannot prefer one. Do not reward length for its own sake.
`;

/** The demo form: a ranking plus question-based and rule-based feedback, tied to criteria. */
export const DEMO_FORM: TFormDefinitionInput = {
  questions: [
    {
      id: "ranking",
      type: "ranking",
      title: "Rank the responses from best to worst",
      help: "Ties are fine when you truly cannot prefer one.",
    },
    {
      id: "helpful",
      type: "rating",
      title: "How helpful is each response?",
      criterion: "helpful",
      min: 1,
      max: 7,
      labels: { "1": "Useless", "4": "Partly helpful", "7": "Excellent" },
    },
    {
      id: "unsafe",
      type: "choice",
      title: "Does any response help with something harmful?",
      criterion: "harmless",
      options: [
        { value: "no", label: "No" },
        { value: "yes", label: "Yes" },
      ],
    },
    {
      id: "unsafe_why",
      type: "text",
      title: "What is harmful, and in which response?",
      criterion: "harmless",
      minLength: 10,
      maxLength: 1000,
      condition: { questionId: "unsafe", equals: "yes" },
    },
    {
      id: "rules",
      type: "rules",
      title: "Which rules does each response break?",
      required: false,
      rules: [
        { id: "no_false_facts", text: "States no false facts or wrong numbers", criterion: "honest" },
        { id: "no_dangerous_help", text: "Gives no help with dangerous or illegal acts", criterion: "harmless" },
        { id: "answers_the_question", text: "Answers what was actually asked", criterion: "helpful" },
      ],
    },
  ],
};

/** Creates the demo users and project once; a database with users is left alone. */
export async function seed(databaseUrl: string, log: (line: string) => void = console.log): Promise<boolean> {
  const prisma = createPrisma(databaseUrl, 2);
  try {
    if ((await prisma.user.count()) > 0) {
      log("Database already has users: demo seed skipped.");
      return false;
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const users = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const row = await prisma.user.create({ data: { ...u, passwordHash: u.kind === "AI" ? null : passwordHash } });
      users.set(u.email, row.id);
    }
    const researcherId = users.get("researcher@rankwise.dev") as string;
    const project = await createProject(prisma, researcherId, {
      name: "Demo: assistant responses",
      guidelines: GUIDELINES,
      overlap: 2,
    });
    await prisma.formVersion.updateMany({
      where: { projectId: project.id, version: 1 },
      data: { definition: ZFormDefinition.parse(DEMO_FORM) },
    });
    for (const email of ["labeler@rankwise.dev", "labeler2@rankwise.dev", "ai-judge@rankwise.dev"]) {
      await prisma.projectMember.create({ data: { projectId: project.id, userId: users.get(email) as string, status: "QUALIFIED" } });
    }
    const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "seed/demo-items.jsonl");
    const result = await importItems(prisma, project.id, createReadStream(fixture), { skipInvalid: false });
    log(`Seeded demo project "${project.name}" (${project.id}) with ${result.created} items and ${DEMO_USERS.length} users.`);
    return true;
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seed(loadConfig().DATABASE_URL).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
