// parseRedirect through the package: what a return URL claims, the state check, and that nothing is trusted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRedirect } from "ekyc-bridge";

test("MasChain and ADVANCE.AI returns are read, never trusted", () => {
  assert.deepEqual(parseRedirect("https://shop.test/kyc/back?is_success=1&ekyc_state=S1", { state: "S1" }), {
    provider: "maschain",
    claimed: "success",
    errorCode: null,
    reference: null,
    claimedReference: null,
    state: "S1",
    stateValid: true,
    trusted: false,
  });
  const fail = parseRedirect("https://shop.test/kyc/fail?ekyc_state=S2&ekyc_return=fail&errorCode=SIMILARITY_FAILED", { provider: "advance-ai", state: "S2" });
  assert.deepEqual([fail.claimed, fail.errorCode, fail.stateValid, fail.trusted], ["failure", "SIMILARITY_FAILED", true, false]);
});

test("a forged is_success=1 with a wrong or missing state is reported, and refused when strict", () => {
  for (const url of ["https://shop.test/kyc/back?is_success=1&ekyc_state=forged", "https://shop.test/kyc/back?is_success=1"]) {
    const o = parseRedirect(url, { state: "the-real-state" });
    assert.equal(o.claimed, "success");
    assert.equal(o.stateValid, false);
    assert.equal(o.trusted, false);
    assert.throws(() => parseRedirect(url, { state: "the-real-state", strict: true }), (e) => e.code === "state_mismatch");
  }
});

test("bad input is invalid_input", () => {
  for (const bad of ["", "javascript:alert(1)", "/relative", "not a url"]) {
    assert.throws(() => parseRedirect(bad), (e) => e.code === "invalid_input", bad);
  }
  assert.throws(() => parseRedirect("https://x.test/", { stat: "typo" }), (e) => e.code === "invalid_input");
});
