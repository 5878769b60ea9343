// Plain JavaScript on purpose: this must run, and explain itself, on an old Node too.
// The project pins Node 24 as a dev dependency (node_modules/.bin/node), which npm puts
// first on PATH for `npm start`, `npm test` and `npm run …`. If that pin is missing
// (e.g. `npm install --ignore-scripts`), npm silently falls back to the system Node.
const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  console.error(
    `Mycelium needs Node.js 22 or newer, but this is Node.js ${process.versions.node}.\n` +
      "The project pins Node 24 in node_modules/.bin/node: run `npm install` (without --ignore-scripts) " +
      "and start it through npm (`npm start`, `npm test`, `npm run cli -- …`).",
  );
  process.exit(1);
}
