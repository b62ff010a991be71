// The ID-number check before any paid call: `validateIdNumber` on every keystroke (typed, or pasted from OCR),
// and `parseMrz` for the machine-readable lines of a passport or ID card. Nothing leaves the page.
import { validateIdNumber, parseMrz } from "ekyc-bridge/browser";

const $ = (id) => document.getElementById(id);

/** What each issue means, in words a user can act on. */
const ISSUES = {
  length: "it has too many or too few characters",
  characters: "a character does not belong there",
  checksum: "its check digit or letter does not match — a typo?",
  date_of_birth: "the date of birth it encodes cannot be right",
  region: "its place or province code is not in the authority's list",
  serial: "its serial number is never issued",
  unknown_type: "this country or type is not supported",
};

function li(text, cls) {
  const item = document.createElement("li");
  item.textContent = text;
  if (cls) item.className = cls;
  return item;
}

function checkNumber() {
  const input = $("idnum-value");
  const out = $("idnum-result");
  out.replaceChildren();
  if (!input.value.trim()) {
    input.removeAttribute("aria-invalid");
    return;
  }
  const r = validateIdNumber({ country: $("idnum-country").value, value: input.value });
  input.setAttribute("aria-invalid", String(!r.valid));
  if (r.valid) {
    const facts = [r.type, r.normalized, r.dateOfBirth ?? (r.birthYear ? `born ${r.birthYear}` : null), r.gender, r.region];
    out.append(li(`✓ ${facts.filter(Boolean).join(" · ")}`, "ok"));
  } else {
    for (const issue of r.issues) out.append(li(`✗ ${ISSUES[issue] ?? issue}`, "warn"));
  }
}

function checkMrz() {
  const out = $("mrz-result");
  out.replaceChildren();
  const text = $("mrz-text").value;
  if (!text.trim()) return;
  const r = parseMrz(text);
  if (!r.format) {
    out.append(li("Not an MRZ yet: 3 lines of 30, or 2 lines of 36 or 44 characters.", "warn"));
    return;
  }
  const f = r.fields;
  out.append(li(`${r.valid ? "✓" : "✗"} ${r.format} ${f.documentCode} ${f.issuingState}: ${f.surname}, ${f.givenNames} · ` +
    `No. ${f.documentNumber} · born ${f.dateOfBirth ?? "?"} · expires ${f.expiryDate ?? "?"}`, r.valid ? "ok" : "warn"));
  for (const c of r.checks.filter((c) => !c.valid)) out.append(li(`✗ check digit of ${c.field} does not match`, "warn"));
  for (const rep of r.repairs) {
    out.append(li(`repaired line ${rep.line}, column ${rep.column}: ${rep.from} → ${rep.to} (confirmed by its check digit)`));
  }
}

for (const id of ["idnum-value", "idnum-country"]) $(id).addEventListener("input", checkNumber);
$("mrz-text").addEventListener("input", checkMrz);
checkNumber();
checkMrz();
