// Layering rules of the repository (docs/architecture.md "Layers"), checked in CI by `npm run lint:deps`.
// Test files and testing/ folders may reach across a feature (an integration test builds the app), so
// the direction rules below look only at production code; cycles are forbidden everywhere.
const production = { pathNot: ['\\.test\\.tsx?$', '/testing/'] }
const features =
  '^server/(station|simulation|recorder|stream|tls|auth|metrics|events|instruments|control|twin|publish|alarms|openapi|lab-metrics)/'

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'pure-engine-and-contract',
      comment: 'server/sim and server/contract are pure: zod and each other only (no Node, no I/O).',
      severity: 'error',
      from: { path: '^server/(sim|contract)/', ...production },
      to: { pathNot: ['^server/(sim|contract)/', '^node_modules/zod/'] },
    },
    {
      name: 'contract-depends-on-nothing',
      comment: 'The contract is shared with the browser: zod only.',
      severity: 'error',
      from: { path: '^server/contract/' },
      to: { pathNot: ['^server/contract/', '^node_modules/zod/'] },
    },
    {
      name: 'server-not-electron-or-renderer',
      comment: 'The core runs headless under plain Node: no electron, no shell, no UI code.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: ['^node_modules/electron/', '^electron/', '^renderer/'] },
    },
    {
      name: 'logger-created-by-entry-points',
      comment: 'Only the CLI entry point creates electron-log; the core receives a Logger.',
      severity: 'error',
      from: { path: '^server/', pathNot: '^server/cli/' },
      to: { path: '^node_modules/electron-log/' },
    },
    {
      name: 'features-not-into-http',
      comment: 'Features own their routes; http/ is transport the composition root assembles.',
      severity: 'error',
      from: { path: features, pathNot: [...production.pathNot, '^server/station/'] },
      to: { path: '^server/http/' },
    },
    {
      name: 'http-not-into-features',
      comment: 'http/ knows access control (auth) and nothing of the features it serves.',
      severity: 'error',
      from: { path: '^server/http/', ...production },
      to: { path: features, pathNot: '^server/auth/' },
    },
    {
      name: 'foundations-not-into-features',
      comment: 'config, store, secrets, sim, contract and the shared kernel files sit below every feature.',
      severity: 'error',
      from: {
        path: ['^server/(config|store|secrets|sim|contract)/', '^server/[^/]+\\.ts$'],
        pathNot: ['^server/index\\.ts$', ...production.pathNot],
      },
      to: { path: [features, '^server/(http|cli)/'] },
    },
    {
      name: 'only-the-root-builds-features',
      comment: 'Features talk over the event bus and ports the root wires, never into station/.',
      severity: 'error',
      from: { path: features, pathNot: ['^server/station/', ...production.pathNot] },
      to: { path: '^server/station/' },
    },
    {
      name: 'cli-through-the-public-api',
      comment: 'Nothing imports the CLI but its own tests; it is an entry point.',
      severity: 'error',
      from: { pathNot: ['^server/cli/', '^integration/cli/'] },
      to: { path: '^server/cli/' },
    },
    {
      name: 'electron-only-index-and-contract',
      comment: 'The desktop shell sees the core only through server/index.ts and server/contract.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^server/', pathNot: ['^server/index\\.ts$', '^server/contract/'] },
    },
    {
      name: 'renderer-only-contract',
      comment: 'The UI talks to the station over HTTPS/WSS; it shares only the contract.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^server/', '^electron/'], pathNot: '^server/contract/' },
    },
    {
      name: 'nothing-into-electron-or-e2e',
      severity: 'error',
      from: { pathNot: ['^electron/', '^e2e/'] },
      to: { path: ['^electron/', '^e2e/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
}
