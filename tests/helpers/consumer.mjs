// A user's project: a fresh folder under target/consumer/ into which the packed tarball is installed by
// `npm install <tarball>`, exactly as a user adds the package. The bundlers, TypeScript and the SSR check run there.
// The folder sits inside this repository so that the tools themselves (vite, webpack, wrangler, typescript, which
// the package does not depend on) resolve from our node_modules, while `ekyc-bridge` resolves to the project's own
// installed copy, the nearest node_modules.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
export const tarball = join(root, "dist", `ekyc-bridge-${version}.tgz`);

/**
 * Creates target/consumer/<name>/ (replacing what was there), installs the tarball into it, and returns its path.
 * `name` must be unique per test file: node --test runs the files in parallel.
 */
export function consumerProject(name) {
  const dir = join(root, "target", "consumer", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `consumer-${name}`, private: true, type: "module" }, null, 2));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], {
    cwd: dir,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return dir;
}

/** Copies `from` (a folder of test sources) to `<project>/<as>` and returns the new folder. */
export function copyApp(project, from, as) {
  const dir = join(project, as);
  cpSync(from, dir, { recursive: true });
  return dir;
}

/** Runs a command of our dev-dependencies (`vite`, `webpack`…, from node_modules/.bin) in `cwd`; returns its output. */
export function runTool(bin, args, cwd, env = {}) {
  try {
    return execFileSync(join(root, "node_modules", ".bin", bin), args, {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
      timeout: 180_000,
    });
  } catch (e) {
    throw new Error(`${bin} ${args.join(" ")} failed in ${cwd}:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}
