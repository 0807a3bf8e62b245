import type { TPrisma } from "../../src/lib/prisma.ts";
import { createProject } from "../../src/services/projects/create-project.ts";

/**
 * A project large enough that its export takes a few seconds: `items` items × 4 responses, answered by
 * two labelers with opposite full rankings (12 preference pairs per item), in three INSERT … SELECTs.
 */
export async function seedBigProject(prisma: TPrisma, items: number) {
  const researcher = await prisma.user.create({ data: { email: "big@test.rankwise.dev", name: "big", role: "RESEARCHER" } });
  const project = await createProject(prisma, researcher.id, { name: "big project", overlap: 2 });
  const form = await prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id } });
  const labelers = await Promise.all(
    [1, 2].map((n) => prisma.user.create({ data: { email: `big-l${n}@test.rankwise.dev`, name: `l${n}`, role: "LABELER" } })),
  );
  await prisma.projectMember.createMany({ data: labelers.map((l) => ({ projectId: project.id, userId: l.id })) });
  const first = labelers[0]?.id ?? "";
  await prisma.$executeRaw`
    INSERT INTO items (id, project_id, external_id, prompt, responses, done_count, updated_at)
    SELECT gen_random_uuid(), ${project.id}::uuid, 'b-' || g,
           jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Prompt ' || g || ': explain something in a few sentences.')),
           (SELECT jsonb_agg(jsonb_build_object('id', 'r' || r, 'model', 'm' || r, 'content', repeat('Response ' || r || ' to prompt ' || g || '. ', 8)) ORDER BY r)
            FROM generate_series(1, 4) r),
           2, now()
    FROM generate_series(1, ${items}::int) g`;
  await prisma.$executeRaw`
    INSERT INTO assignments (id, project_id, item_id, labeler_id, status, form_version_id, lease_expires_at, submitted_at)
    SELECT gen_random_uuid(), i.project_id, i.id, u.id, 'SUBMITTED', ${form.id}::uuid, now(), now()
    FROM items i CROSS JOIN (SELECT unnest(${labelers.map((l) => l.id)}::uuid[]) AS id) u
    WHERE i.project_id = ${project.id}::uuid`;
  await prisma.$executeRaw`
    INSERT INTO annotations (id, assignment_id, project_id, item_id, labeler_id, form_version_id, answer, display_order, duration_ms)
    SELECT gen_random_uuid(), a.id, a.project_id, a.item_id, a.labeler_id, a.form_version_id,
           CASE WHEN a.labeler_id = ${first}::uuid THEN '{"ranking":[["r1"],["r2"],["r3"],["r4"]]}' ELSE '{"ranking":[["r4"],["r3"],["r2"],["r1"]]}' END::jsonb,
           '["r1","r2","r3","r4"]'::jsonb, 30000
    FROM assignments a WHERE a.project_id = ${project.id}::uuid`;
  await prisma.$executeRawUnsafe("ANALYZE");
  return { project, researcher };
}
