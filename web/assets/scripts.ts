/**
 * The only scripts: served from our origin (CSP `script-src 'self'`), plain browser JavaScript, no build step.
 *
 * Sign-in with OpenID talks to the member's homeserver with three client-server calls (login, request an
 * OpenID token, logout) using fetch. matrix-js-sdk would need a bundler and ~1 MB of script for these three
 * calls. The password field has no `name`, so it is never sent to Kindred.
 */
export const OPENID_SCRIPT = String.raw`"use strict";
(function () {
  var form = document.getElementById("openid-form");
  if (!form) return;
  document.getElementById("openid-needs-script").hidden = true;
  form.hidden = false;
  var status = document.getElementById("openid-status");
  var userField = form.querySelector("[name=user_id]");
  var hsField = document.getElementById("openid-homeserver");
  var passwordField = document.getElementById("openid-password");
  var button = form.querySelector("button[type=submit]");

  function serverOf(userId) {
    var colon = userId.indexOf(":");
    return userId.charAt(0) === "@" && colon > 1 ? userId.slice(colon + 1) : null;
  }
  function say(text) { status.textContent = text; }

  userField.addEventListener("change", function () {
    var server = serverOf(userField.value.trim());
    if (!server || hsField.value.trim() !== "") return;
    fetch("https://" + server + "/.well-known/matrix/client")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        var base = body && body["m.homeserver"] && body["m.homeserver"].base_url;
        if (typeof base === "string" && hsField.value.trim() === "") hsField.value = base.replace(/\/+$/, "");
      })
      .catch(function () { /* no well-known: the member types the address */ });
  });

  function call(base, path, token, body) {
    var headers = { "content-type": "application/json" };
    if (token) headers.authorization = "Bearer " + token;
    return fetch(base + path, { method: "POST", headers: headers, body: JSON.stringify(body || {}) }).then(function (r) {
      return r.json().then(function (json) {
        if (!r.ok) throw new Error(json && json.error ? json.error : "HTTP " + r.status);
        return json;
      });
    });
  }

  form.addEventListener("submit", function (event) {
    if (form.dataset.ready === "yes") return;
    event.preventDefault();
    var userId = userField.value.trim();
    var base = hsField.value.trim().replace(/\/+$/, "");
    if (base !== "" && !/^https?:\/\//.test(base)) base = "https://" + base;
    if (!serverOf(userId) || base === "") { say(form.dataset.msgMissing); return; }
    button.disabled = true;
    say(form.dataset.msgWorking);
    var session = null;
    call(base, "/_matrix/client/v3/login", null, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: userId },
      password: passwordField.value,
      initial_device_display_name: form.dataset.deviceName
    })
      .then(function (login) {
        session = login.access_token;
        passwordField.value = "";
        var path = "/_matrix/client/v3/user/" + encodeURIComponent(login.user_id) + "/openid/request_token";
        return call(base, path, session, {});
      })
      .then(function (openid) {
        form.querySelector("[name=access_token]").value = openid.access_token;
        form.querySelector("[name=matrix_server_name]").value = openid.matrix_server_name;
        // The temporary session has done its job: log it out before leaving the page.
        return call(base, "/_matrix/client/v3/logout", session, {}).catch(function () {});
      })
      .then(function () {
        form.dataset.ready = "yes";
        form.submit();
      })
      .catch(function (error) {
        button.disabled = false;
        say(form.dataset.msgFailed + " (" + error.message + ")");
        if (session) call(base, "/_matrix/client/v3/logout", session, {}).catch(function () {});
      });
  });
})();
`;

/** Pre-fills the profile's timezone from the browser when the member has not set one. */
export const TIMEZONE_SCRIPT = String.raw`"use strict";
(function () {
  var field = document.getElementById("timezone");
  if (!field || field.value !== "") return;
  try { field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* leave empty */ }
})();
`;
