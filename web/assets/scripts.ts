import { MATRIX_CALLS } from "./matrix-calls-script.ts";

/**
 * The only scripts: served from our origin (CSP `script-src 'self'`), plain browser JavaScript, no build step.
 *
 * Sign-in with OpenID talks to the member's homeserver with a few client-server calls (the login flows it
 * offers, login, request an OpenID token, logout) using fetch. matrix-js-sdk would need a bundler and ~1 MB
 * of script for these calls. The password field has no `name`, so it is never sent to Kindred.
 *
 * When the homeserver offers single sign-on (`m.login.sso`), one button per identity provider it lists (or one
 * for its own page) sends the browser to `/login/sso/redirect[/{idpId}]`, with our return page
 * (web/assets/sso-return-script.ts) as `redirectUrl` and a random state that page checks.
 */
export const OPENID_SCRIPT = String.raw`"use strict";
(function () {
  var form = document.getElementById("openid-form");
  if (!form) return;
  ${MATRIX_CALLS}
  document.getElementById("openid-needs-script").hidden = true;
  form.hidden = false;
  var status = document.getElementById("openid-status");
  var userField = form.querySelector("[name=user_id]");
  var hsField = document.getElementById("openid-homeserver");
  var passwordField = document.getElementById("openid-password");
  var passwordPart = document.getElementById("openid-password-part");
  var button = document.getElementById("openid-password-button");
  var ssoOptions = document.getElementById("sso-options");
  var ssoProviders = document.getElementById("sso-providers");
  var ssoOrPassword = document.getElementById("sso-or-password");
  var codeUserField = document.getElementById("code-user");
  var flowsBase = null;
  var passwordOffered = true;

  function serverOf(userId) {
    var colon = userId.indexOf(":");
    return userId.charAt(0) === "@" && colon > 1 ? userId.slice(colon + 1) : null;
  }
  function say(text) { status.textContent = text; }
  function homeserverBase() {
    var base = hsField.value.trim().replace(/\/+$/, "");
    if (base !== "" && !/^https?:\/\//.test(base)) base = "https://" + base;
    return base;
  }

  function showPassword(offered) {
    passwordOffered = offered;
    passwordPart.hidden = !offered;
    button.hidden = !offered;
    passwordField.required = offered;
  }

  function ssoButton(text, idpId) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "secondary";
    b.textContent = text;
    b.addEventListener("click", function () { startSso(idpId); });
    return b;
  }

  function showSso(flow) {
    ssoProviders.textContent = "";
    ssoOptions.hidden = !flow;
    if (!flow) return;
    var listed = Array.isArray(flow.identity_providers) ? flow.identity_providers : [];
    var providers = listed.filter(function (p) {
      return p && typeof p.id === "string" && p.id !== "" && typeof p.name === "string" && p.name !== "";
    }).slice(0, 12);
    if (providers.length === 0) ssoProviders.appendChild(ssoButton(form.dataset.msgSsoGeneric, null));
    providers.forEach(function (p) {
      // A function, so "$&" and the like in a provider's name stay as they are.
      var text = form.dataset.msgSsoWith.replace("{provider}", function () { return p.name.slice(0, 80); });
      ssoProviders.appendChild(ssoButton(text, p.id));
    });
  }

  // Which ways of logging in the homeserver offers: password, single sign-on, or both.
  function loadFlows() {
    var base = homeserverBase();
    if (base === flowsBase) return;
    flowsBase = base;
    showSso(null);
    showPassword(true);
    if (base === "") return;
    fetch(base + "/_matrix/client/v3/login")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (base !== flowsBase) return; // the member typed another address meanwhile
        var flows = body && Array.isArray(body.flows) ? body.flows : [];
        var sso = flows.filter(function (f) { return f && f.type === "m.login.sso"; })[0] || null;
        showSso(sso);
        showPassword(!sso || flows.some(function (f) { return f && f.type === "m.login.password"; }));
        ssoOrPassword.hidden = !passwordOffered;
      })
      .catch(function () { /* unknown: the password way stays, and says what failed if tried */ });
  }

  function startSso(idpId) {
    var userId = userField.value.trim();
    var base = flowsBase;
    if (!serverOf(userId) || !base) { say(form.dataset.msgMissing); return; }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var state = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    try {
      sessionStorage.setItem(PENDING_SSO, JSON.stringify({ state: state, base: base, userId: userId, at: Date.now() }));
      sessionStorage.setItem(LAST_SSO, JSON.stringify({ base: base, userId: userId }));
    } catch (e) {
      say(form.dataset.msgFailed + " (" + e.message + ")");
      return;
    }
    say(form.dataset.msgSsoGoing);
    var back = location.origin + "/sign-in/sso/return?state=" + state;
    location.assign(
      base + "/_matrix/client/v3/login/sso/redirect" + (idpId ? "/" + encodeURIComponent(idpId) : "") +
        "?redirectUrl=" + encodeURIComponent(back)
    );
  }

  function findHomeserver() {
    var server = serverOf(userField.value.trim());
    if (!server || hsField.value.trim() !== "") return;
    fetch("https://" + server + "/.well-known/matrix/client")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        var base = body && body["m.homeserver"] && body["m.homeserver"].base_url;
        if (typeof base === "string" && hsField.value.trim() === "") {
          hsField.value = base.replace(/\/+$/, "");
          loadFlows();
        }
      })
      .catch(function () { /* no well-known: the member types the address */ });
  }

  userField.addEventListener("change", findHomeserver);
  var typing = null;
  hsField.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(loadFlows, 400);
  });
  hsField.addEventListener("change", loadFlows);

  // Back from the homeserver's page without finishing (cancelled, or the Back button): say so, and offer the
  // fields again. pageshow also runs when the browser restores this page from its back-forward cache.
  window.addEventListener("pageshow", function () {
    if (readStored(PENDING_SSO, false)) {
      document.getElementById("sso-incomplete").hidden = false;
      say("");
      flowsBase = null;
    }
    var last = readStored(LAST_SSO, true);
    if (last && typeof last.userId === "string" && typeof last.base === "string") {
      if (userField.value === "") userField.value = last.userId;
      if (codeUserField && codeUserField.value === "") codeUserField.value = last.userId;
      if (hsField.value === "") hsField.value = last.base;
    }
    loadFlows();
  });

  form.addEventListener("submit", function (event) {
    if (form.dataset.ready === "yes") return;
    event.preventDefault();
    if (!passwordOffered) return; // single sign-on only: its buttons start it
    var userId = userField.value.trim();
    var base = homeserverBase();
    if (!serverOf(userId) || base === "") { say(form.dataset.msgMissing); return; }
    button.disabled = true;
    say(form.dataset.msgWorking);
    call(base, "/_matrix/client/v3/login", null, {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: userId },
      password: passwordField.value,
      initial_device_display_name: form.dataset.deviceName
    })
      .then(function (login) {
        passwordField.value = "";
        return proveAndSubmit(form, base, login);
      })
      .catch(function (error) {
        button.disabled = false;
        say(form.dataset.msgFailed + " (" + error.message + ")");
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
