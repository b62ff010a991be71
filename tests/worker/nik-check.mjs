// The edge worker's NIK hook (examples/edge-worker/src/routes/images.mjs `nikCheck`) inside workerd, through the
// package's workerd entry: GET /?nik=… → `{ valid, issues }`. Proves the hook sees `validateIdNumber` where the
// worker runs, not only in Node.
import { nikCheck } from "../../examples/edge-worker/src/routes/images.mjs";

export default {
  fetch(request) {
    return Response.json(nikCheck(new URL(request.url).searchParams.get("nik") ?? ""));
  },
};
