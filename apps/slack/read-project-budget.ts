import type { BudgetStatusLine } from '../../core/budgets/budget-ledger.js';
import type { NamedProject } from './find-projects-by-name.js';
import type { SlackCommandServices } from './slack-command-services.js';

/** Spent and held amounts against each daily and monthly limit of a project and its organization. */
export async function readProjectBudget(
  services: Pick<SlackCommandServices, 'projectSettings' | 'ledger'>,
  project: Pick<NamedProject, 'projectId' | 'organizationId'>,
): Promise<BudgetStatusLine[]> {
  const settings = await services.projectSettings.get(project.projectId);
  return services.ledger.readStatus({
    projectId: project.projectId,
    organizationId: project.organizationId,
    project: settings.limits.project,
    organization: settings.limits.organization,
  });
}
