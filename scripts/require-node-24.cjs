// Runs before `npm ci`, `npm start`, `npm test` and the other npm scripts (package.json "pre*" scripts), on
// whatever Node the machine has: so it is plain CommonJS that even very old Node versions can run. GuestGraph
// runs its TypeScript sources with Node 24's type stripping; an older Node would fail later with an obscure
// error (ERR_UNKNOWN_FILE_EXTENSION), so it is stopped here with one line that says what to do.
// `node scripts/require-node-24.cjs 20.11.1` checks that version instead of the running one.
"use strict";

const required = 24;
const version = process.argv[2] || process.versions.node;
const major = Number(String(version).split(".")[0]);

if (!(major >= required)) {
  process.stderr.write(
    "GuestGraph needs Node.js " +
      required +
      " or newer, but this is Node.js " +
      version +
      ": install Node " +
      required +
      " (`nvm install` reads .nvmrc) and run the command again.\n",
  );
  process.exit(1);
}
