// The KL Gateway check thread's code (check-thread.ts starts it): each delivery report, as the JSON text that goes in
// the delivery's file, is read back and checked here (validate.ts: FHIR R4, the guide's profiles, every invariant)
// while the delivering thread builds and writes the next citizens. What is checked is exactly what is written.

import { type MessagePort, workerData } from 'node:worker_threads';
import { postSignalled } from '../../../db/signalled-port.ts';
import { R4_TYPES } from './fhir-r4-schema.ts';
import { r4Problems } from './fhir-r4.ts';
import { checkedResources, type Problem, validateReport } from './validate.ts';

/** A citizen's reports to check, each the JSON text written for it; `seq` names the citizen. */
export type CheckRequest = { op: 'check'; seq: number; reports: string[] };

/** That the thread has started (its checks loaded), or one citizen's problems (per report, in order), or a fault. */
export type CheckReply = { op: 'ready' } | { op: 'checked'; seq: number; problems: Problem[][] } | { op: 'failed'; seq: number; message: string };

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

/** Posts, and wakes the delivering thread (it may be waiting). */
const reply = (message: CheckReply) => postSignalled(port, signal, message);

// the FHIR R4 validators loaded before the thread says it is ready (a first check would otherwise load them)
for (const type of R4_TYPES) r4Problems({ resourceType: type });
const checked = checkedResources();
reply({ op: 'ready' });

port.on('message', (req: CheckRequest) => {
  try {
    reply({ op: 'checked', seq: req.seq, problems: req.reports.map((text) => validateReport(JSON.parse(text), checked)) });
  } catch (e) {
    reply({ op: 'failed', seq: req.seq, message: (e as Error).message ?? String(e) });
  }
});
