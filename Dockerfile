# The GuestGraph API. Node 24 runs the TypeScript sources directly (type stripping), so there is no build stage:
# the image holds production dependencies, src/ and cypher/, and runs as the unprivileged `node` user.
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

USER node
EXPOSE 3000
CMD ["node", "src/main.ts"]
