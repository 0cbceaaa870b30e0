/**
 * Entry of eval.html: a page without the editor, where the evaluation command and the
 * generator benchmark run the studio's own decoder, generator node and trainer in the browser.
 * It picks its tfjs backend from `?backend=` (then webgpu → webgl → cpu, as the app does) and
 * publishes `window.__eval`; the node side calls it through Playwright.
 */
import * as tf from '@tensorflow/tfjs';
import { isBackendName, selectBackend, errorMessage } from '../../src/core';
import type { EvalPageHandle } from './eval-types';
import { benchGenerator } from './generator-bench';
import { compareArchitectures } from './multiscale-compare';
import { EvalSession } from './run-eval';

const status = document.getElementById('status');

/** Progress goes to the node side when it listens, else to the console. */
async function log(line: string): Promise<void> {
  if (window.__evalProgress) await window.__evalProgress(line);
  else console.log(line);
}

async function start(): Promise<void> {
  const asked = new URLSearchParams(location.search).get('backend');
  const choice = await selectBackend(tf, isBackendName(asked) ? asked : undefined);
  let session: EvalSession | undefined;
  const handle: EvalPageHandle = {
    backend: choice.backend,
    skipped: choice.skipped,
    prepare: async (request) => {
      session = await EvalSession.prepare(tf, request, log);
      return session.prepared;
    },
    evaluateModel: (feedbackPairs) => {
      if (!session) throw new Error('prepare a clip before evaluating a model');
      return session.evaluateModel(feedbackPairs, log);
    },
    benchmark: (benchCase) => benchGenerator(tf, benchCase),
  };
  window.__eval = handle;
  window.__evalArchitectures = {
    compare: (architectures) => {
      if (!session) throw new Error('prepare a clip before comparing architectures');
      return compareArchitectures(session.inputs, architectures, log);
    },
  };
  if (status) status.textContent = `Ready on ${choice.backend}.`;
}

start().catch((error: unknown) => {
  const message = errorMessage(error);
  if (status) {
    status.textContent = message;
    status.dataset['failed'] = '';
  }
});
