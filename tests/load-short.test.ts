// The load benchmark's driver for a few seconds in CI: 20 labelers against the production app listening
// on a real port, first in the web app's flow (submit?next=1 returns the next task), then with two
// requests per item (tasks/next → submit); after each the database must show nothing assigned twice and
// no acknowledged answer lost. It checks correctness under concurrency, not speed.
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { peekQueueFloor } from "../apps/api/src/services/tasks/lease-fast.ts";
import { buildTestApp, type TTestContext } from "../apps/api/test/helpers/app.ts";
import { addLabeler, createUser } from "../apps/api/test/helpers/fixtures.ts";
import { checkCorrectness, driveLabelers, seedLoadProject, type TLoadProject } from "../bench/load-driver.ts";

let ctx: TTestContext;
let project: TLoadProject;
let url: string;

beforeAll(async () => {
  ctx = await buildTestApp();
  project = await seedLoadProject(ctx.db.url, { items: 3000, labelers: 20, overlap: 3 });
  await ctx.app.listen({ host: "127.0.0.1", port: 0 });
  url = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await ctx?.close();
});

/** Every submit acknowledged so far, over both modes: the project's rows must be exactly these. */
const acked = new Set<string>();

describe("20 labelers for a few seconds against the listening API", () => {
  it.each([
    { mode: "app" as const, seconds: 5 },
    { mode: "two-request" as const, seconds: 3 },
  ])(
    "$mode: serve and store every answer once: no double assignment, nothing lost, no 5xx",
    { timeout: 60_000 },
    async ({ mode, seconds }) => {
      const run = await driveLabelers({ url, projectId: project.projectId, tokens: project.tokens, connections: 20, seconds, mode });
      const statuses = [...run.next.byStatus.keys(), ...run.submit.byStatus.keys()];
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(run.socketErrors + run.timeouts).toBe(0);
      expect(run.inFlightAtStop.size).toBe(0);
      expect(run.acked.size).toBeGreaterThan(20);
      expect(run.submit.byStatus.get(201)).toBe(run.submit.latencies.length);
      // The app flow asks tasks/next once per labeler; every other task comes with a submit's response.
      if (mode === "app") expect(run.next.latencies.length).toBeLessThanOrEqual(20);
      else expect(run.next.latencies.length).toBeGreaterThanOrEqual(run.submit.latencies.length);
      expect(run.leases).toBeGreaterThan(20);
      for (const id of run.acked) acked.add(id);

      const check = await checkCorrectness(ctx.db.url, project, acked);
      expect(check).toMatchObject({
        annotationRows: acked.size,
        lost: 0,
        unacknowledgedRows: 0,
        overfilledItems: 0,
        activeCountAboveOverlap: 0,
        doubleAnswers: 0,
        activeCountMismatches: 0,
        doneCountMismatches: 0,
        labelersWithTwoLeases: 0,
        ok: true,
      });
    },
  );

  it("the database checks catch a double answer and a lost one", async () => {
    // The checks themselves must be able to fail: break the invariants by hand and look.
    const client = new pg.Client({ connectionString: ctx.db.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT assignment_id, item_id FROM annotations WHERE project_id = $1 LIMIT 1", [
        project.projectId,
      ]);
      const one = rows[0] as { assignment_id: string; item_id: string };
      await client.query("UPDATE items SET active_count = active_count + 5 WHERE id = $1", [one.item_id]);
      const acked = new Set([one.assignment_id, "00000000-0000-4000-8000-000000000000"]);
      const check = await checkCorrectness(ctx.db.url, project, acked);
      expect(check.ok).toBe(false);
      expect(check.lost).toBe(1);
      expect(check.activeCountAboveOverlap).toBe(1);
      expect(check.activeCountMismatches).toBe(1);
      expect(check.unacknowledgedRows).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
  it("an item reopened below the queue floor behind this process's back is still served, never a 204", async () => {
    // After the run most items at the head of the queue are full, so claims start from a floor.
    const labeler = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.projectId, labeler);
    const next = () => ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.projectId}/tasks/next`, headers: labeler.headers });
    // The runs above normally fill the head of the queue; on a slow machine they may fill fewer than the
    // floor needs (500 full items before the first open one), so fill it up to there by hand.
    const head = new pg.Client({ connectionString: ctx.db.url });
    await head.connect();
    await head
      .query(
        `UPDATE items SET active_count = $2 WHERE id IN (SELECT id FROM items WHERE project_id = $1 ORDER BY seq LIMIT 600) AND active_count < $2`,
        [project.projectId, project.overlap],
      )
      .finally(() => head.end());
    let floor: number | null = null;
    for (let i = 0; i < 50 && floor === null; i++) {
      const task = (await next()).json();
      await ctx.app.inject({
        method: "POST",
        url: `/api/v1/assignments/${task.assignmentId}/annotations`,
        headers: labeler.headers,
        payload: { ranking: task.item.responses.map((r: { id: string }) => [r.id]) },
      });
      await new Promise((r) => setTimeout(r, 50));
      floor = peekQueueFloor(project.projectId, project.overlap);
    }
    expect(floor).not.toBeNull();
    // Another process gives back a slot on the first item and everything from the floor up fills.
    const client = new pg.Client({ connectionString: ctx.db.url });
    await client.connect();
    try {
      await client.query("UPDATE items SET active_count = 3 WHERE project_id = $1 AND seq >= $2", [project.projectId, floor]);
      const first = await client.query("SELECT id FROM items WHERE project_id = $1 ORDER BY seq LIMIT 1", [project.projectId]);
      const firstId = (first.rows[0] as { id: string }).id;
      await client.query("UPDATE items SET active_count = 2 WHERE id = $1", [firstId]);
      const res = await next();
      expect(res.statusCode).toBe(200);
      expect(res.json().item.id).toBe(firstId);
    } finally {
      await client.end();
    }
  });
});
