import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { EnvironmentError, environmentSchema, loadEnvironment } from '../../../core/config/environment.js';
import { findProjectRoot } from '../../../core/config/project-root.js';

describe('the environment', () => {
  it('starts with the documented defaults when nothing is set', () => {
    const environment = loadEnvironment({});
    expect(environment.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/switchyard');
    expect(environment.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(environment.PORT).toBe(3000);
    expect(environment.ROUTER_DEFAULT_MODELS).toEqual(['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5']);
  });

  it('lists every malformed variable at once, naming each', () => {
    const attempt = () =>
      loadEnvironment({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        ADMIN_TOKEN: 'short',
        ROUTER_RATE_LIMITS: '{oops',
      });
    expect(attempt).toThrow(EnvironmentError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as EnvironmentError).problems.join('\n');
      expect(problems).toMatch(/^PORT is invalid/m);
      expect(problems).toMatch(/^DATABASE_URL is invalid: must be a postgresql:\/\/ URL/m);
      expect(problems).toMatch(/^ADMIN_TOKEN is invalid: must be at least 16 characters/m);
      expect(problems).toMatch(/^ROUTER_RATE_LIMITS is invalid: must be JSON/m);
    }
  });

  it('lets an explicit option win over the environment', () => {
    expect(loadEnvironment({ PORT: '4000' }, { PORT: '5000' }).PORT).toBe(5000);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(join(findProjectRoot(), '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const missing = Object.keys(environmentSchema.shape).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });
});
