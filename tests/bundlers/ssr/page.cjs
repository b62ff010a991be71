// The same page module, compiled to CommonJS (as older server bundles are).
const { EkycError, parseRedirect, startHostedFlow, version } = require("ekyc-bridge/browser");

exports.render = (url) => `<main data-sdk="${version()}"><p>${parseRedirect(url).claimed}</p></main>`;
exports.browserOnly = { startHostedFlow: () => startHostedFlow({ provider: "maschain", backendUrl: "/kyc/sessions" }) };
exports.EkycError = EkycError;
