-- AlterTable
ALTER TABLE "projects" ADD COLUMN "command_prefix" TEXT;

-- CreateTable
CREATE TABLE "pull_request_states" (
    "project_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "paused_at" TIMESTAMPTZ(3),
    "paused_by" TEXT,
    "last_reviewed_sha" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pull_request_states_pkey" PRIMARY KEY ("project_id","number")
);

-- AddForeignKey
ALTER TABLE "pull_request_states" ADD CONSTRAINT "pull_request_states_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
