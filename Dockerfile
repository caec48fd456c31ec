# The GuestGraph API and its console. Node 24 runs the TypeScript sources directly (type stripping); only the
# console is built, by Vite, in a stage of its own whose dev dependencies never reach the image.
FROM node:24-slim AS console
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY console/ ./console/
COPY src/ ./src/
RUN node console/build.ts --force

FROM node:24-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so that a source change reuses this layer. No production dependency needs an install
# script; the only one that has one (@scarf/scarf, via swagger-ui-dist) would send install analytics.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# Owned by root and read-only to `node`: the service never writes its own code.
COPY src/ ./src/
COPY cypher/ ./cypher/
COPY --from=console /build/console/dist/ ./console/dist/

USER node
EXPOSE 3000
CMD ["node", "src/main.ts"]
