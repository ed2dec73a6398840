-- AlterTable
ALTER TABLE "invites" ADD COLUMN     "revoked_at" TIMESTAMPTZ(3),
ADD COLUMN     "revoked_by" TEXT;
