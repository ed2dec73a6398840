-- CreateIndex
CREATE INDEX "job_runs_organization_id_queued_at_idx" ON "job_runs"("organization_id", "queued_at");
