// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Folders a layer must not import, so dependencies point bin → bridge, web → bot → schema. */
const layers = {
  schema: { folders: ["bot", "bridge", "web", "bin", "tools"], packages: [] },
  bot: {
    folders: ["bridge", "web", "bin", "tools"],
    packages: [
      "@vector-im/matrix-bot-sdk",
      "matrix-bot-sdk",
      "matrix-js-sdk",
      "hono",
      "@hono/*",
      "better-sqlite3",
      "pg",
    ],
  },
  bridge: { folders: ["web", "bin", "tools"], packages: [] },
  web: {
    folders: ["bridge", "bin", "tools"],
    packages: ["@vector-im/matrix-bot-sdk", "matrix-bot-sdk", "matrix-js-sdk"],
  },
};

/** @param {keyof typeof layers} layer */
function boundary(layer) {
  const { folders, packages } = layers[layer];
  return {
    files: [`${layer}/**/*.ts`, `${layer}/**/*.tsx`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...folders.map((folder) => ({
              group: [`**/${folder}/*`, `**/${folder}`],
              message: `${layer}/ must not import ${folder}/: dependencies point bin → bridge, web → bot → schema (docs/ARCHITECTURE.md).`,
            })),
            ...packages.map((name) => ({
              group: [name, `${name}/*`],
              message: `${layer}/ must not depend on ${name}: it belongs to another layer (docs/ARCHITECTURE.md).`,
            })),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ["node_modules/", ".cache/", "data/", "tools/no-native-crypto/"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["eslint.config.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Every listener and handler must catch its own errors: an unawaited promise is how they escape.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  boundary("schema"),
  boundary("bot"),
  boundary("bridge"),
  boundary("web"),
);
