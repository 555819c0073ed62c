/**
 * The layer rules of Okno (docs/ARCHITECTURE.md, "Layers"), checked by `npm run lint:layers`.
 *
 * Each rule is an allow-list: "code of layer X may import only …", written as a forbidden rule
 * whose `to.pathNot` lists what X may import, so a new import anywhere else is caught without a
 * rule naming it. Paths are relative to the repository root. The probes in test/layers/probes/
 * (one illegal import each) prove every rule catches what it should: test/layers/layer-rules.test.ts.
 */

/**
 * Code that runs anywhere (Node, the renderer, a browser): no Node, no devices, no network.
 * drivers/payment/payment-terminal.ts is the terminal interface (types only) the ZVT protocol
 * answers in.
 */
const PORTABLE = [
  '^kiosk-config/src/',
  '^drivers/(escpos|codes|hid|document|payment/zvt/protocol)/',
  '^drivers/payment/payment-terminal\\.ts$',
];
/** The React touch UI. */
const RENDERER = '^renderer/src/';
/** npm packages that run in a browser: the only ones portable code and the renderer may import. */
const PORTABLE_PACKAGES = '(^|/)node_modules/(zod|react|react-dom|scheduler)/';
/** Tests and what only tests use; they may import anything, and nothing else may import them. */
const TEST_CODE = [
  '^test/',
  '^bench/',
  '^hub/test/',
  '(^|[/-])test-support(/|\\.ts$)',
  '\\.test\\.tsx?$',
  '\\.contract\\.ts$', // a store's contract suite: run only by its stores' test files
  '(^|/)vite\\.config\\.ts$',
];
/** The renderer's stylesheet, imported by its entry and bundled by Vite. */
const STYLESHEETS = '\\.css$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'portable-imports-only-portable',
      comment:
        'kiosk-config/src and the pure driver folders (escpos, codes, hid, document, payment/zvt/protocol) run anywhere: they import only each other and browser-safe packages (zod).',
      severity: 'error',
      from: { path: PORTABLE, pathNot: TEST_CODE },
      to: { pathNot: [...PORTABLE, '(^|/)node_modules/zod/'] },
    },
    {
      name: 'renderer-imports-only-portable',
      comment:
        'The renderer imports only itself, portable code and React: devices, Node and the network are reached through the KioskApi.',
      severity: 'error',
      from: { path: RENDERER, pathNot: TEST_CODE },
      to: { pathNot: [RENDERER, ...PORTABLE, PORTABLE_PACKAGES, STYLESHEETS] },
    },
    {
      name: 'portable-no-node-builtins',
      comment: 'Portable code and the renderer import no Node module (node:fs, path, net, …).',
      severity: 'error',
      from: { path: [...PORTABLE, RENDERER], pathNot: TEST_CODE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'renderer-entry-reaches-only-portable',
      comment:
        'Nothing reachable from the renderer entry may be Node, Electron, a device package or main-side code (imports of types included: they would bring Node types into the renderer).',
      severity: 'error',
      from: { path: `${RENDERER}main\\.tsx$` },
      to: { reachable: true, pathNot: [RENDERER, ...PORTABLE, PORTABLE_PACKAGES, STYLESHEETS] },
    },
    {
      name: 'only-shell-and-preload-import-electron',
      comment: 'Only electron/shell and electron/preload import electron; everything else runs in plain Node.',
      severity: 'error',
      from: { pathNot: '^electron/(shell|preload)/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'services-not-shell-preload-or-host',
      comment:
        'electron/services is the core both hosts start: it never imports a host (electron/shell, electron/host) or the preload.',
      severity: 'error',
      from: { path: '^electron/services/' },
      to: { path: '^electron/(shell|preload|host)/' },
    },
    {
      name: 'host-not-shell-or-preload',
      comment: 'The browser host runs where no Electron is installed.',
      severity: 'error',
      from: { path: '^electron/host/', pathNot: TEST_CODE },
      to: { path: '^electron/(shell|preload)/' },
    },
    {
      name: 'preload-imports-only-the-contract',
      comment: 'The sandboxed preload exposes the contract and nothing else.',
      severity: 'error',
      from: { path: '^electron/preload/', pathNot: TEST_CODE },
      to: { pathNot: ['^electron/preload/', '^kiosk-config/src/', '(^|/)node_modules/(electron|zod)/'] },
    },
    {
      name: 'drivers-import-only-drivers',
      comment:
        'Device drivers (Node) import other drivers, kiosk-config/src, Node, and their device packages (serialport, node-hid) and zod; never the services, the hosts or the hub.',
      severity: 'error',
      from: { path: '^drivers/', pathNot: [...PORTABLE, ...TEST_CODE] },
      to: {
        pathNot: ['^drivers/', '^kiosk-config/src/', '(^|/)node_modules/(zod|serialport|@serialport|node-hid)/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'hub-imports-only-hub-and-kiosk-config',
      comment: 'The hub is a separate server: it shares only kiosk-config with the kiosk.',
      severity: 'error',
      from: { path: '^hub/', pathNot: TEST_CODE },
      to: { pathNot: ['^hub/', '^kiosk-config/', '(^|/)node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-test-code-outside-tests',
      comment: 'Test files, test support and benchmarks are imported only by tests.',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'no-circular',
      comment: 'Modules form no import cycle.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/layers/probes/', '^dist/', '^test-artifacts/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
