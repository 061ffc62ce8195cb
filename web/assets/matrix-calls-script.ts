/**
 * Browser JavaScript shared by both ways of signing in with the member's homeserver (password, single
 * sign-on): pasted into each script's function scope, so the scripts stay plain files with no loader.
 *
 * - `call` POSTs to the homeserver's client-server API; a failure carries `unreachable` when the homeserver
 *   could not be reached (network error or a 5xx from its proxy) rather than refusing.
 * - `proveAndSubmit` takes a fresh login, asks for an OpenID token, logs that temporary session out again,
 *   and submits the form (`access_token`, `matrix_server_name`) to Kindred, which checks it over federation.
 * - Single sign-on remembers, in this tab's sessionStorage only, the attempt it started (`PENDING_SSO`: a
 *   random state, the homeserver, the claimed Matrix ID, when) and the last fields (`LAST_SSO`) to fill in
 *   again if it fails. Neither leaves the browser.
 */
export const MATRIX_CALLS = String.raw`
  var PENDING_SSO = "kindred.sso.pending";
  var LAST_SSO = "kindred.sso.last";

  function readStored(key, keep) {
    try {
      var value = JSON.parse(sessionStorage.getItem(key) || "null");
      if (!keep) sessionStorage.removeItem(key);
      return value && typeof value === "object" ? value : null;
    } catch (e) { return null; }
  }

  function call(base, path, token, body) {
    var headers = { "content-type": "application/json" };
    if (token) headers.authorization = "Bearer " + token;
    return fetch(base + path, { method: "POST", headers: headers, body: JSON.stringify(body || {}) }).then(
      function (r) {
        return r.json().catch(function () { return null; }).then(function (json) {
          if (r.ok && json) return json;
          var error = new Error(json && json.error ? json.error : "HTTP " + r.status);
          error.unreachable = r.status >= 500;
          throw error;
        });
      },
      function (cause) {
        var error = new Error(cause && cause.message ? cause.message : "network error");
        error.unreachable = true;
        throw error;
      }
    );
  }

  function proveAndSubmit(form, base, login) {
    var session = login.access_token;
    var logout = function () { return call(base, "/_matrix/client/v3/logout", session, {}).catch(function () {}); };
    var path = "/_matrix/client/v3/user/" + encodeURIComponent(login.user_id) + "/openid/request_token";
    return call(base, path, session, {}).then(
      function (openid) {
        form.querySelector("[name=access_token]").value = openid.access_token;
        form.querySelector("[name=matrix_server_name]").value = openid.matrix_server_name;
        // The temporary session has done its job: log it out before leaving the page.
        return logout().then(function () {
          form.dataset.ready = "yes";
          form.submit();
        });
      },
      function (error) {
        logout();
        throw error;
      }
    );
  }
`;
