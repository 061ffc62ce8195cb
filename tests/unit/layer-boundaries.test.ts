import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Lints replacement text under the path of a real file of each layer, so the typed project service knows it.
const eslint = new ESLint({ cwd: new URL("../..", import.meta.url).pathname });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

// The first lint builds the typed program of the whole project: seconds alone, longer on a busy machine.
describe(
  "the lint rule that keeps dependencies pointing bin → bridge, web → bot → schema",
  { timeout: 120_000 },
  () => {
    it.each([
      [
        "bot/result.ts",
        'import { MatrixEffects } from "../bridge/matrix-effects.ts";\nexport const x = MatrixEffects;\n',
      ],
      [
        "bot/result.ts",
        'import { MatrixClient } from "@vector-im/matrix-bot-sdk";\nexport const x = MatrixClient;\n',
      ],
      ["bot/result.ts", 'import { Hono } from "hono";\nexport const x = Hono;\n'],
      ["schema/tables.ts", 'import { ok } from "../bot/result.ts";\nexport const x = ok;\n'],
      [
        "bridge/decode-event.ts",
        'import { createWebApp } from "../web/app.tsx";\nexport const x = createWebApp;\n',
      ],
      ["web/app.tsx", 'import { listen } from "../bridge/http-listener.ts";\nexport const x = listen;\n'],
      ["web/app.tsx", 'import { startKindred } from "../bin/start.ts";\nexport const x = startKindred;\n'],
    ])("refuses a wrong import in %s", async (file, code) => {
      expect(await restrictedImports(file, code)).not.toEqual([]);
    });

    it.each([
      ["bridge/decode-event.ts", 'import { ok } from "../bot/result.ts";\nexport const x = ok;\n'],
      ["web/app.tsx", 'import { ok } from "../bot/result.ts";\nexport const x = ok;\n'],
      ["bot/result.ts", 'import type { Database } from "../schema/index.ts";\nexport type X = Database;\n'],
      ["bin/start.ts", 'import { createWebApp } from "../web/app.tsx";\nexport const x = createWebApp;\n'],
    ])("allows an import along the arrows in %s", async (file, code) => {
      expect(await restrictedImports(file, code)).toEqual([]);
    });
  },
);
