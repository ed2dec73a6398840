import { formatUsd } from '../../core/agents/format/render-footer.js';
import type { BudgetStatusLine } from '../../core/budgets/budget-ledger.js';
import { nanoToUsd } from '../../core/budgets/money.js';
import { neutralizeSlackText as quote } from '../../integrations/slack/format-slack-text.js';
import type { NamedProject } from './find-projects-by-name.js';
import type { ProjectNameReference } from './parse-pull-request-url.js';
import { readProjectBudget } from './read-project-budget.js';
import type { SlackCommandServices, SlackInvocation } from './slack-command-services.js';

const shownProjects = 10;

function describeLine(line: BudgetStatusLine): string {
  const scope = line.scope === 'project' ? 'Project' : 'Organization';
  const period = line.period === 'day' ? `today (${line.periodKey}, UTC)` : `this month (${line.periodKey})`;
  const spent = formatUsd(nanoToUsd(line.spentNano));
  const held =
    line.reservedNano > 0 ? ` (+${formatUsd(nanoToUsd(line.reservedNano))} held by running calls)` : '';
  const limit = line.limitNano === undefined ? 'no limit' : `of ${formatUsd(nanoToUsd(line.limitNano))}`;
  const mark = line.limitNano !== undefined && line.spentNano >= line.limitNano ? ' :no_entry:' : '';
  return `• ${scope}, ${period}: ${spent}${held} ${limit}${mark}`;
}

async function describeProject(services: SlackCommandServices, project: NamedProject): Promise<string> {
  const lines = await readProjectBudget(services, project);
  const heading = `*${quote(project.name)}*`;
  if (lines.length === 0) return `${heading}\nNo budget limits are set for this project or its organization.`;
  return [heading, ...lines.map(describeLine)].join('\n');
}

/** `budget [project]`: spend and limits of one linked project, or of every project linked to the channel. */
export async function runBudgetCommand(
  services: SlackCommandServices,
  invocation: SlackInvocation,
  named: ProjectNameReference | undefined,
): Promise<string> {
  const linked = await services.store.listChannelProjects({
    teamId: invocation.teamId,
    channelId: invocation.channelId,
  });
  let projects = linked;
  if (named) {
    projects = linked.filter(
      (project) =>
        project.name.toLowerCase() === named.name.toLowerCase() &&
        (named.platform === undefined || project.platform === named.platform),
    );
    if (projects.length === 0) {
      return `\`${quote(named.name)}\` is not linked to this channel: budgets are shown for linked projects only (\`${services.command} link ${quote(named.name)}\`).`;
    }
  }
  if (projects.length === 0) {
    return `No project is linked to this channel yet: \`${services.command} link org/repo\` binds one.`;
  }
  const parts = await Promise.all(
    projects.slice(0, shownProjects).map((project) => describeProject(services, project)),
  );
  if (projects.length > shownProjects) {
    parts.push(
      `_…and ${projects.length - shownProjects} more: name one with \`${services.command} budget org/repo\`._`,
    );
  }
  return parts.join('\n\n');
}
