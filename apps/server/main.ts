import { EnvironmentError, loadEnvironment } from '../../core/config/environment.js';
import { loadEnvironmentFile } from '../../core/config/load-environment-file.js';
import { readEvictionPolicy } from '../../core/redis/read-eviction-policy.js';
import { startAgentWorker } from '../worker/start-agent-worker.js';
import { appRoutes } from './app-routes.js';
import { createAppContext } from './create-app-context.js';
import { createServer } from './create-server.js';

/**
 * `npm start`: one process serving HTTP and running the agent worker (SWITCHYARD_ROLE=all). Role `web`
 * serves HTTP only; role `worker` runs the worker with only the health endpoints on HTTP.
 */
async function main(): Promise<void> {
  loadEnvironmentFile();
  let environment: ReturnType<typeof loadEnvironment>;
  try {
    environment = loadEnvironment();
  } catch (error) {
    if (error instanceof EnvironmentError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const context = createAppContext(environment);
  const eviction = await readEvictionPolicy(context.redis).catch(() => undefined);
  if (eviction?.warning) context.logger.warn({ maxmemoryPolicy: eviction.policy }, eviction.warning);
  const role = environment.SWITCHYARD_ROLE;
  const server = await createServer(context, role === 'worker' ? [] : appRoutes);
  const worker = role === 'web' ? undefined : startAgentWorker(context);
  await server.listen({ port: environment.PORT, host: environment.HOST });
  context.logger.info(
    { port: environment.PORT, role: environment.SWITCHYARD_ROLE },
    'Switchyard is listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    context.logger.info({ signal }, 'shutting down: finishing in-flight requests');
    // The worker lets running jobs finish for JOB_SHUTDOWN_TIMEOUT_MS, then hands them back: allow for that.
    const forced = setTimeout(() => process.exit(1), environment.JOB_SHUTDOWN_TIMEOUT_MS + 10_000).unref();
    await server.close();
    await worker?.close();
    await context.close();
    context.logger.info('stopped');
    context.logger.flush();
    clearTimeout(forced);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: Error) => {
  console.error(`Switchyard failed to start: ${error.message}`);
  process.exit(1);
});
