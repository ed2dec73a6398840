-- CreateTable
CREATE TABLE "slack_channel_links" (
    "team_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "project_id" UUID NOT NULL,
    "linked_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_channel_links_pkey" PRIMARY KEY ("team_id","channel_id","project_id")
);

-- CreateTable
CREATE TABLE "slack_user_identities" (
    "team_id" TEXT NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "verification" TEXT NOT NULL,
    "verified_by" TEXT,
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_user_identities_pkey" PRIMARY KEY ("team_id","slack_user_id","platform")
);

-- CreateTable
CREATE TABLE "slack_budget_alert_posts" (
    "alert_id" UUID NOT NULL,
    "team_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_ts" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_budget_alert_posts_pkey" PRIMARY KEY ("alert_id","team_id","channel_id")
);

-- CreateIndex
CREATE INDEX "slack_channel_links_project_id_idx" ON "slack_channel_links"("project_id");

-- CreateIndex
CREATE UNIQUE INDEX "slack_user_identities_team_id_platform_login_key" ON "slack_user_identities"("team_id", "platform", "login");
