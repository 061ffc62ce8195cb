import { MATRIX_CALLS } from "./matrix-calls-script.ts";

/**
 * The return page of single sign-on (web/pages/sign-in-sso.tsx). The homeserver sends the member here with
 * `?state=…&loginToken=…`. Before anything else the script takes the token out of the address bar and the
 * history. Then it checks the state against the attempt this tab started (so a link someone else made cannot
 * sign the member in as them), exchanges the token with the homeserver that attempt named (never one from
 * the URL) via `m.login.token`, and continues exactly like the password way (`proveAndSubmit`). Anything that
 * goes wrong sends the member back to /sign-in with a reason, where the other ways are offered.
 */
export const SSO_RETURN_SCRIPT = String.raw`"use strict";
(function () {
  var params = new URLSearchParams(location.search);
  history.replaceState(null, "", location.pathname);
  var form = document.getElementById("sso-return-form");
  if (!form) return;
  ${MATRIX_CALLS}
  var MAX_AGE_MS = 15 * 60 * 1000;
  document.getElementById("sso-needs-script").hidden = true;
  document.getElementById("sso-return-status").textContent = form.dataset.msgWorking;

  function fail(reason) { location.replace("/sign-in?error=" + reason); }

  var pending = readStored(PENDING_SSO, false);
  var token = params.get("loginToken");
  if (
    !pending || typeof pending.state !== "string" || pending.state !== params.get("state") ||
    typeof pending.base !== "string" || typeof pending.userId !== "string" ||
    !(Date.now() - pending.at < MAX_AGE_MS)
  ) return fail("sso_not_started");
  if (!token) return fail("sso_no_token");

  call(pending.base, "/_matrix/client/v3/login", null, {
    type: "m.login.token",
    token: token,
    initial_device_display_name: form.dataset.deviceName
  })
    .then(function (login) {
      form.querySelector("[name=user_id]").value = pending.userId;
      readStored(LAST_SSO, false);
      return proveAndSubmit(form, pending.base, login);
    })
    .catch(function (error) { fail(error.unreachable ? "sso_unreachable" : "sso_refused"); });
})();
`;
