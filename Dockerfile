# Baton: multi-stage image. The build stage compiles TypeScript; the runtime stage holds the compiled
# code, the trained models and production dependencies only, and runs as the unprivileged `node` user.
#
#   docker build -t baton .                                   # web, Telegram, WhatsApp Cloud API, Slack
#   docker build -t baton --build-arg WITH_CHROMIUM=true .    # adds chromium and whatsapp-web.js (puppeteer)
#   add --build-arg BUILD_COMMIT=$(git rev-parse --short HEAD) to label baton_build_info with the commit.

# The current LTS line (the one CI tests on, see .node-version), on Debian's current stable (trixie).
# The code supports Node 22.12 and later (package.json "engines").
ARG NODE_VERSION=26

FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
# botbuilder-dialogs runs `npx rimraf` on install; puppeteer (whatsapp-web.js) must not download a browser.
ENV npm_config_yes=true PUPPETEER_SKIP_DOWNLOAD=1
COPY package.json package-lock.json .npmrc ./
# The lock records every platform's prebuilt binaries (jieba, esbuild), so npm ci installs exactly it.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json index.ts ./
COPY adapters ./adapters
COPY bots ./bots
COPY dialogs ./dialogs
COPY handoff ./handoff
COPY desks ./desks
COPY infra ./infra
COPY nlu-models ./nlu-models
COPY supervision ./supervision
RUN npm run build

FROM node:${NODE_VERSION}-trixie-slim AS runtime
ARG WITH_CHROMIUM=false
ARG BUILD_COMMIT=
RUN if [ "$WITH_CHROMIUM" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
ENV NODE_ENV=production npm_config_yes=true PUPPETEER_SKIP_DOWNLOAD=1 PORT=3000 HOST=0.0.0.0 BUILD_COMMIT=${BUILD_COMMIT}
COPY package.json package-lock.json .npmrc ./
# Production dependencies only: no tsx or esbuild (devDependencies). whatsapp-web.js and puppeteer are a
# peer dependency, left out (--omit=peer) unless the image is built for the WhatsApp Web channel.
RUN if [ "$WITH_CHROMIUM" = "true" ]; then \
      npm ci --omit=dev --no-audit --no-fund; \
    else \
      npm ci --omit=dev --omit=peer --no-audit --no-fund; \
    fi && npm cache clean --force
COPY --from=build /app/dist ./dist
# whatsapp-web.js keeps the browser profile here (WHATSAPP_WEB_DATA_PATH); the app folder is root's.
RUN mkdir -p /app/.wwebjs_auth && chown node:node /app/.wwebjs_auth
USER node
EXPOSE 3000
# /healthz answers while the process lives; load balancers should use /readyz (Redis and models ready).
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Node receives SIGTERM directly (no shell in between), so the bot shuts down gracefully. The heap settings
# (8 MB semi-spaces, old generation grown by 15 % after a full collection) keep it about 100 MB smaller at
# the same CPU a turn; the same flags are in `npm start` and `start:prod` (docs/performance.md, "Memory").
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=15", "dist/bots/shop-assistant/main.js"]
