// Rendering of what the page sees (the worker's browser view) and of the merchant panel (the normalized
// Verification, API.md §4, beside its raw provider response, as the merchant's server read it). Every identity
// number goes through mask.js first; nothing here writes HTML from data (textContent only), so provider text
// cannot inject markup.
import { maskDeep, maskId, sensitiveValues } from "./mask.js";

/** `el(tag, props, ...children)`: a small DOM builder; strings become text nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

const DECISION_TEXT = {
  approved: "approved", rejected: "rejected", review: "needs review", pending: "pending",
  incomplete: "incomplete", error: "error",
};

/** Fills a `<dl>` with `[term, value]` pairs; `null` values show as "—". An empty list says "none". */
function fillList(dl, pairs) {
  dl.replaceChildren();
  if (pairs === null) {
    dl.append(el("dt", {}, "none"), el("dd", {}, "the provider returned nothing here"));
    return;
  }
  for (const [term, value] of pairs) {
    dl.append(el("dt", {}, term), el("dd", {}, value === null || value === undefined || value === "" ? "—" : String(value)));
  }
}

const pct = (x) => (typeof x === "number" ? `${(x * 100).toFixed(1)} %` : null);
const yesNo = (b) => (b === true ? "yes" : b === false ? "no" : null);

/**
 * Shows the worker's browser view (`{ provider, reference, decision, reasons, settled, updatedAt }`) in the result
 * section (`root` holds the ids of www/index.html).
 */
export function renderView(root, view) {
  const $ = (id) => root.querySelector(`#${id}`);
  const v = view ?? {};
  root.hidden = false;
  root.dataset.decision = v.decision ?? "";
  root.dataset.reference = v.reference ?? "";
  const badge = $("decision");
  badge.textContent = DECISION_TEXT[v.decision] ?? String(v.decision);
  badge.dataset.decision = v.decision ?? "";
  $("reference").textContent = v.reference ? `${v.provider} · reference ${v.reference}${v.settled ? " · settled" : ""}` : `${v.provider ?? ""}`;
  const secrets = sensitiveValues(v);
  const reasons = $("reasons");
  reasons.replaceChildren();
  for (const r of v.reasons ?? []) {
    const detail = [r.providerCode, r.message].filter(Boolean).join(": ");
    reasons.append(el("li", { "data-code": r.code }, el("code", {}, r.code), detail ? ` — ${maskDeep(detail, secrets)}` : ""));
  }
  if (!(v.reasons ?? []).length) reasons.append(el("li", {}, v.decision === "approved" ? "none (approved)" : "none given"));
}

/**
 * Shows the merchant panel: the full `Verification` the merchant's server read (GET /verifications, with its API
 * key) and whether its signed push arrived — every identity number masked. `panel` null: not available.
 */
export function renderMerchant(root, panel, note = null) {
  const $ = (id) => root.querySelector(`#${id}`);
  const v = panel?.verification ?? {};
  const secrets = sensitiveValues(v);
  $("merchant").dataset.state = panel ? "ready" : "unavailable";
  $("merchant-source").textContent = note ?? "Asked server-side by the demo's merchant backend with its API key (GET /verifications).";
  const badge = $("merchant-decision");
  badge.textContent = panel ? (DECISION_TEXT[v.decision] ?? String(v.decision)) : "—";
  badge.dataset.decision = v.decision ?? "";
  $("merchant-push").textContent = panel?.push
    ? `signed push received and verified (${panel.push.decision})`
    : panel?.returned === "elsewhere"
      ? "finished in another browser: not credited, never pushed"
      : panel
        ? "no push yet (sent when the result settles)"
        : "";

  const p = v.person;
  fillList(
    $("person"),
    p
      ? [
          ["Name", p.fullName],
          ["ID number", p.idNumber ? maskId(p.idNumber) : null],
          ["Date of birth", p.dateOfBirth],
          ["Gender", p.gender],
          ["Nationality", p.nationality],
          ["Address", p.address ? maskDeep([...(p.address.lines ?? []), p.address.postcode, p.address.city, p.address.state, p.address.country].filter(Boolean).join(", "), secrets) : null],
        ]
      : null,
  );
  const d = v.document;
  fillList(
    $("document"),
    d
      ? [["Type", d.type], ["Country", d.country], ["Number", d.number ? maskId(d.number) : null], ["Issued", d.issueDate], ["Expires", d.expiryDate]]
      : null,
  );
  const f = v.face;
  fillList(
    $("face"),
    f ? [["Match", yesNo(f.match)], ["Similarity", pct(f.similarity)], ["Liveness", pct(f.liveness)], ["Liveness passed", yesNo(f.livenessPassed)]] : null,
  );
  const a = v.aml;
  fillList($("aml"), a ? [["Flagged", yesNo(a.flagged)], ["Risk level", a.riskLevel]] : null);

  $("raw").textContent = JSON.stringify(maskDeep(v.raw ?? null, secrets), null, 2);
}

/** A whole `Verification` in both columns (the page tests render one without a worker). */
export function renderVerification(root, verification) {
  renderView(root, verification);
  renderMerchant(root, { verification, push: null, returned: null });
}

/** `1234567` → `1,234,567 B (1.23 MB)`. */
export function formatBytes(n) {
  if (typeof n !== "number") return "—";
  const human = n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : null;
  return `${n.toLocaleString("en")} B${human ? ` (${human})` : ""}`;
}
