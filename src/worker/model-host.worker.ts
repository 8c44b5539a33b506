/// <reference lib="webworker" />
import { ModelHost } from './model-host.ts';
import { coreEngine } from './core-engine.ts';
import type { Reply, Request } from './protocol.ts';

/** The Web Worker entry: messages in, replies out; all logic lives in ModelHost. */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = new ModelHost(coreEngine(), (reply: Reply) => scope.postMessage(reply));
scope.addEventListener('message', (e: MessageEvent<Request>) => host.handle(e.data));
