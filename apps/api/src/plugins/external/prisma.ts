import fp from "fastify-plugin";
import { createPrisma, type TPrisma } from "../../lib/prisma.ts";

declare module "fastify" {
  interface FastifyInstance {
    prisma: TPrisma;
  }
}

export default fp(
  async (app, opts: { databaseUrl: string; poolSize?: number }) => {
    const prisma = createPrisma(opts.databaseUrl, opts.poolSize);
    app.decorate("prisma", prisma);
    app.addHook("onClose", async () => prisma.$disconnect());
  },
  { name: "prisma" },
);
