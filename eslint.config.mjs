import nx from '@nx/eslint-plugin';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Module boundaries (docs/architecture.md): an app imports shared libs and nothing of another app; a lib never
// imports an app; the stand-ins (type:testing) are for tests and the dev launcher only.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  // Tooling (the dev launcher, benchmarks, Compose checks) may use any lib and the stand-ins.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  // Integration tests of the libs run them with the stand-ins and helpers of libs/testing.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
  // The addon's own tests read what it writes with the platform's parser.
  { sourceTag: 'type:addon', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...['gateway', 'auth', 'identity', 'guild-sync', 'discord-bot', 'campaigns', 'companion', 'web', 'addon'].map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: ['scope:shared', `scope:${scope}`],
  })),
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.data', '**/tmp', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, banTransitiveDependencies: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }],
      // A logger is named by what it logs for, so its name cannot drift from the code's.
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name=/Logger$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
          message: 'Name a logger by its class (or function): new Logger(X.name).',
        },
      ],
    },
  },
  {
    // The web app runs in the browser: of the workspace it may load only @patt/wow and the
    // contracts' rank rules (@patt/contracts/rules) at run time, and the contracts' API types as
    // types (apps/web/tsconfig.json narrows them to those); no Node.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: ['apps/web/src/test/**', 'apps/web/src/**/*.spec.ts', 'apps/web/src/**/*.spec.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The web app runs in the browser: no Node modules.' },
            {
              group: ['@patt/*', '!@patt/wow', '!@patt/contracts', '@patt/contracts/*', '!@patt/contracts/rules'],
              message: 'The web app may use @patt/wow, @patt/contracts/rules, and types of @patt/contracts; the other libs are for Node services.',
            },
          ],
          paths: [{ name: '@patt/contracts', allowTypeImports: true, message: 'Import contracts with `import type`: the web app needs no Node code.' }],
        },
      ],
    },
  },
  {
    // The web app's components: the rules of hooks, and the accessibility rules (labels, roles,
    // keyboard handlers) that a screen-reader and keyboard user depends on.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.strict.rules,
    },
  },
  {
    // Benchmarks and the Compose checks measure and read the apps' internals in place.
    files: ['tools/bench/**/*.ts', 'tools/docker/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts', 'tools/**/*.ts', 'libs/integration-tests/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
