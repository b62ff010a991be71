// Installs the packed dist/ekyc-bridge-<version>.tgz into node_modules/ekyc-bridge exactly as npm would for
// a dependency without dependencies (the tarball's `package/` folder), so the JS tests import the package
// by its name, through its `exports` map. With `--then <command…>`, runs that command afterwards.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, renameSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];
const tgz = join(root, "dist", `ekyc-bridge-${version}.tgz`);
const tmp = mkdtempSync(join(tmpdir(), "ekyc-install-"));
execFileSync("tar", ["-xzf", tgz, "-C", tmp]);
const target = join(root, "node_modules", "ekyc-bridge");
rmSync(target, { recursive: true, force: true });
mkdirSync(dirname(target), { recursive: true });
renameSync(join(tmp, "package"), target);
rmSync(tmp, { recursive: true, force: true });
console.log(`installed ${tgz} → node_modules/ekyc-bridge`);

const then = process.argv.indexOf("--then");
if (then > 0) {
  const [cmd, ...args] = process.argv.slice(then + 1);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root });
  process.exit(r.status ?? 1);
}
