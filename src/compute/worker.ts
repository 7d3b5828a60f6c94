/** Entry of a compute worker thread (piscina calls the default export with each task). */
import { runTaskSafely, type ComputeTask } from './tasks.js';

export default function run(task: ComputeTask) {
  return runTaskSafely(task);
}
