// A page that uses one name of `ekyc-bridge/browser` — a name the entry file itself does not define, the case in
// which a bundler that believes the package side-effect free drops the wasm's instantiation.
import { parseRedirect } from "ekyc-bridge/browser";

try {
  const out = parseRedirect("https://shop.example/kyc/done?is_success=1&token=tok-123");
  window.__ekyc = { ok: true, value: { provider: out.provider, claimed: out.claimed, trusted: out.trusted } };
} catch (e) {
  window.__ekyc = { ok: false, error: String(e && e.stack ? e.stack : e) };
}
