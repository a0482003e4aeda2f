/**
 * The lab runtime's backends in Node: TensorFlow.js' CPU backend (no WebGL to lose), for the
 * runtime's unit tests. The lab page uses `webglPlatform` (webview/lab/runtime/backendChoice.ts).
 */
import { useBackend } from '../../src/engine/backend';
import type { BackendPlatform } from '../../webview/lab/runtime/backendPlatform';

export const cpuPlatform: BackendPlatform = {
  async start(_choice, source, words) {
    await useBackend('cpu', { quiet: true });
    return {
      name: 'cpu',
      renderer: '',
      softwareRenderer: false,
      reason: words.chosen('CPU', source),
    };
  },
  async fallback() {
    await useBackend('cpu', { quiet: true });
    return 'cpu';
  },
  watchContextLoss: () => () => {},
  contextLost: () => false,
};
