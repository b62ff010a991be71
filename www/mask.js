// Masking of national ID numbers before anything reaches the screen. A demo is screen-shared and screenshotted:
// a MyKad / NIK / BVN number shown in full is a leak, so the page never renders one, neither in the normalized
// Verification nor in the raw provider response beside it. Pure functions (no DOM), importable in Node too.

/** `900101145523` → `9001******23`: the first four and the last two characters stay, the rest become `*`. */
export function maskId(value) {
  const s = String(value);
  if (s.length <= 4) return "*".repeat(s.length);
  const keep = s.length >= 8 ? 4 : 1;
  return s.slice(0, keep) + "*".repeat(s.length - keep - 2) + s.slice(-2);
}

// Keys under which the providers put an identity number (seed docs): Revenue Monster `ic`, MasChain
// `ID` / `MyKadNumber`, ADVANCE.AI `bvn` / `nin` / `numberValue` / `cpf`, WideKYC `nik`, ARGOS `id_number`-style
// fields, and the normalized `idNumber` / `number`. Compared without case, `_` or `-`.
const ID_KEYS = new Set([
  "ic", "icnumber", "icno", "id", "idnumber", "idno", "idcardnumber", "mykadnumber", "mykadno", "nric", "nik",
  "bvn", "nin", "numbervalue", "cpf", "dni", "said", "aadhaar", "pan", "ssn", "documentnumber", "docnumber",
  "passportnumber", "passportno", "cardnumber", "personalnumber", "number",
]);
// `id` and `number` are also the names of request ids and counters: only masked when the value looks like
// an identity number (mostly digits, 6 or more of them) — never a UUID or a hex reference.
const AMBIGUOUS_KEYS = new Set(["id", "number", "pan"]);
const looksLikeIdNumber = (v) => /^[A-Za-z]{0,2}[\d -]{6,}[A-Za-z]?$/.test(v) && (v.match(/\d/g) ?? []).length >= 6;

const normKey = (k) => k.toLowerCase().replace(/[_-]/g, "");
const alnum = (s) => s.replace(/[^0-9A-Za-z]/g, "");

/** The identity numbers a Verification names (person.idNumber, document.number). */
export function sensitiveValues(verification) {
  const out = [verification?.person?.idNumber, verification?.document?.number];
  return out.filter((v) => typeof v === "string" && alnum(v).length >= 4);
}

/**
 * A deep copy of `value` with every identity number masked: values under an identity key, and any string that
 * contains one of `secrets` (also when written with other separators, e.g. `900101-14-5523`).
 */
export function maskDeep(value, secrets = []) {
  const plain = secrets.map(alnum).filter((s) => s.length >= 4);
  const walk = (v, key) => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    if (typeof v !== "string" && typeof v !== "number") return v;
    const s = String(v);
    if (key !== undefined && ID_KEYS.has(normKey(key))) {
      if (!AMBIGUOUS_KEYS.has(normKey(key)) || looksLikeIdNumber(s)) return maskId(s);
    }
    if (typeof v === "string") return maskString(s, secrets, plain);
    return v;
  };
  return walk(value, undefined);
}

function maskString(s, secrets, plain) {
  let out = s;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(maskId(secret));
  // A differently formatted copy (dashes, spaces) of a secret: mask the whole string.
  const a = alnum(out);
  if (plain.some((p) => a.includes(p))) return maskId(out);
  return out;
}
