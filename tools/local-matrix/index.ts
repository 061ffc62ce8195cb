// Real Synapse homeservers as loopback processes, for tests and the local dev stack.
export { SYNAPSE_VERSION, ensureSynapse } from "./synapse-install.ts";
export { startHomeserver } from "./homeserver.ts";
export type { HomeserverOptions, RunningHomeserver } from "./homeserver.ts";
export { registerUser } from "./register-user.ts";
export type { RegisteredUser } from "./register-user.ts";
export { freePort } from "./free-port.ts";
export { ssoCallbackUrl } from "./homeserver-config.ts";
export type { SsoProviderConfig } from "./homeserver-config.ts";
export { startOidcProvider } from "./oidc-provider.ts";
export type { OidcProviderOptions, RunningOidcProvider } from "./oidc-provider.ts";
