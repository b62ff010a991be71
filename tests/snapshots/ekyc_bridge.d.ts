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
 * AML risk level.
 */
export type RiskLevel = "high" | "medium" | "low" | "none";

/**
 * Anti-money-laundering screening.
 */
export interface Aml {
    flagged: boolean;
    riskLevel: RiskLevel | null;
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
 * Options of `normalize`.
 */
export interface NormalizeOptions {
    /**
     * The call the response came from (WideKYC: `"passive-liveness"`, `"id-recognize"`, `"id-validation"`;
     * Revenue Monster: `"get-ekyc-result"` (default), `"face-compare"`, `"get-mykad-result"`).
     */
    endpoint?: string;
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
 * The stable machine-readable code of an [`EkycError`]. The serialized names are the public contract
 * (API.md §6): add variants freely, never rename one.
 */
export type ErrorCode = "invalid_input" | "image_decode" | "image_unsupported" | "image_too_large" | "image_too_small" | "image_cannot_fit" | "camera_permission_denied" | "camera_not_found" | "camera_in_use" | "camera_insecure_context" | "camera_unsupported" | "camera_overconstrained" | "network" | "timeout" | "http_status" | "unauthorized" | "quota_exceeded" | "malformed_response" | "secret_in_browser" | "state_mismatch" | "webhook_unauthenticated" | "internal";

/**
 * Why a verification was not approved, provider-neutral.
 */
export type ReasonCode = "document_not_found" | "face_not_found" | "face_mismatch" | "liveness_failed" | "document_tampered" | "image_quality" | "data_mismatch" | "number_not_found" | "number_invalid" | "identity_blocked" | "identity_deceased" | "underage" | "duplicate" | "document_expired" | "aml_hit" | "user_timeout" | "user_cancelled" | "retry_limit" | "quota_exceeded" | "product_not_activated" | "unauthorized" | "not_found" | "provider_error" | "other";

/**
 * `male` / `female`; anything else the provider says becomes `null` on the person.
 */
export type Gender = "male" | "female";


/**
 * Turns a provider's parsed JSON response body into one `Verification`.
 *
 * Throws `EkycError` `malformed_response` when `response` is not an object or a required field has the wrong
 * type, and `invalid_input` for an unknown provider, endpoint or option.
 */
export function normalize(provider: ProviderId, response: unknown, options: NormalizeOptions | undefined): Verification;

/**
 * The package version, e.g. `"0.1.0"`.
 */
export function version(): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly __ekycErrorClass: () => any;
    readonly normalize: (a: number, b: number, c: any, d: any) => [number, number, number];
    readonly version: () => [number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
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
