-- AlterTable
ALTER TABLE "routing_rules" ADD COLUMN     "allowed_models" JSONB;

-- AlterTable
ALTER TABLE "price_overrides" ADD COLUMN     "max_output_tokens" INTEGER;
