# styrebot — Microsoft Teams bot for a steering group.
#
#   docker build -t styrebot .
#   docker run -d --name styrebot --init -p 3978:3978 -v styrebot-data:/data --env-file .env styrebot
#
# The build stage installs everything, type-checks, runs the card gate and compiles src/ to
# dist/ (`npm run build`); the runtime stage installs production dependencies only and starts the
# compiled bot with plain node (no TypeScript at run time). The sources stay in the image for the
# `styrebot` CLI (`node bin/styrebot.mjs check`, through tsx: a runtime dependency).
# Checked without a Docker engine by test/cards/dockerfile.test.ts (see docs/install-teams.md).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: full install, type check, card gate -------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN mkdir -p cards bin \
 && npx tsc --noEmit -p . \
 && npx vitest run test/cards/card-gate.test.ts \
 && npm run build

# ---- runtime: production dependencies, non-root ------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    STORE_PATH=/data/db.json
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev \
 && npm cache clean --force
COPY --from=build /app/tsconfig.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY --from=build /app/cards ./cards
COPY --from=build /app/bin ./bin
RUN mkdir -p /data \
 && chown node:node /data
USER node
VOLUME /data
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/index.js"]
