import fp from "fastify-plugin";
import { createExportStorage, type TExportStorage } from "../../services/exports/export-storage.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Where export files live: S3 when S3_BUCKET is set, EXPORT_DIR otherwise. */
    exportStorage: TExportStorage;
  }
}

export default fp(
  async (app) => {
    app.decorate("exportStorage", createExportStorage(app.config));
  },
  { name: "export-storage" },
);
