/** `npm run bench`: the engine benchmark, the HTTP benchmark, then reads under concurrent writes. */
import { runEngineBench } from './engine.js';
import { runHttpBench } from './http.js';
import { runLoadBench } from './load.js';

await runEngineBench();
await runHttpBench();
await runLoadBench();
