-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "target_kind" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "target_number" INTEGER NOT NULL,
    "revision" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error_code" TEXT,
    "error_message" TEXT,
    "cost_usd" DECIMAL(20,9) NOT NULL DEFAULT 0,
    "result_url" TEXT,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "project_id" UUID,
    "event" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "job_id" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_runs_project_id_queued_at_idx" ON "job_runs"("project_id", "queued_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_received_at_idx" ON "webhook_deliveries"("received_at");
