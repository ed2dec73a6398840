import { recordAuditEvent } from '../../audit/record-audit-event.js';
import type { BudgetLedger, BudgetStatusLine } from '../../budgets/budget-ledger.js';
import { nanoToUsd } from '../../budgets/money.js';
import type { PrismaClient } from '../../db/create-prisma-client.js';
import type { ChatCommand } from '../../jobs/job-request.js';
import type { ProjectSettings } from '../../projects/project-settings.js';
import type { PullRequestStateStore } from '../create-pull-request-state-store.js';
import { renderCommandHelp } from './render-command-help.js';

export interface ChatCommandInput {
  command: ChatCommand;
  commandText?: string;
  requestedBy: string;
  platform: string;
  prefix: string;
  projectId: string;
  number: number;
  settings: ProjectSettings;
  states: PullRequestStateStore;
  ledger: BudgetLedger;
  prisma: PrismaClient;
  /** Per-run cap from `.switchyard.yml`, shown by `budget`. */
  perRunUsd?: number;
}

function formatUsd(nano: number): string {
  const usd = nanoToUsd(nano);
  return `$${usd > 0 && usd < 0.01 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

function describeLine(line: BudgetStatusLine): string {
  const period = line.period === 'day' ? `today (${line.periodKey}, UTC)` : `this month (${line.periodKey})`;
  const limit = line.limitNano === undefined ? 'no limit' : formatUsd(line.limitNano);
  const held = line.reservedNano > 0 ? ` (+${formatUsd(line.reservedNano)} held by running calls)` : '';
  return `| ${line.scope} | ${period} | ${formatUsd(line.spentNano)}${held} | ${limit} |`;
}

/** Answers the commands that call no model: help, pause, resume, budget and unknown ones. */
export async function runChatCommand(input: ChatCommandInput): Promise<string> {
  switch (input.command) {
    case 'help':
      return renderCommandHelp(input.prefix);
    case 'unknown':
      return renderCommandHelp(input.prefix, input.commandText ?? '');
    case 'pause':
    case 'resume': {
      const pause = input.command === 'pause';
      await input.states.setPaused(input.projectId, input.number, pause ? input.requestedBy : null);
      await recordAuditEvent(input.prisma, {
        actor: { type: 'platform-user', platform: input.platform, login: input.requestedBy },
        action: pause ? 'pull-request.pause' : 'pull-request.resume',
        target: { type: 'pull_request', id: String(input.number) },
        projectId: input.projectId,
        organizationId: input.settings.organizationId,
        details: { requestedBy: input.requestedBy },
      });
      return pause
        ? `Automatic reviews are paused on this pull request by @${input.requestedBy}. Commands still work; \`${input.prefix} resume\` starts them again.`
        : `Automatic reviews are running again on this pull request. The next push is reviewed.`;
    }
    case 'budget': {
      const lines = await input.ledger.readStatus({
        projectId: input.settings.projectId,
        organizationId: input.settings.organizationId,
        project: input.settings.limits.project,
        organization: input.settings.limits.organization,
      });
      const parts = ['#### Budget', ''];
      if (lines.length === 0) {
        parts.push('No budget limits are set for this project or its organization.');
      } else {
        parts.push(
          '| Scope | Period | Spent | Limit |',
          '| --- | --- | --- | --- |',
          ...lines.map(describeLine),
        );
      }
      if (input.perRunUsd !== undefined)
        parts.push('', `Each run may spend at most $${input.perRunUsd.toFixed(2)} (\`limits.perRunUsd\`).`);
      return parts.join('\n');
    }
  }
}
