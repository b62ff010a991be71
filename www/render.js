// Rendering of a normalized Verification (API.md §4) beside its raw provider response. Every identity number
// goes through mask.js first; nothing here writes HTML from data (textContent only), so provider text cannot
// inject markup.
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

/** Shows `verification` in the result section (`root` holds the ids of www/index.html). */
export function renderVerification(root, verification) {
  const $ = (id) => root.querySelector(`#${id}`);
  const v = verification ?? {};
  const secrets = sensitiveValues(v);
  root.hidden = false;
  root.dataset.decision = v.decision ?? "";
  root.dataset.reference = v.reference ?? "";

  const badge = $("decision");
  badge.textContent = DECISION_TEXT[v.decision] ?? String(v.decision);
  badge.dataset.decision = v.decision ?? "";
  $("reference").textContent = v.reference ? `${v.provider} · reference ${v.reference}` : `${v.provider ?? ""}`;

  const reasons = $("reasons");
  reasons.replaceChildren();
  for (const r of v.reasons ?? []) {
    const detail = [r.providerCode, r.message].filter(Boolean).join(": ");
    reasons.append(el("li", { "data-code": r.code }, el("code", {}, r.code), detail ? ` — ${maskDeep(detail, secrets)}` : ""));
  }
  if (!(v.reasons ?? []).length) reasons.append(el("li", {}, v.decision === "approved" ? "none (approved)" : "none given"));

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

/** `1234567` → `1,234,567 B (1.23 MB)`. */
export function formatBytes(n) {
  if (typeof n !== "number") return "—";
  const human = n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : null;
  return `${n.toLocaleString("en")} B${human ? ` (${human})` : ""}`;
}
