// The JS class behind every error the SDK throws. It lives in JS (not in Rust) so that it is a real
// `Error` subclass: `instanceof Error`, a stack trace, `cause`. Rust constructs it through the import in
// `bindings/error.rs`; the package entry points re-export it (see pkg-template/).
export class EkycError extends Error {
  constructor(code, message, retryable, details) {
    super(message, details && details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = "EkycError";
    this.code = code;
    this.retryable = retryable;
    if (details) {
      for (const key of ["provider", "httpStatus", "providerCode"]) {
        if (details[key] !== undefined && details[key] !== null) this[key] = details[key];
      }
    }
  }
}

export function ekycErrorClass() {
  return EkycError;
}
