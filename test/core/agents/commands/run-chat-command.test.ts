import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChatCommandInput, runChatCommand } from '../../../../core/agents/commands/run-chat-command.js';
import { createPullRequestStateStore } from '../../../../core/agents/create-pull-request-state-store.js';
import type { BudgetLedger, BudgetStatusLine } from '../../../../core/budgets/budget-ledger.js';
import { usdToNano } from '../../../../core/budgets/money.js';
import type { ChatCommand } from '../../../../core/jobs/job-request.js';
import { buildProjectSettings } from '../../../support/build-project-settings.js';
import { createTestPrisma } from '../../../support/test-resources.js';

const prisma = createTestPrisma();
const states = createPullRequestStateStore(prisma);
let projectId: string;
let organizationId: string;

beforeAll(async () => {
  const organization = await prisma.organization.create({ data: { name: 'chat-commands' } });
  const project = await prisma.project.create({
    data: { organizationId: organization.id, name: 'acme/chat-commands' },
  });
  projectId = project.id;
  organizationId = organization.id;
});
afterAll(() => prisma.$disconnect());

/** A ledger that only answers readStatus, with `lines`, and remembers what it was asked. */
function ledgerReporting(lines: BudgetStatusLine[]) {
  const subjects: unknown[] = [];
  const unused = () => Promise.reject(new Error('a chat command never reserves or settles'));
  const ledger: BudgetLedger = {
    reserve: unused,
    settle: unused,
    release: unused,
    async readStatus(subject) {
      subjects.push(subject);
      return lines;
    },
  };
  return { ledger, subjects };
}

function input(command: ChatCommand, overrides: Partial<ChatCommandInput> = {}): ChatCommandInput {
  return {
    command,
    requestedBy: 'octocat',
    platform: 'github',
    prefix: '/agent',
    projectId,
    number: 7,
    settings: buildProjectSettings({ overrides: { projectId, organizationId } }),
    states,
    ledger: ledgerReporting([]).ledger,
    prisma,
    ...overrides,
  };
}

describe('runChatCommand', () => {
  it('answers help with the command list in the repository’s prefix', async () => {
    const answer = await runChatCommand(input('help', { prefix: '@bot' }));
    expect(answer).toContain('`@bot review`');
    expect(answer).toContain('`@bot budget`');
  });

  it('answers an unknown command with the help text naming the word', async () => {
    const answer = await runChatCommand(input('unknown', { commandText: 'deploy' }));
    expect(answer).toContain('does not know the command `deploy`');
    expect(answer).toContain('`/agent help`');
  });

  it('answers the prefix alone by asking for a command', async () => {
    expect(await runChatCommand(input('unknown'))).toContain('needs a command after the prefix');
  });

  it('pauses automatic reviews of the pull request, remembering who paused them', async () => {
    const answer = await runChatCommand(input('pause', { number: 11, requestedBy: 'maintainer' }));
    expect(answer).toContain('paused on this pull request by @maintainer');
    expect(answer).toContain('`/agent resume`');
    const state = await states.read(projectId, 11);
    expect(state.pausedBy).toBe('maintainer');
    expect(state.pausedAt).toBeInstanceOf(Date);
    expect(await states.read(projectId, 12)).toEqual({
      pausedBy: undefined,
      pausedAt: undefined,
      lastReviewedSha: undefined,
    });
  });

  it('resumes automatic reviews that were paused', async () => {
    await runChatCommand(input('pause', { number: 13 }));
    const answer = await runChatCommand(input('resume', { number: 13 }));
    expect(answer).toContain('running again');
    expect((await states.read(projectId, 13)).pausedBy).toBeUndefined();
  });

  it('records pause and resume in the audit log under the platform user who asked', async () => {
    await runChatCommand(input('pause', { number: 21, requestedBy: 'Alice' }));
    await runChatCommand(input('resume', { number: 21, requestedBy: 'bob' }));
    const rows = await prisma.auditEvent.findMany({ where: { projectId, targetId: '21' } });
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'github:Alice',
          action: 'pull-request.pause',
          targetType: 'pull_request',
          organizationId,
          details: { requestedBy: 'Alice' },
        }),
        expect.objectContaining({ actor: 'github:bob', action: 'pull-request.resume', organizationId }),
      ]),
    );
  });

  it('shows each budget line as a table row with spent, held and limit', async () => {
    const { ledger, subjects } = ledgerReporting([
      {
        scope: 'project',
        scopeId: projectId,
        period: 'day',
        periodKey: '2025-03-04',
        limitNano: usdToNano(10),
        spentNano: usdToNano(1.5),
        reservedNano: usdToNano(0.25),
      },
      {
        scope: 'organization',
        scopeId: organizationId,
        period: 'month',
        periodKey: '2025-03',
        spentNano: usdToNano(0.005),
        reservedNano: 0,
      },
    ]);
    const answer = await runChatCommand(input('budget', { ledger }));
    expect(answer).toContain('| Scope | Period | Spent | Limit |');
    expect(answer).toContain(
      '| project | today (2025-03-04, UTC) | $1.50 (+$0.25 held by running calls) | $10.00 |',
    );
    expect(answer).toContain('| organization | this month (2025-03) | $0.0050 | no limit |');
    expect(subjects).toEqual([expect.objectContaining({ projectId, organizationId })]);
  });

  it('says no limits are set when the ledger has no budget lines', async () => {
    const answer = await runChatCommand(input('budget'));
    expect(answer).toContain('No budget limits are set for this project or its organization.');
    expect(answer).not.toContain('| Scope |');
  });

  it('adds the per-run cap of .switchyard.yml to the budget answer when there is one', async () => {
    expect(await runChatCommand(input('budget', { perRunUsd: 0.5 }))).toContain(
      'Each run may spend at most $0.50 (`limits.perRunUsd`).',
    );
  });
});
