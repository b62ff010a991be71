// One Verification from the several calls of a multi-step check (WideKYC: OCR + liveness + validation;
// Revenue Monster: MyKad + face + the eKYC verdict). The strictest decision wins, so one failing step can never
// be hidden by a passing one; `raw` keeps every step's own raw response under the step's name.

/** Strictest first: a rejection anywhere rejects, then errors, then anything unfinished. */
const ORDER = ["rejected", "error", "incomplete", "review", "pending", "approved"];

const first = (parts, pick) => parts.map(pick).find((v) => v != null) ?? null;

export function combine(provider, reference, steps) {
  const parts = Object.values(steps).filter(Boolean);
  let decision = ORDER.find((d) => parts.some((p) => p.decision === d)) ?? "error";
  const seen = new Set();
  const reasons = [];
  if (provider === "widekyc" && steps.idRecognize && !steps.idValidation && decision === "approved") {
    // The card was read but named no NIK to validate: not enough to approve. Here rather than in the route, so
    // every re-combination of the stored steps (store.mjs) applies it too.
    decision = "review";
    reasons.push({ code: "data_mismatch", providerCode: "NIK_MISSING", message: "no NIK to validate" });
  }
  for (const r of parts.flatMap((p) => p.reasons ?? [])) {
    const k = `${r.code}\u0000${r.providerCode}`;
    if (seen.has(k)) continue;
    seen.add(k);
    reasons.push(r);
  }
  const faces = parts.map((p) => p.face).filter(Boolean);
  const face = faces.length
    ? {
        // Any step that saw a mismatch or a failed liveness decides; otherwise the first one that knows.
        match: faces.some((f) => f.match === false) ? false : first(faces, (f) => f.match),
        similarity: first(faces, (f) => f.similarity),
        liveness: first(faces, (f) => f.liveness),
        livenessPassed: faces.some((f) => f.livenessPassed === false) ? false : first(faces, (f) => f.livenessPassed),
      }
    : null;
  const times = (k) => parts.map((p) => p[k]).filter(Boolean).sort();
  return {
    provider,
    reference,
    decision,
    reasons: decision === "approved" ? [] : reasons,
    person: first(parts, (p) => p.person),
    document: first(parts, (p) => p.document),
    face,
    aml: first(parts, (p) => p.aml),
    createdAt: times("createdAt")[0] ?? null,
    updatedAt: times("updatedAt").at(-1) ?? null,
    raw: Object.fromEntries(Object.entries(steps).filter(([, v]) => v).map(([k, v]) => [k, v.raw])),
  };
}
