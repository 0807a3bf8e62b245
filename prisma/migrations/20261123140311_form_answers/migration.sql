-- AlterTable
ALTER TABLE "annotations" ADD COLUMN     "display_order" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "assignments" ADD COLUMN     "context" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "form_version_id" UUID,
ADD COLUMN     "skip_note" TEXT,
ADD COLUMN     "skip_reason" TEXT;

-- AddForeignKey
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_form_version_id_fkey" FOREIGN KEY ("form_version_id") REFERENCES "form_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;
