// The two photos of the journey (selfie, ID card): camera or file → prepareImage → what it did (before/after
// bytes and size, time, quality warnings). One camera is open at a time; the page's `status` and `fail` show
// progress and errors, so this module only drives its own <article>.
import { Camera, chooseImageFile, prepareImage } from "ekyc-bridge/browser";
import { el, formatBytes } from "./render.js";

const KINDS = {
  selfie: { label: "selfie", facing: "user", preset: "selfie" },
  idCard: { label: "ID photo", facing: "environment", preset: "id-card" },
};
const ISSUE_TEXT = {
  blurry: "blurry: hold still and focus",
  too_dark: "too dark: add light",
  too_bright: "too bright: avoid direct light",
  glare: "glare: tilt the card away from the light",
  low_resolution: "low resolution: move closer or use a better camera",
};

/** The summary of a PreparedImage kept in the journey (sessionStorage): everything shown, plus the Base64. */
export function summarize(prepared) {
  return {
    base64: prepared.base64,
    width: prepared.width,
    height: prepared.height,
    bytes: prepared.bytes?.length ?? Math.floor((prepared.base64.length * 3) / 4),
    quality: prepared.quality,
    engine: prepared.engine,
    elapsedMs: prepared.elapsedMs,
    original: prepared.original,
    issues: prepared.checks?.issues ?? null,
  };
}

export class Shot {
  /**
   * @param {HTMLElement} article the slot's <article data-kind>
   * @param {{ status(text: string): void, fail(e: unknown): void, onChange(kind: string, summary: object|null): void,
   *           busy(on: boolean): void }} page
   */
  constructor(article, page) {
    this.kind = article.dataset.kind;
    this.spec = KINDS[this.kind];
    this.page = page;
    this.camera = null;
    const q = (sel) => article.querySelector(sel);
    this.article = article;
    this.video = q(".preview");
    this.thumb = q(".thumb");
    this.progress = q(".progress");
    this.facts = q(".facts");
    this.warnings = q(".warnings");
    this.openBtn = q(".open-camera");
    this.captureBtn = q(".capture");
    this.cancelBtn = q(".cancel-camera");
    this.fileBtn = q(".choose-file");
    this.openBtn.addEventListener("click", () => this.openCamera());
    this.captureBtn.addEventListener("click", () => this.capture());
    this.cancelBtn.addEventListener("click", () => this.closeCamera());
    this.fileBtn.addEventListener("click", () => this.chooseFile());
  }

  async openCamera() {
    Shot.closeAll?.();
    this.page.status(`Opening the ${this.spec.facing === "user" ? "front" : "back"} camera…`);
    this.page.busy(true);
    try {
      this.video.hidden = false;
      this.camera = await Camera.open({ facing: this.spec.facing, video: this.video });
      this.openBtn.hidden = true;
      this.captureBtn.hidden = false;
      this.cancelBtn.hidden = false;
      this.article.dataset.camera = "open";
      this.page.status(`Camera ready: press “${this.captureBtn.textContent}”.`);
      this.captureBtn.focus();
    } catch (e) {
      this.closeCamera();
      this.page.fail(e, "If there is no camera, choose a file instead.");
    } finally {
      this.page.busy(false);
    }
  }

  closeCamera() {
    this.camera?.close();
    this.camera = null;
    this.video.hidden = true;
    this.openBtn.hidden = false;
    this.captureBtn.hidden = true;
    this.cancelBtn.hidden = true;
    delete this.article.dataset.camera;
  }

  async capture() {
    if (!this.camera) return;
    this.page.status(`Taking the ${this.spec.label}…`);
    let blob;
    try {
      blob = await this.camera.capture();
    } catch (e) {
      this.page.fail(e);
      return;
    } finally {
      this.closeCamera();
    }
    this.openBtn.focus();
    await this.prepare(blob);
  }

  async chooseFile() {
    Shot.closeAll?.();
    try {
      const file = await chooseImageFile({ capture: this.spec.facing });
      if (file) await this.prepare(file);
    } catch (e) {
      this.page.fail(e);
    }
  }

  /** prepareImage with the slot's preset; progress in the bar and the status line (on each new stage). */
  async prepare(input) {
    this.page.busy(true);
    this.progress.hidden = false;
    this.progress.value = 0;
    this.article.dataset.state = "preparing";
    let stage = "";
    try {
      const prepared = await prepareImage(input, {
        preset: this.spec.preset,
        onProgress: ({ stage: s, fraction }) => {
          this.progress.value = fraction;
          if (s !== stage) this.page.status(`Preparing the ${this.spec.label}: ${(stage = s)} (${Math.round(fraction * 100)} %)`);
        },
      });
      const summary = summarize(prepared);
      this.show(summary);
      this.page.status(`The ${this.spec.label} is ready: ${formatBytes(summary.bytes)} in ${Math.round(summary.elapsedMs)} ms.`);
      this.page.onChange(this.kind, summary);
    } catch (e) {
      delete this.article.dataset.state;
      this.page.fail(e);
    } finally {
      this.progress.hidden = true;
      this.page.busy(false);
    }
  }

  /** Shows a prepared image (also one restored after a redirect); `null` clears the slot. */
  show(s) {
    if (!s) {
      this.thumb.hidden = true;
      this.thumb.removeAttribute("src");
      this.facts.hidden = true;
      this.warnings.hidden = true;
      delete this.article.dataset.state;
      return;
    }
    this.thumb.src = `data:image/jpeg;base64,${s.base64}`;
    this.thumb.hidden = false;
    const o = s.original ?? {};
    const saved = o.bytes ? Math.round((1 - s.bytes / o.bytes) * 100) : null;
    this.facts.replaceChildren(
      el("dt", {}, "Before"),
      el("dd", { "data-fact": "before" }, `${formatBytes(o.bytes)} · ${o.width}×${o.height} px · ${o.mime ?? "?"}` +
        (o.orientation && o.orientation !== 1 ? ` · EXIF orientation ${o.orientation}` : "")),
      el("dt", {}, "After"),
      el("dd", { "data-fact": "after" }, `${formatBytes(s.bytes)} · ${s.width}×${s.height} px · JPEG quality ${Math.round(s.quality * 100)}`),
      el("dt", {}, "Saved"),
      el("dd", { "data-fact": "saved" }, saved === null ? "—" : `${saved} %`),
      el("dt", {}, "Time"),
      el("dd", { "data-fact": "time" }, `${Math.round(s.elapsedMs)} ms (${s.engine} engine)`),
    );
    this.facts.hidden = false;
    const issues = s.issues;
    this.warnings.replaceChildren(
      ...(issues === null
        ? [el("li", {}, "Quality checks were not run.")]
        : issues.length === 0
          ? [el("li", { class: "ok" }, "No quality warnings.")]
          : issues.map((i) => el("li", { class: "warn", "data-issue": i }, `⚠ ${ISSUE_TEXT[i] ?? i}`))),
    );
    this.warnings.hidden = false;
    this.article.dataset.state = "ready";
  }
}
