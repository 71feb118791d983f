import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", ".data/", "reports/", "test-results/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/db/*", "**/server/services/*", "**/server/http/*", "**/server/realtime/*"],
              message: "app/ reaches the back office through context.services; import types, or server/domain/.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/**", "db/**", "test/**", "*.ts", "*.js"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["test/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["server/domain/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "The domain is pure: pass `now` in." },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: "The domain is pure: pass ids and randomness in." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "The domain is pure: pass `now` in." },
      ],
    },
  },
);
