// The compute worker's entry when Rota runs from TypeScript sources (tests, npm run dev): Node 20
// does not carry tsx's loader into worker threads, so the worker registers it before loading
// the TypeScript module that does the work. Compiled (npm start), the pool loads worker.js itself.
import { register } from 'tsx/esm/api';

register();
const { default: run } = await import('./worker.ts');
export default run;
