// The worker's env bindings for the local sandbox (sandbox/, `ekyc-sandbox`): every provider's base URL under
// the sandbox's per-provider path prefix, and the fake credentials of sandbox/credentials.json. Used by
// `make demo` (scripts/demo.mjs) and the end-to-end stack (tests/helpers/stack.mjs). A real deployment sets
// the same names with `wrangler secret put` / `[vars]` instead (README.md).

/**
 * @param {{ sandboxUrl: string, credentials: object, workerUrl: string, allowedOrigins: string[],
 *           merchant?: { apiKey: string, webhookUrl?: string, webhookSecret?: string },
 *           argosEncryption?: "gcm" | "ecb" | null, perAddressLimit?: number }} o
 */
export function sandboxBindings({ sandboxUrl, credentials: c, workerUrl, allowedOrigins, merchant = null, argosEncryption = "gcm", perAddressLimit = null }) {
  const s = sandboxUrl.replace(/\/+$/, "");
  return {
    ALLOWED_ORIGINS: allowedOrigins.join(","),
    PUBLIC_URL: workerUrl.replace(/\/+$/, ""),
    ...(merchant?.apiKey ? { MERCHANT_API_KEY: merchant.apiKey } : {}),
    ...(merchant?.webhookUrl ? { MERCHANT_WEBHOOK_URL: merchant.webhookUrl, MERCHANT_WEBHOOK_SECRET: merchant.webhookSecret } : {}),
    ...(perAddressLimit ? { RATE_LIMIT_PER_ADDRESS: String(perAddressLimit) } : {}),

    MASCHAIN_BASE_URL: `${s}/maschain`,
    MASCHAIN_CLIENT_ID: c.maschain.clientId,
    MASCHAIN_CLIENT_SECRET: c.maschain.clientSecret,

    ADVANCE_BASE_URL: `${s}/advance-ai`,
    ADVANCE_ACCESS_KEY: c.advanceAi.accessKey,
    ADVANCE_SECRET_KEY: c.advanceAi.secretKey,

    RM_API_URL: `${s}/revenue-monster/v3/service`,
    RM_OAUTH_URL: `${s}/revenue-monster/v1/token`,
    RM_CLIENT_ID: c.revenueMonster.clientId,
    RM_CLIENT_SECRET: c.revenueMonster.clientSecret,
    RM_PRIVATE_KEY: c.revenueMonster.merchantPrivateKeyPem,
    // The key the sandbox signs its notify_url posts with, as Revenue Monster's public key.
    RM_PUBLIC_KEY: c.revenueMonster.sandboxPublicKeyPem,

    ARGOS_BASE_URL: `${s}/argos/v3`,
    ARGOS_API_KEY: c.argos.apiKey,
    ...(argosEncryption ? { ARGOS_SECRET_KEY: c.argos.secretKey, ARGOS_ENCRYPTION: argosEncryption } : {}),
    ARGOS_FORM_URL: `${s}/argos/liveform`,
    ARGOS_PROJECT_ID: "sandbox-project",

    WIDEKYC_BASE_URL: `${s}/widekyc`,
    WIDEKYC_TOKEN: c.widekyc.token,
  };
}
