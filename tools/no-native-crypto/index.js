"use strict";
// matrix-bot-sdk imports this package for its optional native E2EE. Kindred never uses that path
// (its E2EE runs on matrix-js-sdk's WASM crypto), so importing succeeds and any use fails loudly.
const message =
  "@matrix-org/matrix-sdk-crypto-nodejs is not installed in Kindred: matrix-bot-sdk's native crypto is disabled; " +
  "Kindred's end-to-end encryption goes through matrix-js-sdk's Rust crypto (WASM).";
function unavailable() {
  throw new Error(message);
}
module.exports = new Proxy(
  {},
  {
    get(_target, property) {
      if (property === "__esModule") return false;
      if (property === "then") return undefined;
      return unavailable;
    },
  },
);
