-- AlterTable
ALTER TABLE "projects" ADD COLUMN "config_source" TEXT,
ADD COLUMN "config_agents" JSONB,
ADD COLUMN "config_read_at" TIMESTAMPTZ(3),
ADD COLUMN "last_event" TEXT,
ADD COLUMN "last_event_at" TIMESTAMPTZ(3);
