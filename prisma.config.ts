import { defineConfig } from "prisma/config";

// The CLI's only configuration; the apps validate their own env at boot.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rankwise" },
});
