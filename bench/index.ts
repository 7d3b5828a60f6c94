/** `npm run bench`: the engine, the HTTP on-call route, feeds, then reads under concurrent writes. */
import { runEngineBench } from './engine.js';
import { runFeedBench } from './feeds.js';
import { runHttpBench } from './http.js';
import { runLoadBench } from './load.js';

await runEngineBench();
await runHttpBench();
await runFeedBench();
await runLoadBench();
