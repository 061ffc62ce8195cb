import type { inject } from "vitest";
import { freePort } from "../../tools/local-matrix/index.ts";
import { startTestKindred, type KindredUnderTest } from "./kindred-under-test.ts";
import { TestVisitor } from "./web-harness.ts";

/**
 * Kindred on hs1 with its web pages, allowed (as test config only) to check tokens on loopback homeservers.
 * `publicHost: "localhost"` puts its pages on another site than the homeservers (127.0.0.1), as in production.
 */
export async function startWebKindred(
  matrix: ReturnType<typeof inject<"matrix">>,
  options: { readonly publicHost?: string; readonly config?: Readonly<Record<string, unknown>> } = {},
): Promise<KindredUnderTest> {
  const port = await freePort();
  return startTestKindred(matrix, {
    config: {
      web: {
        bind: "127.0.0.1",
        port,
        ...(options.publicHost === undefined ? {} : { public_url: `http://${options.publicHost}:${port}/` }),
        openid: { allow_private_addresses: true, accept_invalid_certificates: true },
      },
      ...options.config,
    },
  });
}

export function realVisitor(kindred: KindredUnderTest): TestVisitor {
  const origin = new URL(kindred.config.web.publicUrl).origin;
  return new TestVisitor((url, init) => fetch(url, { ...init, redirect: "manual" }), origin);
}
