# Switchyard: one image for every role (SWITCHYARD_ROLE=all|web|worker).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
EXPOSE 3000
# Applies pending migrations (safe to run from several containers at once), then serves.
CMD ["sh", "-c", "node dist/scripts/db-migrate.js && node dist/apps/server/main.js"]
