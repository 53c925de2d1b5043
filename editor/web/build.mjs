// Builds the playground into dist/ (index.html, assets/playground.{js,css}, assets/LICENSES.txt,
// build-info.json); `make web` copies dist/ into syncdsl/web/, which ships in the Python package.
//
// The samples are embedded from ../../samples/*.sync.yaml (the `virtual:samples` module).
// build-info.json records a SHA-256 over every input (see `sourceFiles`), computed exactly as
// tests/test_playground.py recomputes it, so a stale committed bundle fails the test suite.
// The output has no timestamps or content hashes in names: the same inputs give the same bytes.
import {build} from "esbuild"
import {createHash} from "node:crypto"
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs"
import {dirname, join, relative, resolve, sep} from "node:path"
import {fileURLToPath} from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, "../..")
const outdir = resolve(process.argv[2] ?? join(here, "dist"))

const posix = (path) => relative(repo, path).split(sep).join("/")

function walk(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? walk(path) : [path]
  })
}

function sampleFiles() {
  const dir = join(repo, "samples")
  return readdirSync(dir).filter((name) => name.endsWith(".sync.yaml")).sort().map((name) => join(dir, name))
}

/** Every file whose content decides the bundle, as sorted repository-relative POSIX paths. */
function sourceFiles() {
  const own = ["build.mjs", "package.json", "package-lock.json", "tsconfig.json"].map((name) => join(here, name))
  return [...own, ...walk(join(here, "src")), ...sampleFiles()].map(posix).sort()
}

function sourceDigest(files) {
  const hash = createHash("sha256")
  for (const file of files) {
    hash.update(file + "\0")
    hash.update(readFileSync(join(repo, file)))
    hash.update("\0")
  }
  return hash.digest("hex")
}

function loadSamples() {
  return sampleFiles().map((path) => {
    const text = readFileSync(path, "utf8")
    const file = path.split(sep).pop()
    const first = text.split("\n").find((line) => line.startsWith("#")) ?? ""
    return {name: file.replace(/\.sync\.yaml$/, ""), file, title: first.replace(/^#\s*/, ""), text}
  })
}

const samplesPlugin = {
  name: "samples",
  setup(b) {
    b.onResolve({filter: /^virtual:samples$/}, () => ({path: "samples", namespace: "samples"}))
    b.onLoad({filter: /.*/, namespace: "samples"}, () => ({
      contents: `export default ${JSON.stringify(loadSamples())}`,
      loader: "js",
      watchFiles: sampleFiles(),
    }))
  },
}

/** The license text of every npm package that ended up in the bundle (MIT asks to keep them). */
function licenses(metafile) {
  const packages = new Map()
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (match) packages.set(match[1], join(here, "node_modules", match[1]))
  }
  const parts = [...packages.keys()].sort().map((name) => {
    const dir = packages.get(name)
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f))
    const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${manifest.license}`
    return `${name}@${manifest.version}\n${"-".repeat(name.length + manifest.version.length + 1)}\n${text}\n`
  })
  return `Third-party code bundled in assets/playground.js\n\n${parts.join("\n")}`
}

rmSync(outdir, {recursive: true, force: true})
mkdirSync(join(outdir, "assets"), {recursive: true})

const result = await build({
  entryPoints: {playground: join(here, "src/main.ts")},
  outdir: join(outdir, "assets"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: ["chrome111", "firefox111", "safari16"],
  minify: true,
  legalComments: "none",
  sourcemap: false,
  metafile: true,
  logLevel: "warning",
  plugins: [samplesPlugin],
})

copyFileSync(join(here, "src/index.html"), join(outdir, "index.html"))
writeFileSync(join(outdir, "assets/LICENSES.txt"), licenses(result.metafile))
const files = sourceFiles()
writeFileSync(join(outdir, "build-info.json"), JSON.stringify({sources_sha256: sourceDigest(files), sources: files}, null, 2) + "\n")

for (const file of walk(outdir).sort()) {
  if (!existsSync(file)) continue
  console.log(`${posix(file)}  ${readFileSync(file).length} bytes`)
}
