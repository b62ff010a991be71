// Debian's Chromium through playwright-core (never a downloaded browser), with the flags this machine
// needs: no sandbox as root, no background networking (the network is closed), a fresh profile.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

/** Launches Chromium; `fakeCamera: true` adds Chromium's fake camera and auto-accepts the permission prompt. */
export async function launchChromium({ fakeCamera = false, extraArgs = [] } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "ekyc-chromium-"));
  const args = [...CHROMIUM_ARGS, ...extraArgs];
  if (fakeCamera) args.push("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args,
  });
  return { newPage: () => context.newPage(), close: () => context.close(), context };
}
