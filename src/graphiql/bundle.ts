/**
 * The GraphiQL browser bundle: built with esbuild from the npm `graphiql` package and its peers,
 * so the page needs no CDN, and kept out of git.
 *
 * When it is built (the decision, also in README "GraphiQL"):
 * - lazily, on the first GraphiQL request of a process, into `dist/graphiql-bundle/<key>/`
 *   (gitignored with dist/), when no bundle for the current sources is there yet; `npm install &&
 *   npm start` and `npm test` on a fresh clone therefore need nothing more than the registry, and
 *   a process whose GraphiQL is off never builds;
 * - ahead of time by `npm run build` (`npm run build:graphiql`), so dist/ carries it and a
 *   deployment that ships only dist/ and production dependencies (the Docker image) serves it
 *   without esbuild or the front-end packages, which are therefore devDependencies.
 * Not in an install script: `prepare` runs on every `npm ci` (npm 11 does run the root package's
 * own scripts), including the Dockerfile's, before the sources are copied and, in the runtime
 * stage, without devDependencies.
 *
 * `<key>` digests the browser sources, the lockfile and the build options, so editing the client
 * or upgrading a package rebuilds instead of serving a stale bundle.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The package root: this file is src/graphiql/bundle.ts, or dist/graphiql/bundle.js once compiled. */
const ROOT = new URL('../../', import.meta.url);
/** The browser entry and the modules it imports; present in a checkout, absent from dist-only deployments. */
const CLIENT_SOURCES = [new URL('src/graphiql/client/', ROOT), new URL('src/graphiql/config.ts', ROOT)];
const CLIENT_ENTRY = new URL('src/graphiql/client/main.ts', ROOT);
export const BUNDLE_ROOT = new URL('dist/graphiql-bundle/', ROOT);
/** Bump when the esbuild options below change, to rebuild existing bundles. */
const BUILD_FORMAT = 1;
const MANIFEST = 'manifest.json';

export interface BundleFile {
  name: string;
  contentType: string;
  body: Buffer;
  /** Precompressed once: the script is over a megabyte. */
  gzip: Buffer;
  etag: string;
}

export interface GraphiqlBundle {
  key: string;
  /** File names of the page's script and stylesheet inside `files`. */
  script: string;
  style: string;
  files: Map<string, BundleFile>;
}

interface Manifest {
  key: string;
  script: string;
  style: string;
  files: string[];
}

export class GraphiqlBundleMissingError extends Error {
  constructor() {
    super('the GraphiQL bundle is not built and its sources are not here to build it: run `npm run build:graphiql` in a checkout');
    this.name = 'GraphiqlBundleMissingError';
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A file, or the files of a flat folder (client/ has no subfolders). */
async function filesUnder(url: URL): Promise<string[]> {
  const path = fileURLToPath(url);
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => `${path}${e.name}`);
}

/** The key of the bundle the current sources make, or null when the sources are not here. */
export async function sourceKey(): Promise<string | null> {
  if (!existsSync(CLIENT_ENTRY)) return null;
  const hash = createHash('sha256').update(`format ${BUILD_FORMAT}\n`);
  const files = (await Promise.all(CLIENT_SOURCES.map(filesUnder))).flat().sort();
  // The lockfile pins every package that ends up in the bundle, transitive ones included.
  const lockfile = fileURLToPath(new URL('package-lock.json', ROOT));
  if (existsSync(lockfile)) files.push(lockfile);
  for (const file of files) {
    hash.update(`${file.slice(fileURLToPath(ROOT).length)}\n`).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Runs esbuild into `outDir`; esbuild and the front-end packages are devDependencies, loaded only here. */
async function runEsbuild(outDir: string, key: string): Promise<Manifest> {
  const { build } = await import('esbuild');
  const root = fileURLToPath(ROOT);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [
      { in: fileURLToPath(CLIENT_ENTRY), out: 'graphiql' },
      // A package path, resolved by esbuild like an import. The stylesheet includes the doc
      // explorer's and history's; its fonts are inlined data: URLs.
      { in: 'graphiql/style.css', out: 'graphiql' },
    ],
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    charset: 'utf8',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Only reached for subscriptions over websockets (an optional peer of @graphiql/toolkit); this API has none.
    external: ['graphql-ws'],
    // Licence notices stay with the bundle, in a file the page links to, not inline in it.
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const files = Object.keys(result.metafile.outputs).map((path) => path.slice(path.lastIndexOf('/') + 1));
  return { key, script: 'graphiql.js', style: 'graphiql.css', files };
}

async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(`${dir}/${MANIFEST}`, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/**
 * Builds the bundle for `key` unless it is there. Several processes may start at once (jest
 * workers): each builds into its own folder and renames it into place; a loser's rename fails
 * because the winner's folder is there, and it uses that one.
 */
async function ensureBuilt(key: string): Promise<string> {
  const root = fileURLToPath(BUNDLE_ROOT);
  const dir = `${root}${key}`;
  if (await readManifest(dir)) return dir;
  await mkdir(root, { recursive: true });
  const tmp = `${root}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const manifest = await runEsbuild(tmp, key);
    // Written last: a folder with a manifest is complete.
    await writeFile(`${tmp}/${MANIFEST}`, JSON.stringify(manifest, null, 2));
    try {
      await rename(tmp, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  await removeOtherBundles(key);
  return dir;
}

/** Old keys' folders are dead weight; a running server holds its bundle in memory, not on disk. */
async function removeOtherBundles(key: string): Promise<void> {
  const root = fileURLToPath(BUNDLE_ROOT);
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== key && !entry.name.startsWith('.tmp-')) {
      await rm(`${root}${entry.name}`, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/** Without sources (a dist-only deployment) the newest bundle shipped with dist/ is the one. */
async function newestBuilt(): Promise<string | null> {
  const root = fileURLToPath(BUNDLE_ROOT);
  if (!existsSync(root)) return null;
  let newest: { dir: string; mtime: number } | null = null;
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.tmp-')) continue;
    const dir = `${root}${entry.name}`;
    if (!(await readManifest(dir))) continue;
    const { mtimeMs } = await stat(dir);
    if (!newest || mtimeMs > newest.mtime) newest = { dir, mtime: mtimeMs };
  }
  return newest?.dir ?? null;
}

async function load(dir: string): Promise<GraphiqlBundle> {
  const manifest = await readManifest(dir);
  if (!manifest) throw new GraphiqlBundleMissingError();
  const files = new Map<string, BundleFile>();
  for (const name of manifest.files) {
    const body = await readFile(`${dir}/${name}`);
    const extension = name.slice(name.lastIndexOf('.'));
    files.set(name, {
      name,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      body,
      gzip: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    });
  }
  return { key: manifest.key, script: manifest.script, style: manifest.style, files };
}

/** Builds (when the sources are here and changed) and loads the bundle into memory. */
export async function loadGraphiqlBundle(): Promise<GraphiqlBundle> {
  const key = await sourceKey();
  const dir = key !== null ? await ensureBuilt(key) : await newestBuilt();
  if (dir === null) throw new GraphiqlBundleMissingError();
  return load(dir);
}
