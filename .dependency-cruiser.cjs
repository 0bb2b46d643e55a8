// `pnpm check:cycles` (first half): import rules between the files of apps/*/src and packages/*/src.
// Parsed with swc: TypeScript 7 has no compiler API for dependency-cruiser's own TS parser.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A file must not import one that imports it back, directly or through others. Type-only ' +
        'imports (`import type`, or every name imported with `type`) are erased at run time and not counted.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'testing-only-from-tests',
      severity: 'error',
      comment:
        'Test helpers (src/testing/, exported as @praxis/<pkg>/testing) are imported by tests and ' +
        'other test helpers only, so nothing test-only reaches a start path.',
      from: { pathNot: ['\\.test\\.tsx?$', '/src/testing/'] },
      to: { path: '^(apps|packages)/[^/]+/src/testing/' },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    // Workspace packages resolve through their package.json `exports` to their TypeScript source.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
