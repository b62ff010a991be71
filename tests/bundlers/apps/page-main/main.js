// A page that uses one name of the main entry, `ekyc-bridge` (see page-browser/main.js for why only one).
import { normalize } from "ekyc-bridge";

try {
  const v = normalize("advance-ai", {
    code: "SUCCESS",
    message: "OK",
    data: { signatureId: "c0ffee0000000001", overallResult: "FAIL", errorCode: "BVN_NOT_EXIST", countryCodeIso3: "NGA" },
    transactionId: "d3fde1547eeaf226",
  });
  window.__ekyc = { ok: true, value: { decision: v.decision, reference: v.reference, reason: v.reasons[0]?.code ?? null } };
} catch (e) {
  window.__ekyc = { ok: false, error: String(e && e.stack ? e.stack : e) };
}
