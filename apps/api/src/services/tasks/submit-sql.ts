/**
 * The submit's write (see `writeAnnotation` in submit-fast.ts): flips the live lease to SUBMITTED, counts
 * the answer on its item, stores it and returns it with what the rest of the request needs (the item's
 * role, the project, the membership). $1 assignment, $2 labeler, $3 answer, $4 display order,
 * $5 duration, $6 idempotency key; with `served`, $7 item, $8 form version and $9 context as served
 * must still be the lease's. Shared by the pool statement and the SQL PREPARE of lease-fast.ts.
 */
export const submitWriteSql = (served: boolean) => `WITH flipped AS (
               UPDATE assignments SET status = 'SUBMITTED', submitted_at = now()
               WHERE id = $1::uuid AND status = 'LEASED' AND lease_expires_at > now()
                 ${served ? "AND labeler_id = $2::uuid AND item_id = $7::uuid AND form_version_id = $8::uuid AND context = $9::jsonb" : ""}
               RETURNING id, project_id, item_id, form_version_id, submitted_at
             ), counted AS (
               UPDATE items SET done_count = items.done_count + 1, updated_at = now()
               FROM flipped WHERE items.id = flipped.item_id
               RETURNING items.role
             ), stored AS (
               INSERT INTO annotations (assignment_id, project_id, item_id, labeler_id, form_version_id, answer, display_order, duration_ms, idempotency_key)
               SELECT id, project_id, item_id, $2::uuid, form_version_id, $3::jsonb, $4::jsonb, $5::int, $6::text FROM flipped
               RETURNING id, assignment_id, item_id, answer, display_order, duration_ms, created_at, form_version_id
             )
             SELECT s.id AS r_id, s.assignment_id AS r_assignment_id, s.item_id AS r_item_id, s.answer AS r_answer,
                    s.display_order AS r_display_order, s.duration_ms AS r_duration_ms, s.created_at AS r_created_at,
                    f.version AS r_form_version,
                    fl.submitted_at AS x_submitted_at,
                    (SELECT c.role = 'HONEYPOT' FROM counted c) AND EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = s.item_id) AS x_scored,
                    p.id AS x_project_id, p.overlap AS x_overlap, p.lease_seconds AS x_lease_seconds, p.settings AS x_settings,
                    m.status AS x_member_status
             FROM stored s
             JOIN flipped fl ON fl.id = s.assignment_id
             JOIN projects p ON p.id = fl.project_id
             LEFT JOIN project_members m ON m.project_id = fl.project_id AND m.user_id = $2::uuid
             LEFT JOIN form_versions f ON f.id = s.form_version_id`;
