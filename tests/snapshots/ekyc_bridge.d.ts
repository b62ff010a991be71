/* tslint:disable */
/* eslint-disable */

/** Every failure of the SDK: a real `Error` with a stable `code`. */
export declare class EkycError extends Error {
    readonly name: "EkycError";
    /** Stable snake_case code, e.g. `"malformed_response"`. */
    readonly code: ErrorCode;
    /** Whether the same call may succeed if retried later. */
    readonly retryable: boolean;
    readonly provider?: ProviderId;
    readonly httpStatus?: number;
    /** The provider's own error code, unchanged. */
    readonly providerCode?: string;
    readonly cause?: unknown;
}



/** Options of `Camera.open`. */
export interface CameraOptions {
    /** `"user"` (front, selfies) or `"environment"` (back, ID cards). */
    facing: "user" | "environment";
    /** Where to show the live picture; a detached `<video>` is used when absent. */
    video?: HTMLVideoElement;
    /** Ideal capture width in px (default 1920 for `user`, 3840 for `environment`). */
    idealWidth?: number;
}
/** A hosted-flow event. */
export interface FlowEvent {
    type: "started" | "redirecting" | "detached" | "returned" | "cancelled" | "error";
    provider: ProviderId;
    state: string;
    url?: string;
    outcome?: RedirectOutcome;
    error?: EkycError;
}
/** Options of `startHostedFlow`. */
export interface HostedFlowOptions {
    provider: "maschain" | "advance-ai";
    /** The merchant's endpoint that creates the session (it holds the provider secrets). */
    backendUrl: string;
    mode?: "redirect" | "popup" | "iframe";
    /** The element the iframe goes in (mode `"iframe"`). */
    container?: HTMLElement;
    /** Where the provider sends the user back; same origin as the page. Default: this page. */
    returnUrl?: string;
    /** Extra fields for the backend. */
    body?: Record<string, unknown>;
    onEvent?: (event: FlowEvent) => void;
}
/** Options of `chooseImageFile`. */
export interface ChooseImageFileOptions {
    /** Ask phones to open the camera directly (`capture` attribute). */
    capture?: "user" | "environment";
}



export interface PreparedImage {
    /** The JPEG file (the same bytes as `base64`). */
    bytes: Uint8Array;
}
export interface PrepareOptions {
    /** Called at each stage (`decode`, `resize`, `encode`, `checks`, `done`) with the overall fraction 0–1. */
    onProgress?: (p: { stage: string; fraction: number }) => void;
}



export interface SubmissionIterator {
    [Symbol.asyncIterator](): SubmissionIterator;
}


/**
 * A field a check digit protects.
 */
export type MrzCheckedField = "documentNumber" | "dateOfBirth" | "expiryDate" | "personalNumber" | "composite";

/**
 * A hosted verification session: the page to send the user to and its reference.
 */
export interface MasChainSession {
    url: string;
    token: string;
}

/**
 * A parsed webhook.
 */
export interface WebhookEvent {
    provider: ProviderId;
    /**
     * What happened, as the provider names it (`COMPLETED`, `approved`, …).
     */
    type: string;
    /**
     * What to fetch: signatureId / submission_id / requestID.
     */
    reference: string | null;
    /**
     * Whether the sender was proven (URL secret, GCM decryption, RSA signature): `true` from `parseWebhook`,
     * `false` from `parseWebhookUnverified`.
     */
    authenticated: boolean;
    /**
     * The (decrypted) body.
     */
    raw: unknown;
}

/**
 * A point in pixels of the frame; its top-left pixel covers `[0, 1) × [0, 1)`.
 */
export interface Point {
    x: number;
    y: number;
}

/**
 * A postal address as the document or registry gives it.
 */
export interface Address {
    lines: string[];
    city: string | null;
    postcode: string | null;
    state: string | null;
    /**
     * ISO 3166-1 alpha-3.
     */
    country: string | null;
}

/**
 * A whole document found in a frame.
 */
export interface DocumentDetection {
    /**
     * The document's own top-left, top-right, bottom-right and bottom-left corners, where its edge lines meet
     * (not the rounded corners of a card), in pixels of the upright frame. "Own" assumes the document is within
     * ±45° of upright; the top side is the one facing the frame's top.
     */
    corners: [Point, Point, Point, Point];
    /**
     * 0–1: how completely edge pixels support the four sides and how close the proportions are to the kind's.
     */
    confidence: number;
    /**
     * The document's share of the frame's area, 0–1.
     */
    fill: number;
    /**
     * Degrees away from a straight-on view, estimated assuming a phone's main camera (focal length 0.8 × the
     * frame's longer side).
     */
    tilt: number;
}

/**
 * AML risk level.
 */
export type RiskLevel = "high" | "medium" | "low" | "none";

/**
 * ARGOS's two encryption schemes.
 */
export type Cipher = "gcm" | "ecb";

/**
 * An input format the `wasm` engine decodes.
 */
export type Format = "jpeg" | "png" | "webp";

/**
 * Anti-money-laundering screening.
 */
export interface Aml {
    flagged: boolean;
    riskLevel: RiskLevel | null;
}

/**
 * Brightness: mean luma 0–255.
 */
export interface BrightnessCheck {
    /**
     * Mean luma (BT.601 weights), 0–255.
     */
    mean: number;
    /**
     * Within `MIN_BRIGHTNESS..=MAX_BRIGHTNESS`.
     */
    ok: boolean;
}

/**
 * Face comparison and liveness.
 */
export interface Face {
    match: boolean | null;
    /**
     * 0–1.
     */
    similarity: number | null;
    /**
     * 0–1.
     */
    liveness: number | null;
    livenessPassed: boolean | null;
}

/**
 * Glare: share of pixels at or above [`GLARE_LEVEL`].
 */
export interface GlareCheck {
    /**
     * 0–1.
     */
    fraction: number;
    /**
     * `fraction <= MAX_GLARE`.
     */
    ok: boolean;
}

/**
 * How to authenticate a webhook (see the README's webhook table). `parseWebhook` throws
 * `webhook_unauthenticated` when the provider's part is missing (API.md §5a).
 */
export interface WebhookOptions {
    /**
     * The full URL the webhook was posted to (`request.url` in a worker).
     */
    url?: string;
    /**
     * ADVANCE.AI: the `secret` query parameter the callback URL must carry.
     */
    secret?: string;
    /**
     * ARGOS: the key of encrypted webhooks.
     */
    secretKey?: string;
    /**
     * ARGOS: `"gcm"` (default) or `"ecb"`.
     */
    encryption?: Cipher;
    /**
     * Revenue Monster: its public key (PEM) that signs notifications.
     */
    publicKeyPem?: string;
    /**
     * Revenue Monster: the largest accepted age of `X-Timestamp` (default 300 s).
     */
    maxAgeSeconds?: number;
}

/**
 * One character changed by a repair that a check digit confirmed. `line` and `column` count from 1.
 */
export interface MrzRepair {
    line: number;
    column: number;
    from: string;
    to: string;
}

/**
 * One check digit and whether it holds (after any repair).
 */
export interface MrzCheck {
    field: MrzCheckedField;
    valid: boolean;
}

/**
 * One failed check, as listed in `QualityChecks.issues`.
 */
export type QualityIssue = "blurry" | "too_dark" | "too_bright" | "glare" | "low_resolution";

/**
 * One of the five providers. Serialized in kebab-case: `"revenue-monster"`, `"maschain"`, `"advance-ai"`,
 * `"argos"`, `"widekyc"`.
 */
export type ProviderId = "revenue-monster" | "maschain" | "advance-ai" | "argos" | "widekyc";

/**
 * One provider result, normalized. See API.md §4 and the mapping table in the README.
 */
export interface Verification {
    provider: ProviderId;
    /**
     * requestID / token / signatureId / submission_id / trx_id.
     */
    reference: string | null;
    decision: Decision;
    /**
     * Why not approved; empty when approved.
     */
    reasons: Reason[];
    person: Person | null;
    document: Document | null;
    face: Face | null;
    aml: Aml | null;
    /**
     * RFC 3339, UTC.
     */
    createdAt: string | null;
    /**
     * RFC 3339, UTC.
     */
    updatedAt: string | null;
    /**
     * The provider response, unchanged.
     */
    raw: unknown;
}

/**
 * One reason a verification was not approved.
 */
export interface Reason {
    code: ReasonCode;
    /**
     * The provider's own code, unchanged (e.g. `"LIVENESS_ATTACK"`, `"9108"`, `"id_info_blacklist"`).
     */
    providerCode: string;
    message: string | null;
}

/**
 * Options of `new AdvanceAi(…)`.
 */
export interface AdvanceAiOptions {
    /**
     * The regional host, e.g. `https://sg-api.advance.ai`.
     */
    baseUrl: string;
    accessKey: string;
    /**
     * A secret.
     */
    secretKey: string;
    dangerouslyAllowBrowser?: boolean;
    transport?: TransportConfig;
}

/**
 * Options of `new Argos(…)`.
 */
export interface ArgosOptions {
    /**
     * Default `https://rest-api.argosidentity.com/v3`.
     */
    baseUrl?: string;
    /**
     * The `x-api-key`. A secret.
     */
    apiKey: string;
    /**
     * The key of encrypted answers, when the project has encryption on.
     */
    secretKey?: string;
    /**
     * `"gcm"` (default) or `"ecb"` (legacy projects).
     */
    encryption?: Cipher;
    dangerouslyAllowBrowser?: boolean;
    transport?: TransportConfig;
}

/**
 * Options of `new MasChain(…)`.
 */
export interface MasChainOptions {
    /**
     * Default `https://service.maschain.com`.
     */
    baseUrl?: string;
    clientId: string;
    /**
     * Starts with `sk_`. A secret.
     */
    clientSecret: string;
    dangerouslyAllowBrowser?: boolean;
    transport?: TransportConfig;
}

/**
 * Options of `new RevenueMonster(…)`.
 */
export interface RevenueMonsterOptions {
    /**
     * e.g. `https://sb-open.revenuemonster.my/v3/service` (default: production).
     */
    apiUrl?: string;
    /**
     * e.g. `https://sb-oauth.revenuemonster.my/v1/token` (default: production).
     */
    oauthUrl?: string;
    clientId: string;
    clientSecret: string;
    /**
     * The merchant's RSA private key, PKCS#1 or PKCS#8 PEM.
     */
    privateKeyPem: string;
    dangerouslyAllowBrowser?: boolean;
    transport?: TransportConfig;
}

/**
 * Options of `new WideKyc(…)`.
 */
export interface WideKycOptions {
    /**
     * The merchant's `<server-url>`.
     */
    baseUrl: string;
    /**
     * The merchant access token. A secret.
     */
    token: string;
    dangerouslyAllowBrowser?: boolean;
    transport?: TransportConfig;
}

/**
 * Options of `normalize`.
 */
export interface NormalizeOptions {
    /**
     * The call the response came from (WideKYC: `"passive-liveness"`, `"id-recognize"`, `"id-validation"`;
     * Revenue Monster: `"get-ekyc-result"` (default), `"face-compare"`, `"face-compare-with-mykad"`,
     * `"liveness-face"`, `"get-mykad-result"`). Any other name is `invalid_input`.
     */
    endpoint?: NormalizeEndpoint;
}

/**
 * Options of `prepareImage` (API.md §1). Every field is optional; `onProgress` is handled by the JS binding.
 *
 * ```
 * use ekyc_bridge::image::{PrepareOptions, Preset};
 * let opts = PrepareOptions { preset: Some(Preset::Selfie), max_bytes: Some(150_000), ..Default::default() };
 * let s = opts.resolve().unwrap();
 * assert_eq!((s.max_side, s.max_bytes, s.min_side), (1280, 150_000, Some(480)));
 * ```
 */
export interface PrepareOptions {
    /**
     * Defaults per kind of image (see [`Preset`]); explicit options override them.
     */
    preset?: Preset;
    /**
     * Longest side of the output in px (never upscales), 64–16 384.
     */
    maxSide?: number;
    /**
     * Hard cap on the encoded JPEG in bytes (not the Base64 length), 10 000–50 000 000.
     */
    maxBytes?: number;
    /**
     * Sources whose (upright) short side is smaller fail with `image_too_small`; at most `maxSide`.
     */
    minSide?: number;
    /**
     * `true`: `base64` is a `data:image/jpeg;base64,…` URL. Default `false`: plain Base64 as providers want.
     */
    dataUrl?: boolean;
    /**
     * Read by the JS binding to pick an engine; ignored by the Rust core, which *is* the `wasm` engine.
     */
    engine?: Engine;
    /**
     * Run the quality checks (default `true`).
     */
    checks?: boolean;
}

/**
 * Options of `verifyMerchantWebhook`.
 */
export interface MerchantWebhookOptions {
    /**
     * Largest distance between the signature's `t` and now, in seconds (default 300).
     */
    toleranceSeconds?: number;
}

/**
 * Resolution: the output's short side against the minimum.
 */
export interface ResolutionCheck {
    /**
     * The output's short side is at least the minimum (`minSide`, or the preset's).
     */
    ok: boolean;
}

/**
 * Sharpness: `score` is the variance of the 4-neighbour Laplacian of the grey copy (higher is sharper).
 */
export interface SharpnessCheck {
    /**
     * Variance of the Laplacian.
     */
    score: number;
    /**
     * `score >= MIN_SHARPNESS`.
     */
    ok: boolean;
}

/**
 * The MIME type of the output: always JPEG (`"image/jpeg"`).
 */
export type OutputMime = "image/jpeg";

/**
 * The answer of `recognizeMyKad`: the id of the recognition, for `getEkycResult`.
 */
export interface MyKadRecognition {
    requestId: string;
    status: string | null;
}

/**
 * The call a response came from, for the providers with several result shapes (Revenue Monster, WideKYC).
 */
export type NormalizeEndpoint = "get-ekyc-result" | "face-compare" | "face-compare-with-mykad" | "liveness-face" | "get-mykad-result" | "passive-liveness" | "id-recognize" | "id-validation";

/**
 * The fields of a machine-readable zone, fillers (`<`) removed.
 */
export interface MrzFields {
    /**
     * `P`, `I`, `ID`, `AC`…
     */
    documentCode: string;
    /**
     * ICAO three-letter code (ISO 3166-1 alpha-3 or an ICAO code such as `D`, `UTO`).
     */
    issuingState: string;
    /**
     * The whole number, with a TD1/TD2 long number's overflow from the optional data.
     */
    documentNumber: string;
    surname: string;
    givenNames: string;
    nationality: string;
    /**
     * `YYYY-MM-DD` (the latest century not after today), `null` when not a real date.
     */
    dateOfBirth: string | null;
    /**
     * `YYYY-MM-DD` (the century within 50 years of today), `null` when not a real date.
     */
    expiryDate: string | null;
    /**
     * `null` for `<` and `X` (unspecified).
     */
    sex: Gender | null;
    /**
     * TD1 line 1, TD2 line 2 or TD3's personal number.
     */
    optionalData: string;
    /**
     * TD1 line 2's optional data; `null` for TD2 and TD3.
     */
    optionalData2: string | null;
}

/**
 * The function of the selfie-against-MyKad check.
 */
export type LivenessFunction = "face-compare-with-mykad" | "liveness-face";

/**
 * The hosted page of an ADVANCE.AI flow and its reference (`null` when ADVANCE.AI did not disclose it yet).
 */
export interface AdvanceAiSession {
    url: string;
    signatureId: string | null;
}

/**
 * The identity document.
 */
export interface Document {
    /**
     * The provider's document type, e.g. `"ID_CARD"`, `"MyKad"`, `"passport"`.
     */
    type: string | null;
    /**
     * ISO 3166-1 alpha-3.
     */
    country: string | null;
    number: string | null;
    /**
     * `YYYY-MM-DD`.
     */
    issueDate: string | null;
    /**
     * `YYYY-MM-DD`.
     */
    expiryDate: string | null;
}

/**
 * The input of `validateIdNumber`.
 */
export interface IdNumberInput {
    /**
     * ISO 3166-1 alpha-3: `"MYS"`, `"IDN"`, `"SGP"`, `"THA"`, `"VNM"`, `"NGA"`.
     */
    country: string;
    /**
     * `"MyKad"`, `"NIK"`, `"NRIC"`, `"FIN"`, `"ThaiID"`, `"CCCD"`, `"BVN"`, `"NIN"` (any case); omitted: the
     * country's national number (Singapore: NRIC or FIN from the prefix).
     */
    type?: string;
    /**
     * The number as typed or read by OCR; spaces, `-`, `.` and `/` may stand anywhere.
     */
    value: string;
}

/**
 * The options of `detectDocument`.
 */
export interface DetectOptions {
    /**
     * `"id-card"` (default) or `"document"`.
     */
    kind?: DocumentKind;
}

/**
 * The outcome of a verification, provider-neutral.
 */
export type Decision = "approved" | "rejected" | "review" | "pending" | "incomplete" | "error";

/**
 * The person the document or registry describes.
 */
export interface Person {
    fullName: string | null;
    idNumber: string | null;
    /**
     * `YYYY-MM-DD`.
     */
    dateOfBirth: string | null;
    gender: Gender | null;
    /**
     * ISO 3166-1 alpha-3.
     */
    nationality: string | null;
    address: Address | null;
}

/**
 * The prepared image: an upright JPEG within `maxBytes`, its Base64, and what was measured on the way.
 */
export interface PreparedImage {
    /**
     * The JPEG in standard Base64 (or a `data:` URL when `dataUrl` was set).
     */
    base64: string;
    /**
     * Always `"image/jpeg"`.
     */
    mime: OutputMime;
    /**
     * Output width, px.
     */
    width: number;
    /**
     * Output height, px.
     */
    height: number;
    /**
     * The JPEG quality used, 0–1 (e.g. 0.82).
     */
    quality: number;
    /**
     * The input as received.
     */
    original: OriginalImage;
    /**
     * The quality checks, `null` when disabled with `checks: false`.
     */
    checks: QualityChecks | null;
    /**
     * `"wasm"` from this crate; the binding sets `"browser"` for its own engine.
     */
    engine: EngineUsed;
    /**
     * Wall time of the call in ms. 0 here: the binding measures it with the JS clock (`std::time` panics on wasm).
     */
    elapsedMs: number;
}

/**
 * The result of the quality checks (API.md §1 `QualityChecks`).
 */
export interface QualityChecks {
    /**
     * True when every check below is ok (`issues` is empty).
     */
    ok: boolean;
    /**
     * Focus: variance of the Laplacian.
     */
    sharpness: SharpnessCheck;
    /**
     * Exposure: mean luma.
     */
    brightness: BrightnessCheck;
    /**
     * Share of near-saturated pixels.
     */
    glare: GlareCheck;
    /**
     * Whether the output's short side reaches the minimum.
     */
    resolution: ResolutionCheck;
    /**
     * The failed checks, in the order above.
     */
    issues: QualityIssue[];
}

/**
 * The schemes [`validate_id_number`] knows. Serialized as written in API.md §8 (`"MyKad"`, `"NIK"`, …).
 */
export type IdType = "MyKad" | "NIK" | "NRIC" | "FIN" | "ThaiID" | "CCCD" | "BVN" | "NIN";

/**
 * The stable machine-readable code of an [`EkycError`]. The serialized names are the public contract
 * (API.md §6): add variants freely, never rename one.
 */
export type ErrorCode = "invalid_input" | "image_decode" | "image_unsupported" | "image_too_large" | "image_too_small" | "image_cannot_fit" | "camera_permission_denied" | "camera_not_found" | "camera_in_use" | "camera_insecure_context" | "camera_unsupported" | "camera_overconstrained" | "network" | "timeout" | "http_status" | "unauthorized" | "quota_exceeded" | "malformed_response" | "secret_in_browser" | "state_mismatch" | "webhook_unauthenticated" | "popup_blocked" | "flow_cancelled" | "browser_only" | "internal";

/**
 * The three document sizes.
 */
export type MrzFormat = "TD1" | "TD2" | "TD3";

/**
 * Timeouts, retries and limits of a client's HTTP calls (all optional).
 */
export interface TransportConfig {
    /**
     * Per attempt, until the last byte of the body (default 20 000 ms).
     */
    timeoutMs?: number;
    /**
     * Retries after the first attempt on network errors, 429, 502, 503, 504 (default 2; creates are
     * retried only on 429 and 503).
     */
    retries?: number;
    /**
     * The whole call including retries and waits (default 60 000 ms).
     */
    totalTimeoutMs?: number;
    /**
     * Larger response bodies are refused (default 16 MiB).
     */
    maxBodyBytes?: number;
}

/**
 * What [`parse_mrz`] read.
 */
export interface MrzResult {
    /**
     * `null` when the text has no TD1, TD2 or TD3 layout (then `fields` is `null` too).
     */
    format: MrzFormat | null;
    /**
     * The layout was recognized, every check digit holds and both dates are real.
     */
    valid: boolean;
    /**
     * The lines as read, after the confirmed repairs.
     */
    lines: string[];
    fields: MrzFields | null;
    checks: MrzCheck[];
    repairs: MrzRepair[];
}

/**
 * What [`validate_id_number`] found (API.md §8 `IdNumberCheck`).
 */
export interface IdNumberCheck {
    /**
     * No issues.
     */
    valid: boolean;
    /**
     * The number in its usual printed form (e.g. `"900101-14-5678"`, `"S1234567D"`), when its length and
     * characters are right (even if another check fails); otherwise `null`.
     */
    normalized: string | null;
    /**
     * The scheme the number was checked against; `null` when unknown (or, for Nigeria without `type`, when
     * an 11-digit number may be either a BVN or a NIN).
     */
    type: IdType | null;
    /**
     * Sorted, without duplicates; empty when valid.
     */
    issues: IdIssue[];
    /**
     * `YYYY-MM-DD`, for schemes that encode the full date (MyKad, NIK). Their two-digit year is read as the
     * latest year that is not in the future.
     */
    dateOfBirth: string | null;
    /**
     * The encoded year of birth (MyKad, NIK, CCCD); CCCD encodes only the year.
     */
    birthYear: number | null;
    gender: Gender | null;
    /**
     * The encoded place: a Malaysian state or a country group (MyKad), an Indonesian province (NIK), a Vietnamese
     * province (CCCD).
     */
    region: string | null;
}

/**
 * What a return URL claims, and whether it belongs to the flow. `trusted` is always `false`.
 */
export interface RedirectOutcome {
    provider: ProviderId | null;
    claimed: Claimed;
    /**
     * ADVANCE.AI's `errorCode` on `failReturnUrl`.
     */
    errorCode: string | null;
    /**
     * MasChain `token` / ADVANCE.AI `signatureId`, when the URL carries it. From `resumeHostedFlow` and
     * `FlowHandle.result`: the reference the backend returned for the flow instead (API.md §3a).
     */
    reference: string | null;
    /**
     * What the URL claims the reference is (`token` / `signatureId`): a claim like `claimed`, never the
     * reference to ask the backend about. `parseRedirect` alone: the same as `reference`.
     */
    claimedReference: string | null;
    state: string | null;
    /**
     * `null` when no state was expected.
     */
    stateValid: boolean | null;
    /**
     * Always `false`: a URL is typed by the user's browser. Confirm with the backend.
     */
    trusted: false;
}

/**
 * What an image's header says, read without decoding it: see [`probe`].
 */
export interface ImageHeader {
    /**
     * The container format.
     */
    format: Format;
    /**
     * Width as displayed, i.e. after the EXIF orientation is applied (stored height when the orientation is 5–8).
     */
    width: number;
    /**
     * Height as displayed, i.e. after the EXIF orientation is applied.
     */
    height: number;
    /**
     * The EXIF orientation, 1–8 (1 when absent or unreadable).
     */
    orientation: number;
}

/**
 * What the URL says happened. Never proof.
 */
export type Claimed = "success" | "failure" | "unknown";

/**
 * What the caller expects of the return.
 */
export interface RedirectExpect {
    /**
     * The flow's provider; detected from the parameters when absent.
     */
    provider?: ProviderId;
    /**
     * The state the flow generated; `stateValid` is `null` when absent.
     */
    state?: string;
    /**
     * Throw `state_mismatch` instead of returning `stateValid: false` (default `false`).
     */
    strict?: boolean;
}

/**
 * What the image is of; selects defaults for `maxSide`, `maxBytes` and `minSide`.
 */
export type Preset = "id-card" | "selfie" | "document";

/**
 * What the input was.
 */
export interface OriginalImage {
    /**
     * Width as displayed (after EXIF orientation), px.
     */
    width: number;
    /**
     * Height as displayed (after EXIF orientation), px.
     */
    height: number;
    /**
     * Size of the input in bytes (for raw pixels: `width × height × 4`).
     */
    bytes: number;
    /**
     * `"image/jpeg"`, `"image/png"`, `"image/webp"`, or [`RAW_RGBA_MIME`] for raw pixels (the binding may
     * replace it with what it knows of the source).
     */
    mime: string;
    /**
     * The EXIF orientation that was applied, 1–8 (1: none).
     */
    orientation: number;
}

/**
 * What to look for.
 */
export type DocumentKind = "id-card" | "document";

/**
 * Which engine produced a [`PreparedImage`].
 */
export type EngineUsed = "browser" | "wasm";

/**
 * Which flow the hosted page runs (the endpoint's last path segment).
 */
export type UrlVariant = "generate-ekyc-verification-url" | "generate-document-verification-url" | "generate-face-authentication-url" | "generate-liveness-detection-url" | "generate-non-document-verification-url" | "generate-url";

/**
 * Which implementation prepares the image. Chosen by the JS binding; the Rust core is the `wasm` engine.
 */
export type Engine = "auto" | "browser" | "wasm";

/**
 * Why a number cannot be a real one. `serial` is ours (API.md §8 lists the others): a NIK whose last four
 * digits are `0000`.
 */
export type IdIssue = "length" | "characters" | "checksum" | "date_of_birth" | "region" | "serial" | "unknown_type";

/**
 * Why a verification was not approved, provider-neutral.
 */
export type ReasonCode = "document_not_found" | "face_not_found" | "face_mismatch" | "liveness_failed" | "document_tampered" | "image_quality" | "data_mismatch" | "number_not_found" | "number_invalid" | "identity_blocked" | "identity_deceased" | "underage" | "duplicate" | "document_expired" | "aml_hit" | "user_timeout" | "user_cancelled" | "retry_limit" | "quota_exceeded" | "product_not_activated" | "unauthorized" | "not_found" | "provider_error" | "other";

/**
 * `createVerification` input.
 */
export interface MasChainCreateVerification {
    /**
     * ISO alpha-3, e.g. `"MYS"`; required unless `selectIdCountry`.
     */
    idCountry?: string;
    /**
     * `true`: the user picks the issuing country on MasChain's page (instead of `idCountry`).
     */
    selectIdCountry?: boolean;
    /**
     * `"ID_CARD"` (MYS only) or `"PASSPORT"`; required unless `selectIdType`.
     */
    idType?: "ID_CARD" | "PASSPORT";
    /**
     * `true`: the user picks the document type on MasChain's page (instead of `idType`).
     */
    selectIdType?: boolean;
    /**
     * `"00"` OCR + face + liveness (default), `"01"` OCR only.
     */
    type?: "00" | "01";
    /**
     * Where MasChain sends the user back (with `?is_success=…`).
     */
    redirectUrl: string;
    walletAddress?: string;
}

/**
 * `faceCompare` input.
 */
export interface FaceCompareInput {
    image1: string;
    image2: string;
}

/**
 * `generateUrl` input: the Generate URL API fields (camelCase, as ADVANCE.AI names them) plus `variant`. Other
 * documented fields (e.g. `livenessType` of the liveness-detection flow) are passed through as given.
 */
export type AdvanceAiGenerateUrl = { variant?: UrlVariant; returnUrl?: string; failReturnUrl?: string; callbackUrl?: string; bizId?: string; userId?: string; region?: string; language?: string; prefersColorScheme?: string; iframeEnabled?: boolean; ignoreFailWhenJump?: boolean; numberType?: string; numberValue?: string; docType?: string; productLevel?: string; bizCode?: string; solutionCode?: string } & Record<string, unknown>;

/**
 * `getResult` options.
 */
export interface AdvanceAiGetResultOptions {
    /**
     * ADVANCE.AI's `returnImageType` (how images come back), passed through.
     */
    returnImageType?: string;
}

/**
 * `listSubmissions` filter (all optional).
 */
export interface ArgosFilter {
    userid?: string;
    email?: string;
    /**
     * Page size (ARGOS's default 50).
     */
    count?: number;
    /**
     * `YYYY-MM-DD`.
     */
    startDate?: string;
    /**
     * `YYYY-MM-DD`.
     */
    endDate?: string;
    /**
     * `"kyc"`, `"aml"`, `"data"` or `"others"`.
     */
    requestType?: "kyc" | "aml" | "data" | "others";
}

/**
 * `liveness` input: the selfie against the face of an earlier `recognizeMyKad`.
 */
export interface LivenessInput {
    /**
     * `requestId` from `recognizeMyKad`.
     */
    mykadRequestId: string;
    /**
     * The selfie, plain Base64 JPEG.
     */
    image: string;
    /**
     * The RM function: `face-compare-with-mykad` (what the official Go SDK calls; default) or `liveness-face`
     * (the seed document's name).
     */
    function?: LivenessFunction;
}

/**
 * `male` / `female`; anything else the provider says becomes `null` on the person.
 */
export type Gender = "male" | "female";

/**
 * `passiveLiveness` input.
 */
export interface WideKycLiveness {
    custRefNo: string;
    /**
     * Plain Base64 JPEG.
     */
    selfieImage: string;
}

/**
 * `recognizeId` input.
 */
export interface WideKycRecognize {
    custRefNo: string;
    /**
     * Plain Base64 JPEG of the eKTP.
     */
    idImage: string;
}

/**
 * `recognizeMyKad` input.
 */
export interface RecognizeMyKadInput {
    /**
     * The MyKad front, plain Base64 JPEG (e.g. `PreparedImage.base64`).
     */
    image: string;
    /**
     * Where Revenue Monster posts the result.
     */
    notifyUrl: string;
}

/**
 * `validateId` input.
 */
export interface WideKycValidate {
    custRefNo: string;
    /**
     * 16 digits.
     */
    nik: string;
    name?: string;
    /**
     * `DD-MM-YYYY`.
     */
    birthDate?: string;
    birthPlace?: string;
    address?: string;
    selfieImage?: string;
}


/**
 * ADVANCE.AI IDVS H5 (server or edge: holds the secret key).
 */
export class AdvanceAi {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Creates the hosted page → `{ url, signatureId }`. Not retried once it may have been received.
     */
    generateUrl(request: AdvanceAiGenerateUrl): Promise<AdvanceAiSession>;
    /**
     * The authoritative result of a flow, normalized.
     */
    getResult(signature_id: string, options?: AdvanceAiGetResultOptions): Promise<Verification>;
    /**
     * Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
     */
    constructor(options: AdvanceAiOptions);
}

/**
 * ARGOS ID Check (server or edge: holds the API key).
 */
export class Argos {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * One submission, normalized.
     */
    getSubmission(id: string): Promise<Verification>;
    /**
     * Every submission matching `filter`, across all pages, as an async iterator of `Verification`s
     * (`for await (const v of argos.listSubmissions({ startDate: "2025-01-01" }))`). Pages are fetched as the
     * loop advances.
     */
    listSubmissions(filter?: ArgosFilter): SubmissionIterator;
    /**
     * Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
     */
    constructor(options: ArgosOptions);
}

/**
 * An open camera (API.md §2). Browser only.
 */
export class Camera {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * A full-resolution still as a `Blob`, ready for `prepareImage`.
     */
    capture(): Promise<Blob>;
    /**
     * Stops every track.
     */
    close(): void;
    /**
     * Opens the camera facing `facing` and plays it in `video`. Throws `camera_permission_denied`,
     * `camera_not_found`, `camera_in_use`, `camera_insecure_context`, `camera_unsupported`,
     * `camera_overconstrained`, or `invalid_input` for bad options.
     */
    static open(options: CameraOptions): Promise<Camera>;
    /**
     * The `<video>` showing the camera.
     */
    readonly video: HTMLVideoElement;
}

/**
 * A started hosted flow.
 */
export class FlowHandle {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Closes the popup or removes the iframe; a pending `result` rejects with `flow_cancelled`.
     */
    close(): void;
    readonly provider: ProviderId;
    /**
     * The reference the backend returned for the flow (with the example backend, an opaque id of its own).
     */
    readonly reference: string | undefined;
    /**
     * Resolves with the `RedirectOutcome` when the popup or iframe comes back; rejects with `flow_cancelled`
     * when it is closed first. In redirect mode the page leaves: use `resumeHostedFlow()` on the return page.
     */
    readonly result: Promise<RedirectOutcome>;
    readonly state: string;
    /**
     * The provider's hosted page.
     */
    readonly url: string;
}

/**
 * MasChain eKYC (server or edge: holds `clientSecret`).
 */
export class MasChain {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Creates a hosted verification session → `{ url, token }`. Not retried once it may have reached MasChain.
     */
    createVerification(request: MasChainCreateVerification): Promise<MasChainSession>;
    /**
     * The authoritative, normalized result of a session.
     */
    getVerification(token: string): Promise<Verification>;
    /**
     * Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
     */
    constructor(options: MasChainOptions);
}

/**
 * Revenue Monster eKYC (server or edge: holds the client secret and the private key).
 */
export class RevenueMonster {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Compares two faces → a `Verification` with `face.match` and `face.similarity`.
     */
    faceCompare(input: FaceCompareInput): Promise<Verification>;
    /**
     * The consolidated eKYC verdict of a recognition, normalized.
     */
    getEkycResult(id: string): Promise<Verification>;
    /**
     * The MyKad recognition alone, normalized.
     */
    getMyKadResult(id: string): Promise<Verification>;
    /**
     * The selfie against the MyKad of `mykadRequestId` → a `Verification` with `face.match` and
     * `face.similarity`; this is the step that links a face to the MyKad. Its `reference` is what
     * `getEkycResult` takes: the `ekycId` RM returned, else `mykadRequestId`.
     */
    liveness(input: LivenessInput): Promise<Verification>;
    /**
     * Throws `secret_in_browser` in a page, `invalid_input` for missing options or a bad key.
     */
    constructor(options: RevenueMonsterOptions);
    /**
     * Starts a MyKad recognition → `{ requestId, status }`. Not retried once it may have been received.
     */
    recognizeMyKad(input: RecognizeMyKadInput): Promise<MyKadRecognition>;
}

/**
 * The async iterator behind `Argos.listSubmissions`.
 */
export class SubmissionIterator {
    private constructor();
    free(): void;
    [Symbol.dispose](): void;
    /**
     * `{ done: false, value: Verification }` until the last submission, then `{ done: true }`.
     */
    next(): Promise<IteratorResult<Verification, undefined>>;
}

/**
 * WideKYC (server or edge: holds the merchant token).
 */
export class WideKyc {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Throws `secret_in_browser` in a page, `invalid_input` for missing or misspelled options.
     */
    constructor(options: WideKycOptions);
    /**
     * Passive liveness of a selfie, normalized (`face.livenessPassed`).
     */
    passiveLiveness(input: WideKycLiveness): Promise<Verification>;
    /**
     * eKTP OCR, normalized (`person`, `document`).
     */
    recognizeId(input: WideKycRecognize): Promise<Verification>;
    /**
     * Dukcapil validation of the given fields, normalized (any `false` → rejected + data_mismatch).
     */
    validateId(input: WideKycValidate): Promise<Verification>;
}

/**
 * The file-input fallback for when there is no camera: opens the file chooser (call it from a click) and
 * resolves with the chosen image `File`, or `null` when the user cancels. With `capture`, phones open the
 * camera app directly.
 */
export function chooseImageFile(options?: ChooseImageFileOptions): Promise<File | null>;

/**
 * Turns a provider's parsed JSON response body into one `Verification`.
 *
 * Throws `EkycError` `malformed_response` when `response` is not an object or a required field has the wrong
 * type, and `invalid_input` for an unknown provider, endpoint or option.
 */
export function normalize(provider: ProviderId, response: unknown, options?: NormalizeOptions): Verification;

/**
 * Reads an ICAO 9303 machine-readable zone (TD1, TD2 or TD3): the fields, each check digit and the
 * composite, with OCR confusions repaired only where a check digit confirms them. Never throws for a string
 * (`format: null` when the text has no MRZ layout); throws `invalid_input` when `text` is not a string.
 */
export function parseMrz(text: string): MrzResult;

/**
 * Reads what a hosted flow's return URL claims (`is_success`, `errorCode`, the reference, the state).
 * `trusted` is always `false`: confirm the result with the backend. Throws `invalid_input` for a non-http(s)
 * URL and, with `expect.strict`, `state_mismatch` when the state is missing or not the flow's.
 */
export function parseRedirect(url: string, expect?: RedirectExpect): RedirectOutcome;

/**
 * Parses and authenticates a provider's webhook → `{ provider, type, reference, authenticated: true, raw }`.
 * Throws `webhook_unauthenticated` when the check fails or `options` lack what it needs (ADVANCE.AI `secret` +
 * `url`, ARGOS a GCM `secretKey`, Revenue Monster `publicKeyPem`). `body` is the raw body (string, `Uint8Array`
 * or `ArrayBuffer`); `headers` a `Headers` or a plain object. A webhook is a hint: fetch the result it names
 * with the client.
 */
export function parseWebhook(provider: ProviderId, body: string | Uint8Array | ArrayBuffer, headers?: Headers | Record<string, string>, options?: WebhookOptions): WebhookEvent;

/**
 * Reads a webhook body **without any check** → `{ …, authenticated: false }`: anyone who knows the URL could
 * have sent it. Only for a caller that proves the sender some other way; otherwise use `parseWebhook`.
 */
export function parseWebhookUnverified(provider: ProviderId, body: string | Uint8Array | ArrayBuffer): WebhookEvent;

/**
 * Prepares a selfie or ID photo for a provider: upright, resized (never upscaled), a JPEG within `maxBytes`,
 * Base64, with quality checks. See API.md §1.
 *
 * Throws `image_unsupported` (not JPEG/PNG/WebP), `image_decode` (truncated, corrupt), `image_too_large`
 * (declared dimensions over the limits, refused before decoding), `image_too_small`, `image_cannot_fit`,
 * `invalid_input` (bad options or input kind).
 */
export function prepareImage(input: Blob | File | ArrayBuffer | Uint8Array | ImageBitmap | HTMLCanvasElement | OffscreenCanvas | HTMLVideoElement, options?: PrepareOptions): Promise<PreparedImage>;

/**
 * On the page a redirect flow came back to: what the URL claims, checked against the flow saved before
 * leaving (`stateValid`); `null` when no flow is pending. The saved flow is forgotten (a return is read once).
 */
export function resumeHostedFlow(url?: string | null): RedirectOutcome | null;

/**
 * Starts a hosted verification (API.md §3): the backend creates the session, the provider's page opens by
 * redirect, popup or iframe, and `result` resolves with what the return URL claims (`trusted: false` —
 * confirm with the backend). Throws `popup_blocked`, `invalid_input`, or the backend call's errors.
 */
export function startHostedFlow(options: HostedFlowOptions): Promise<FlowHandle>;

/**
 * Checks an identity number against its issuing authority's published rules (MyKad, NIK, NRIC/FIN, Thai ID,
 * CCCD, BVN/NIN) and returns what it encodes. Never throws for any `value`: a bad number is described by
 * `issues`, and a `country`, `type` or `value` that is not a string is the issue `unknown_type` (or
 * `characters` for `value`). Throws `invalid_input` only when `input` is not an object.
 */
export function validateIdNumber(input: IdNumberInput): IdNumberCheck;

/**
 * Verifies the `Ekyc-Signature` header (`t=…,v1=…`, HMAC-SHA256 as Stripe signs) of a push from the example
 * edge worker and returns the event, parsed. Throws `webhook_unauthenticated` when the secret is missing, the
 * header is malformed, the timestamp is outside the tolerance, or no signature matches.
 */
export function verifyMerchantWebhook(rawBody: string | Uint8Array | ArrayBuffer, signatureHeader: string, secret: string, options?: MerchantWebhookOptions): unknown;

/**
 * The package version, e.g. `"0.1.0"`.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __ekycErrorClass: () => any;
    readonly __wbg_advanceai_free: (a: number, b: number) => void;
    readonly __wbg_argos_free: (a: number, b: number) => void;
    readonly __wbg_camera_free: (a: number, b: number) => void;
    readonly __wbg_flowhandle_free: (a: number, b: number) => void;
    readonly __wbg_maschain_free: (a: number, b: number) => void;
    readonly __wbg_revenuemonster_free: (a: number, b: number) => void;
    readonly __wbg_submissioniterator_free: (a: number, b: number) => void;
    readonly __wbg_widekyc_free: (a: number, b: number) => void;
    readonly advanceai_generateUrl: (a: number, b: any) => any;
    readonly advanceai_getResult: (a: number, b: any, c: any) => any;
    readonly advanceai_new: (a: any) => [number, number, number];
    readonly argos_getSubmission: (a: number, b: any) => any;
    readonly argos_listSubmissions: (a: number, b: any) => [number, number, number];
    readonly argos_new: (a: any) => [number, number, number];
    readonly camera_capture: (a: number) => any;
    readonly camera_close: (a: number) => void;
    readonly camera_open: (a: any) => any;
    readonly camera_video: (a: number) => any;
    readonly chooseImageFile: (a: any) => [number, number, number];
    readonly flowhandle_close: (a: number) => void;
    readonly flowhandle_provider: (a: number) => [number, number];
    readonly flowhandle_reference: (a: number) => [number, number];
    readonly flowhandle_result: (a: number) => any;
    readonly flowhandle_state: (a: number) => [number, number];
    readonly flowhandle_url: (a: number) => [number, number];
    readonly maschain_createVerification: (a: number, b: any) => any;
    readonly maschain_getVerification: (a: number, b: any) => any;
    readonly maschain_new: (a: any) => [number, number, number];
    readonly normalize: (a: any, b: any, c: any) => [number, number, number];
    readonly parseMrz: (a: any) => [number, number, number];
    readonly parseRedirect: (a: any, b: any) => [number, number, number];
    readonly parseWebhook: (a: any, b: any, c: any, d: any) => [number, number, number];
    readonly parseWebhookUnverified: (a: any, b: any) => [number, number, number];
    readonly prepareImage: (a: any, b: any) => any;
    readonly resumeHostedFlow: (a: number) => [number, number, number];
    readonly revenuemonster_faceCompare: (a: number, b: any) => any;
    readonly revenuemonster_getEkycResult: (a: number, b: any) => any;
    readonly revenuemonster_getMyKadResult: (a: number, b: any) => any;
    readonly revenuemonster_liveness: (a: number, b: any) => any;
    readonly revenuemonster_new: (a: any) => [number, number, number];
    readonly revenuemonster_recognizeMyKad: (a: number, b: any) => any;
    readonly startHostedFlow: (a: any) => any;
    readonly submissioniterator_next: (a: number) => any;
    readonly validateIdNumber: (a: any) => [number, number, number];
    readonly verifyMerchantWebhook: (a: any, b: any, c: any, d: any) => [number, number, number];
    readonly version: () => [number, number];
    readonly widekyc_new: (a: any) => [number, number, number];
    readonly widekyc_passiveLiveness: (a: number, b: any) => any;
    readonly widekyc_recognizeId: (a: number, b: any) => any;
    readonly widekyc_validateId: (a: number, b: any) => any;
    readonly wasm_bindgen__convert__closures_____invoke__h2962fa10a130ac74: (a: number, b: number, c: any) => [number, number];
    readonly wasm_bindgen__convert__closures_____invoke__h6cda8af42b987ece: (a: number, b: number, c: any, d: any) => void;
    readonly wasm_bindgen__convert__closures_____invoke__h0d1a618a9e457b5e: (a: number, b: number, c: any) => void;
    readonly wasm_bindgen__convert__closures_____invoke__hffa42160f07b319a: (a: number, b: number) => void;
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __wbindgen_destroy_closure: (a: number, b: number) => void;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;

declare global {
    interface SymbolConstructor {
        readonly dispose: unique symbol;
    }
}
