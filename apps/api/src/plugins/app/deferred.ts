import fp from "fastify-plugin";

export type TDeferred = {
  /** Runs `work` after the current response, in this process; failures are logged, never thrown. */
  run: (name: string, work: () => Promise<unknown>) => void;
  /** Resolves when all deferred work (including work it started) has finished. */
  drain: () => Promise<void>;
};

declare module "fastify" {
  interface FastifyInstance {
    deferred: TDeferred;
  }
}

/**
 * Work that must not add to a response's latency: scoring a honeypot answer after the submit, so
 * that a honeypot's submit takes as long as a live one's. It is recomputed from stored data, so work
 * lost in a crash is redone by the next run (or the explicit recompute endpoint).
 */
export default fp(
  async (app) => {
    const pending = new Set<Promise<void>>();
    const run: TDeferred["run"] = (name, work) => {
      const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(work)
        .then(
          () => undefined,
          (err: unknown) => app.log.error({ err, work: name }, "deferred work failed"),
        )
        .finally(() => pending.delete(job));
      pending.add(job);
    };
    const drain = async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    };
    app.decorate("deferred", { run, drain });
    app.addHook("onClose", drain);
  },
  { name: "deferred", dependencies: ["prisma"] },
);
