import { parseArgs } from "node:util";
import { ZRole, ZUserKind } from "@rankwise/shared";
import { z } from "zod";
import { ConfigError, loadConfig } from "./config.ts";
import { checkPostgres, ServiceUnreachableError } from "./lib/connections.ts";
import { createPrisma } from "./lib/prisma.ts";
import { createApiToken } from "./services/auth/api-tokens.ts";
import { hashPassword } from "./services/auth/passwords.ts";

const USAGE = `Usage:
  npm run cli -- user:create --email EMAIL --role ADMIN|RESEARCHER|LABELER|ENGINEER [--name NAME] [--kind HUMAN|AI] [--password PASSWORD]
  npm run cli -- token:create --email EMAIL [--name NAME] [--days N]

AI labelers (--kind AI) have no password: give them a token.`;

const ZUserCreate = z.object({
  email: z.email(),
  role: ZRole,
  name: z.string().min(1).optional(),
  kind: ZUserKind.default("HUMAN"),
  password: z.string().min(8, "use at least 8 characters").optional(),
});

const ZTokenCreate = z.object({
  email: z.email(),
  name: z.string().min(1).default("cli"),
  days: z.coerce.number().int().min(1).optional(),
});

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      kind: { type: "string" },
      password: { type: "string" },
      days: { type: "string" },
    },
  });
  if (command !== "user:create" && command !== "token:create") {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL, 1);
  try {
    await checkPostgres(prisma, config.DATABASE_URL);
    if (command === "user:create") {
      const input = ZUserCreate.parse(values);
      const user = await prisma.user.create({
        data: {
          email: input.email.toLowerCase(),
          name: input.name ?? input.email.split("@")[0] ?? input.email,
          role: input.role,
          kind: input.kind,
          passwordHash: input.password ? await hashPassword(input.password) : null,
        },
      });
      console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role, kind: user.kind }));
      return 0;
    }
    const input = ZTokenCreate.parse(values);
    const user = await prisma.user.findUnique({ where: { email: input.email.toLowerCase() } });
    if (!user) {
      console.error(`No user with email ${input.email}`);
      return 1;
    }
    const token = await createApiToken(prisma, user.id, input.name, input.days);
    // The token goes to stdout alone so scripts can capture it: TOKEN=$(npm run -s cli -- token:create ...)
    console.log(token.token);
    console.error(`Created token "${token.name}" for ${user.email} (${user.role}). It is shown only once.`);
    return 0;
  } finally {
    await prisma.$disconnect();
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    if (err instanceof z.ZodError)
      console.error(`Invalid arguments:\n${err.issues.map((i) => `  --${i.path.join(".")}: ${i.message}`).join("\n")}\n\n${USAGE}`);
    else if (err instanceof ConfigError || err instanceof ServiceUnreachableError) console.error(err.message);
    else if ((err as { code?: string }).code === "P2002") console.error("A user with that email already exists");
    else console.error(err);
    process.exit(1);
  });
