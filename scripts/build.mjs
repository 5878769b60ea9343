// Builds what `npm start` runs: src/main.ts and everything it imports of ours, compiled by
// esbuild into dist/ (our TypeScript only; packages stay in node_modules). Run by `prestart`,
// in well under a second. `node scripts/build.mjs DIR` builds into another folder inside the
// project instead (the bench and the tests each build their own, so that neither replaces a
// build the other is running).
//
// Why not tsx, as the tests and the CLI use: tsx compiles each module as it is imported and turns
// source maps on for the whole process, which then keeps every module's map. With 100,000 posts
// an idle instance took about 50 MB more that way, and answered the public's kept pages 30–45%
// slower (bench/results/README.md, "Third pass"); a small network's server has little to spare.
import { readFile, rm } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Our modules find their files (migrations, locales, static files, package.json) relative to
 * `import.meta.url`, which in a bundle is the chunk's. Each module's own URL is put back, as
 * a path relative to the build's folder, so the build still works wherever the project is moved.
 */
const ownUrlPerModule = (outdir) => ({
  name: "own-import-meta-url",
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.tsx?$/ }, async ({ path }) => {
      const source = await readFile(path, "utf8");
      if (/import\.meta\.(dirname|filename)/.test(source))
        throw new Error(
          `${relative(ROOT, path)}: use import.meta.url (the build keeps each module's own), not import.meta.dirname or filename`,
        );
      const fromOutdir = relative(outdir, path).replaceAll("\\", "/");
      const ownUrl = `new URL(${JSON.stringify(fromOutdir)}, import.meta.url).href`;
      return {
        contents: source.replaceAll("import.meta.url", ownUrl),
        loader: path.endsWith(".tsx") ? "tsx" : "ts",
        resolveDir: dirname(path),
      };
    });
  },
});

/** Builds into `outdir`, which must be inside the project: the packages are found from it. */
async function buildServer(outdir) {
  // Chunks are named by their content: those of an earlier build would pile up.
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [`${ROOT}src/main.ts`],
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // main.ts loads the server only once the configuration is known to be good: kept lazy.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    packages: "external",
    tsconfig: `${ROOT}tsconfig.json`,
    plugins: [ownUrlPerModule(outdir)],
    logLevel: "warning",
  });
}

await buildServer(resolve(ROOT, process.argv[2] ?? "dist"));
