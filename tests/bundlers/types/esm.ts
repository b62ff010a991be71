// A strict TypeScript consumer of both entries; types.test.mjs also compiles it as CommonJS (a copy named cjs.cts).
import { normalize, parseWebhook, EkycError, type Verification, type Decision, type ProviderId, type ReasonCode } from "ekyc-bridge";
import {
  Camera,
  chooseImageFile,
  EkycError as BrowserEkycError,
  parseRedirect,
  prepareImage,
  resumeHostedFlow,
  startHostedFlow,
  version,
  type FlowHandle,
  type PreparedImage,
  type PrepareOptions,
  type RedirectOutcome,
} from "ekyc-bridge/browser";

export function decide(body: unknown): { decision: Decision; provider: ProviderId; reason: ReasonCode | null } {
  const v: Verification = normalize("advance-ai", body);
  const withOptions: Verification = normalize("widekyc", body, { endpoint: "passive-liveness" });
  return { decision: v.decision, provider: withOptions.provider, reason: v.reasons[0]?.code ?? null };
}

export function webhookKind(raw: string, headers: Record<string, string>): string {
  return parseWebhook("argos", raw, headers, { secret: "s" }).provider;
}

export function fromReturn(url: string): RedirectOutcome {
  const outcome = parseRedirect(url);
  const claimed: "success" | "failure" | "unknown" = outcome.claimed;
  const trusted: false = outcome.trusted;
  void claimed;
  void trusted;
  return resumeHostedFlow(url) ?? outcome;
}

export async function capture(): Promise<PreparedImage> {
  const options: PrepareOptions = { preset: "id-card", maxBytes: 300_000 };
  const camera = await Camera.open({ facing: "environment" });
  try {
    return await prepareImage(await camera.capture(), options);
  } finally {
    camera.close();
  }
}

export async function pick(): Promise<PreparedImage | null> {
  const file = await chooseImageFile({ capture: "environment" });
  return file ? prepareImage(file) : null;
}

export async function hosted(): Promise<string> {
  const flow: FlowHandle = await startHostedFlow({ provider: "maschain", backendUrl: "/kyc/sessions", mode: "popup" });
  const outcome = await flow.result;
  return `${version()} ${flow.provider} ${outcome.claimed}`;
}

export function codeOf(e: unknown): string | null {
  if (e instanceof EkycError || e instanceof BrowserEkycError) {
    const retry: boolean = e.retryable;
    return retry ? `${e.code} (retry)` : e.code;
  }
  return null;
}

// The types are real, not `any`: each line below must be a compile error.
// @ts-expect-error a misspelt decision
export const wrongDecision: Decision = "approve";
// @ts-expect-error an unknown option
export const wrongOption: PrepareOptions = { presett: "id-card" };
// @ts-expect-error an unknown provider
normalize("onfido", {});
// @ts-expect-error the browser entry has no provider clients
import("ekyc-bridge/browser").then((m) => m.normalize);
