import pg from "pg";

/** Columns that change on reads by design: a token's last use is stamped at most once a minute. */
const ALWAYS_IGNORED = ["last_used_at"];

export type TDbSnapshot = Map<string, string>;

/**
 * Row count and an md5 over every row of every table, in one round trip, so a test can prove a
 * request changed nothing. `ignore` names columns left out of the checksum.
 */
export async function openSnapshotter(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY table_name`,
  );
  const tables = rows.map((r) => r.table_name);
  const sqlFor = (ignore: string[]) => {
    const drop = `'{${[...ALWAYS_IGNORED, ...ignore].join(",")}}'::text[]`;
    return tables
      .map(
        (t) =>
          `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg((to_jsonb(x) - ${drop})::text, '|' ORDER BY (to_jsonb(x) - ${drop})::text), '')) AS h FROM "${t}" x`,
      )
      .join(" UNION ALL ");
  };
  const cache = new Map<string, string>();
  return {
    tables,
    async snapshot(ignore: string[] = []): Promise<TDbSnapshot> {
      const key = ignore.join(",");
      if (!cache.has(key)) cache.set(key, sqlFor(ignore));
      const res = await client.query<{ t: string; n: number; h: string }>(cache.get(key) as string);
      return new Map(res.rows.map((r) => [r.t, `${r.n}:${r.h}`]));
    },
    close: () => client.end(),
  };
}

/** Tables whose count or checksum differ. */
export function changedTables(before: TDbSnapshot, after: TDbSnapshot): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}
