/** What an authorize request asked for; carried through the page's form to the decision. */
export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly nonce: string;
  readonly codeChallenge: string;
  readonly scope: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The test identity provider's sign-in page: type a username, sign in as that user, or cancel. */
export function authorizePage(name: string, request: AuthorizeRequest, error?: string): string {
  const hidden = (field: string, value: string) =>
    `<input type="hidden" name="${field}" value="${escape(value)}">`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · ${escape(name)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 26rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input[type=text] { width: 100%; font: inherit; padding: .5rem; box-sizing: border-box; }
button { font: inherit; padding: .6rem 1rem; margin: 1rem .5rem 0 0; }
.error { color: #8a1c1c; }
</style>
</head>
<body>
<main>
<h1>${escape(name)}</h1>
<p>A test identity provider: whoever types a username here is that user.</p>
${error === undefined ? "" : `<p class="error" role="alert">${escape(error)}</p>`}
<form method="post" action="/authorize">
${hidden("client_id", request.clientId)}
${hidden("redirect_uri", request.redirectUri)}
${hidden("response_type", "code")}
${hidden("state", request.state)}
${hidden("nonce", request.nonce)}
${hidden("code_challenge", request.codeChallenge)}
${hidden("code_challenge_method", "S256")}
${hidden("scope", request.scope)}
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" autofocus>
<button type="submit" name="action" value="approve">Sign in as this user</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
</main>
</body>
</html>`;
}
