import type { BudgetSubject } from '../../budgets/budget-types.js';
import type { ProjectSettings } from '../../projects/project-settings.js';

/** The budget subject of a project, or undefined when no limit is set (nothing to reserve). */
export function budgetSubjectOf(settings: ProjectSettings): BudgetSubject | undefined {
  const { project, organization } = settings.limits;
  const limited = [
    project.dailyNano,
    project.monthlyNano,
    organization.dailyNano,
    organization.monthlyNano,
  ].some((limit) => limit !== undefined);
  return limited
    ? { projectId: settings.projectId, organizationId: settings.organizationId, project, organization }
    : undefined;
}
