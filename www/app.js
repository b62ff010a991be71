import { version, normalize, EkycError } from "ekyc-bridge";

const $ = (id) => document.getElementById(id);
$("version").textContent = version();
document.body.dataset.ready = "true";

$("run").addEventListener("click", () => {
  try {
    const v = normalize($("provider").value, JSON.parse($("response").value));
    $("result").textContent = JSON.stringify({ ...v, raw: "(unchanged provider response)" }, null, 2);
  } catch (e) {
    $("result").textContent = e instanceof EkycError ? `${e.code}: ${e.message}` : `invalid JSON: ${e.message}`;
  }
});
