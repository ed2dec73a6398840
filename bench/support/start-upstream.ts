// The stand-in upstream every benchmark scenario shares: the OpenAI fake from test/fakes, answering at once,
// without recording calls. Prints its base URL on stdout, then serves until killed.
import { startFakeOpenAI } from '../../test/fakes/openai-server.js';

const fake = await startFakeOpenAI({ record: false });
process.stdout.write(`${fake.baseUrl}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
