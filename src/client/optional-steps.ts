/**
 * The modules of the pipeline's optional steps (the OpenAPI contract, the HAR recording, the
 * parity comparison), loaded by the first test app that uses one, then kept: a suite that uses
 * none of them never loads them.
 */
type Contract = typeof import('../contracts/openapi/hooks.js');
type Recording = typeof import('../recording/har-recorder.js');
type ParityModule = typeof import('../parity/parity.js');

/** Which optional steps a test app needs. */
export interface OptionalStepNeeds {
  readonly contract: boolean;
  readonly recording: boolean;
  readonly parity: boolean;
}

interface LoadedSteps {
  contract?: Contract;
  recording?: Recording;
  parity?: ParityModule;
}

const loaded: LoadedSteps = {};
const loading: { [K in keyof LoadedSteps]?: Promise<void> } = {};

function load<K extends keyof LoadedSteps>(key: K, importer: () => Promise<NonNullable<LoadedSteps[K]>>): Promise<void> {
  return (loading[key] ??= importer().then((module) => {
    loaded[key] = module;
  }));
}

/**
 * Loads what `needs` asks for and is not loaded yet; undefined when nothing is missing (the
 * test app is configured at once, as without any optional step).
 *
 * @example
 * await loadOptionalSteps({ contract: true, recording: false, parity: false });
 * optionalSteps().contract!.openApiHooks({ openapi: './openapi.yaml', validateRequests: false, coverageDir: undefined });
 */
export function loadOptionalSteps(needs: OptionalStepNeeds): Promise<void> | undefined {
  const pending: Array<Promise<void>> = [];
  if (needs.contract && !loaded.contract) pending.push(load('contract', () => import('../contracts/openapi/hooks.js')));
  if (needs.recording && !loaded.recording) pending.push(load('recording', () => import('../recording/har-recorder.js')));
  if (needs.parity && !loaded.parity) pending.push(load('parity', () => import('../parity/parity.js')));
  return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
}

/**
 * The optional steps' modules loaded so far (each one a test app needs is, once
 * {@link loadOptionalSteps} has settled).
 *
 * @example
 * const { recording } = optionalSteps();
 */
export function optionalSteps(): Readonly<LoadedSteps> {
  return loaded;
}
