// A page module as Next.js or Remix render it on the server: it imports the browser entry at the top level and
// renders from the URL; the browser-only calls sit in what would run after hydration.
import { Camera, chooseImageFile, EkycError, parseRedirect, prepareImage, resumeHostedFlow, startHostedFlow, version } from "ekyc-bridge/browser";

export function render(url) {
  const outcome = parseRedirect(url);
  return `<main data-sdk="${version()}"><p>${outcome.provider}: ${outcome.claimed}</p></main>`;
}

export const browserOnly = {
  "Camera.open": () => Camera.open({ facing: "user" }),
  chooseImageFile: () => chooseImageFile(),
  startHostedFlow: () => startHostedFlow({ provider: "maschain", backendUrl: "/kyc/sessions" }),
  resumeHostedFlow: () => resumeHostedFlow(),
};

export { EkycError, prepareImage };
